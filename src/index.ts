/**
 * email-auth-audit: audits an organisation's DNS email authentication (SPF, DKIM, DMARC) against
 * the way it really sends mail.
 *
 * This file is the public API: everything a consumer may import is exported here, nothing else.
 * @packageDocumentation
 */

// DNS: the Resolver interface, its drivers and wrappers.
export type {
  DnsAnswer,
  DnsStatus,
  KnownRRType,
  MxRecord,
  RecordOf,
  RecordShapes,
  ResolveOptions,
  Resolver,
  RRType,
} from "./dns/types.ts";
export { DNS_STATUSES } from "./dns/types.ts";
export { resolveSafely, joinTxt } from "./dns/answer.ts";
export { normalizeName, reverseName } from "./dns/names.ts";
export { FixtureResolver, type FixtureResolverOptions } from "./dns/fixture/resolver.ts";
export { FixtureError, validateFixture } from "./dns/fixture/validate.ts";
export { dnsFixtureSchema } from "./dns/fixture/schema.ts";
export type { DnsFixture, FixtureFailure, FixtureMx, FixtureOwner, FixtureTxt } from "./dns/fixture/types.ts";
export { DnsResolver, type DnsResolverOptions } from "./dns/wire/resolver.ts";
export type { ServerAddress } from "./dns/wire/address.ts";
export { DohResolver, type DohResolverOptions, type FetchLike } from "./dns/doh.ts";
export { CachingResolver, type CachingResolverOptions, type CacheStats } from "./dns/cache.ts";
export { RecordingResolver } from "./dns/recording.ts";
export { QueryBudgetResolver, type QueryBudgetOptions, type QueryLogEntry } from "./dns/budget.ts";
export type { SchemaProblem } from "./common/json-schema.ts";

// Organisation and provider catalog
export { loadOrg, loadOrgFile, validateOrg, formatProblem, OrgError, type LoadOrgOptions, type ValidateOrgOptions } from "./org/load.ts";
export { detectFormat, type OrgFormat } from "./org/parse.ts";
export { orgSchema } from "./org/schema.ts";
export type { DkimSignature, Organisation, OrgDomain, OrgProblem, PathVia, ProviderAccount, SendingPath, SmartHost } from "./org/types.ts";
export {
  planPaths,
  type MailFromSource,
  type PathPlan,
  type PlannedMailFrom,
  type PlannedSignature,
  type PlannedVia,
  type ProviderSpfPlan,
  type SpfRequirement,
} from "./org/plan.ts";
export { CatalogError, createCatalog, getProvider, providerCatalog, validateProviderEntry } from "./providers/index.ts";
export { providerEntrySchema } from "./providers/schema.ts";
export { identifyProviders, type ProviderEvidence, type ProviderEvidenceInput, type ProviderMatch } from "./providers/match.ts";
export { conditionsHold, resolveSettings, settingProblems, type SettingProblem, type SettingValues } from "./providers/settings.ts";
export {
  dashDomain,
  domainValues,
  expandTemplate,
  matchesTemplate,
  normalizeTemplate,
  templateMatcher,
  templatePlaceholders,
  type MatcherOptions,
  type NameMatcher,
  type TemplateCaptures,
  type TemplateValues,
} from "./providers/template.ts";
export type {
  Confidence,
  DetectPatterns,
  DkimDefaultSigningFact,
  DkimFact,
  DkimSelectorFact,
  DnsRequirement,
  FactSource,
  MailFromCustomFact,
  MailFromDefaultFact,
  MailFromFact,
  MxFact,
  ProviderCatalog,
  ProviderEntry,
  ProviderKind,
  SettingCondition,
  SettingSpec,
  SpfFact,
  SpfIncludeFact,
  SpfMechanismFact,
  SpfPlacement,
  Sourced,
} from "./providers/types.ts";

// Reports
export type { FormatOptions, Formatter } from "./report/types.ts";
export { FORMAT_NAMES, formatters, isFormatName, type FormatName } from "./report/index.ts";
export { formatText } from "./report/text.ts";
export { formatJson } from "./report/json.ts";
export { formatMarkdown } from "./report/markdown.ts";
export { formatSarif, sarifLog, type SarifFailure } from "./report/sarif.ts";
export { formatHtml } from "./report/html.ts";
export { formatBulk } from "./report/bulk.ts";
export { bulkReportSchema } from "./report/bulk-schema.ts";
export { summariseBulk, type BulkChecked, type BulkEntry, type BulkFailed, type BulkReport } from "./report/bulk-types.ts";
export { checkDomains, type CheckDomainsOptions, type DomainInput } from "./cli/check-domains.ts";

