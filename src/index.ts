/**
 * email-auth-audit: audits an organisation's DNS email authentication (SPF, DKIM, DMARC) against
 * the way it really sends mail.
 *
 * This file is the public API: everything a consumer may import is exported here, nothing else.
 * @packageDocumentation
 */

// The audit
export { type AuditOptions, audit, type CheckOptions, checkDomain } from "./audit/api.ts";
export type { AuditFacts, DiscoveredKey, DomainFacts, PathFacts, SignatureFacts } from "./audit/facts.ts";
export { reportSchema } from "./audit/report-schema.ts";
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
export {
  type BulkRunOutcome,
  type CheckDomainsOptions,
  checkDomains,
  checkOne,
  createBulkWriter,
  type DomainInput,
  type RunBulkOptions,
  readDomainList,
  runBulk,
} from "./bulk/index.ts";
export {
  type Cidr,
  cidrContains,
  formatCidr,
  formatIp,
  type IpFamily,
  type ParsedIp,
  parseCidr,
  parseIp,
} from "./common/cidr.ts";
export { type IpRange, type IpSet, mergeCidrs } from "./common/ip-set.ts";
export type { SchemaProblem } from "./common/json-schema.ts";
export { DKIM_DIAGNOSTICS, type DkimDiagnosticCode } from "./dkim/diagnostics.ts";
export {
  type DiscoveredSelector,
  type DiscoverSelectorsOptions,
  discoverSelectors,
  type SelectorDiscovery,
  type SelectorOrigin,
} from "./dkim/discover.ts";
// DKIM: key records, key lookups, selector discovery, message verification (RFC 6376, RFC 8301, RFC 8463).
export { parseDkimKey } from "./dkim/key-record.ts";
export { type LookupDkimKeyOptions, lookupDkimKey } from "./dkim/lookup.ts";
export {
  type MailauthDnsError,
  type MailauthRecords,
  type MailauthResolverFunction,
  type MailauthResolverOptions,
  type NodeMxRecord,
  toMailauthResolver,
} from "./dkim/mailauth-resolver.ts";
export { builtinProviderOf, DKIM_TARGET_PATTERNS, type TargetPattern } from "./dkim/provider-targets.ts";
export { COMMON_SELECTORS, datedSelectors, PROVIDER_SELECTORS, type SelectorCandidate } from "./dkim/selectors.ts";
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
export { DEFAULT_MAX_SIGNATURES, verifyMessage } from "./dkim/verify-message.ts";
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
// DMARC: record parser, policy discovery (PSL and RFC 9989 tree walk), alignment, evaluation, report destinations.
export {
  alignmentMode,
  checkReportDestinations,
  DEFAULT_MAX_DESTINATIONS,
  DMARC_TAGS,
  DmarcQueries,
  discoverDmarc,
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
export { joinTxt, resolveSafely } from "./dns/answer.ts";
export { type QueryBudgetOptions, QueryBudgetResolver, type QueryLogEntry } from "./dns/budget.ts";
export { type CacheStats, CachingResolver, type CachingResolverOptions } from "./dns/cache.ts";
export { DohResolver, type DohResolverOptions, type FetchLike } from "./dns/doh.ts";
export { FixtureResolver, type FixtureResolverOptions } from "./dns/fixture/resolver.ts";
export { dnsFixtureSchema } from "./dns/fixture/schema.ts";
export type { DnsFixture, FixtureFailure, FixtureMx, FixtureOwner, FixtureTxt } from "./dns/fixture/types.ts";
export { FixtureError, validateFixture } from "./dns/fixture/validate.ts";
export { normalizeName, reverseName } from "./dns/names.ts";
export { RecordingResolver } from "./dns/recording.ts";
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
export type { ServerAddress } from "./dns/wire/address.ts";
export { DnsResolver, type DnsResolverOptions } from "./dns/wire/resolver.ts";
// Organisation and provider catalog
export {
  formatProblem,
  type LoadOrgOptions,
  loadOrg,
  loadOrgFile,
  OrgError,
  type ValidateOrgOptions,
  validateOrg,
} from "./org/load.ts";
export { detectFormat, type OrgFormat } from "./org/parse.ts";
export {
  type MailFromSource,
  type PathPlan,
  type PlannedMailFrom,
  type PlannedSignature,
  type PlannedVia,
  type ProviderSpfPlan,
  planPaths,
  type SpfRequirement,
} from "./org/plan.ts";
export { orgSchema } from "./org/schema.ts";
export type {
  DkimSignature,
  Organisation,
  OrgDomain,
  OrgProblem,
  PathVia,
  ProviderAccount,
  SendingPath,
  SmartHost,
} from "./org/types.ts";
export { CatalogError, createCatalog, getProvider, providerCatalog, validateProviderEntry } from "./providers/index.ts";
export {
  identifyProviders,
  type ProviderEvidence,
  type ProviderEvidenceInput,
  type ProviderMatch,
} from "./providers/match.ts";
export { providerEntrySchema } from "./providers/schema.ts";
export {
  conditionsHold,
  resolveSettings,
  type SettingProblem,
  type SettingValues,
  settingProblems,
} from "./providers/settings.ts";
export {
  dashDomain,
  domainValues,
  expandTemplate,
  type MatcherOptions,
  matchesTemplate,
  type NameMatcher,
  normalizeTemplate,
  type TemplateCaptures,
  type TemplateValues,
  templateMatcher,
  templatePlaceholders,
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
  Sourced,
  SpfFact,
  SpfIncludeFact,
  SpfMechanismFact,
  SpfPlacement,
} from "./providers/types.ts";
export { formatBulk } from "./report/bulk.ts";
export { bulkReportSchema } from "./report/bulk-schema.ts";
export {
  type BulkReport,
  type BulkSummary,
  type CheckedDomain,
  type DomainResult,
  type NotCheckedDomain,
  type NotFoundDomain,
  summariseBulk,
} from "./report/bulk-types.ts";
export { formatHtml } from "./report/html.ts";
export { FORMAT_NAMES, type FormatName, formatters, isFormatName } from "./report/index.ts";
export { formatJson } from "./report/json.ts";
export { formatMarkdown } from "./report/markdown.ts";
export { formatSarif, type SarifFailure, sarifLog } from "./report/sarif.ts";
export { formatText } from "./report/text.ts";
// Reports
export type { FormatOptions, Formatter } from "./report/types.ts";
export { type AuditRule, defineRule } from "./rules/define.ts";
export { renderRuleDoc, renderRuleIndex } from "./rules/docs.ts";
export { type RuleSelection, runRules, selectRules } from "./rules/engine.ts";
// Rules
export { getRule, rules } from "./rules/index.ts";
export type {
  Evidence,
  Finding,
  Reference,
  Report,
  Rule,
  RuleContext,
  RuleMeta,
  RuleScope,
  Severity as FindingSeverity,
} from "./rules/types.ts";
export { SEVERITIES } from "./rules/types.ts";
// SPF (RFC 7208): parser, check_host(), static analysis of a domain's SPF tree; IP/CIDR helpers.
export * from "./spf/index.ts";