// DMARC: record parser, policy discovery (PSL and RFC 9989 tree walk), alignment, evaluation, report destinations.
export {
  alignmentMode,
  checkReportDestinations,
  DEFAULT_MAX_DESTINATIONS,
  discoverDmarc,
  DMARC_TAGS,
  DmarcQueries,
  evaluateDmarc,
  extractFromDomain,
  formatRef,
  isAligned,
  MAX_WALK_QUERIES,
  normalizeDomain as normalizeDmarcDomain,
  organizationalDomain,
  parseDmarc,
  pslOrganizationalDomain,
  selectOrgDomain,
  walkTargets,
} from "./dmarc/index.ts";
export type {
  AlignmentFlag,
  AlignmentMode,
  AppliedPolicy,
  DmarcDiagnostic,
  DmarcDiscovery,
  DmarcDnsOptions,
  DmarcEvaluation,
  DmarcEvaluationInput,
  DmarcLookup,
  DmarcMode,
  DmarcParseOptions,
  DmarcParseResult,
  DmarcPolicy,
  DmarcRecord,
  DmarcSpec,
  DmarcTag,
  DmarcTagName,
  DmarcUri,
  FailureOption,
  FromDomainResult,
  IdentifierCheck,
  OrgDomainResult,
  PolicyStatus,
  ReportDestination,
  ReportDestinationOptions,
  ReportDestinationsResult,
  RfcRef,
  Severity,
} from "./dmarc/index.ts";

// DKIM: key records, key lookups, selector discovery, message verification (RFC 6376, RFC 8301, RFC 8463).
export { parseDkimKey } from "./dkim/key-record.ts";
export { lookupDkimKey, type LookupDkimKeyOptions } from "./dkim/lookup.ts";
export {
  discoverSelectors,
  type DiscoveredSelector,
  type DiscoverSelectorsOptions,
  type SelectorDiscovery,
  type SelectorOrigin,
} from "./dkim/discover.ts";
export { COMMON_SELECTORS, PROVIDER_SELECTORS, datedSelectors, type SelectorCandidate } from "./dkim/selectors.ts";
export { DKIM_TARGET_PATTERNS, builtinProviderOf, type TargetPattern } from "./dkim/provider-targets.ts";
export { DKIM_DIAGNOSTICS, type DkimDiagnosticCode } from "./dkim/diagnostics.ts";
export { verifyMessage, DEFAULT_MAX_SIGNATURES } from "./dkim/verify-message.ts";
export type {
  DkimResultName,
  DkimSignatureResult,
  DmarcHook,
  DmarcHookInput,
  DmarcOutcome,
  DmarcPolicyName,
  DmarcResultName,
  SpfHook,
  SpfHookInput,
  SpfOutcome,
  SpfResultName,
  VerifyMessageOptions,
  VerifyMessageResult,
} from "./dkim/verify-types.ts";
export {
  toMailauthResolver,
  type MailauthDnsError,
  type MailauthRecords,
  type MailauthResolverFunction,
  type MailauthResolverOptions,
  type NodeMxRecord,
} from "./dkim/mailauth-resolver.ts";
export type {
  DkimDiagnostic,
  DkimKeyEncoding,
  DkimKeyLookup,
  DkimKeyRecord,
  DkimKeyStatus,
  DkimKeyType,
  DkimPublicKey,
  DkimSeverity,
  DnsEvidence,
} from "./dkim/types.ts";

// The audit
export { audit, checkDomain, type AuditOptions, type CheckOptions } from "./audit/api.ts";
export type {
  AuditReport,
  DkimResultName as AuditDkimResult,
  DmarcResultName as AuditDmarcResult,
  DomainReport,
  PathVerdict,
  PathVia as ReportPathVia,
  SeverityCounts,
  SpfIpResult,
  SpfResultName as AuditSpfResult,
  SpfTreeNode as ReportSpfTreeNode,
} from "./audit/report-types.ts";
export { reportSchema } from "./audit/report-schema.ts";
export type { AuditFacts, DomainFacts, PathFacts, SignatureFacts, DiscoveredKey } from "./audit/facts.ts";

// Rules
export { rules, getRule } from "./rules/index.ts";
export { runRules, selectRules, type RuleSelection } from "./rules/engine.ts";
export { defineRule, type AuditRule } from "./rules/define.ts";
export { renderRuleDoc, renderRuleIndex } from "./rules/docs.ts";
export type { Evidence, Finding, Reference, Report, Rule, RuleContext, RuleMeta, RuleScope, Severity as FindingSeverity } from "./rules/types.ts";
export { SEVERITIES } from "./rules/types.ts";

// SPF (RFC 7208): parser, check_host(), static analysis of a domain's SPF tree; IP/CIDR helpers.
export * from "./spf/index.ts";
export {
  type Cidr,
  type IpFamily,
  type ParsedIp,
  cidrContains,
  formatCidr,
  formatIp,
  parseCidr,
  parseIp,
} from "./common/cidr.ts";
export { type IpRange, type IpSet, mergeCidrs } from "./common/ip-set.ts";
