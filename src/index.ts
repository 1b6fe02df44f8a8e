/**
 * email-auth-audit: audits an organisation's email authentication (SPF, DKIM, DMARC) and transport
 * security against the way it really sends mail.
 *
 * The package root holds what a service needs: the audit and the domain check, the organisation
 * description, the resolvers, the report, its formats and the rules. Each protocol and input has
 * its own subpath (`email-auth-audit/spf`, `/dkim`, `/dmarc`, `/dns`, `/message`, `/providers`,
 * `/exchange`, `/reports`, `/transport`); docs/api.md lists every public name and where it is
 * exported. A test checks this list against `test/package/root-exports.json`.
 *
 * @packageDocumentation
 */

// The audit and the domain check.
export { type AuditOptions, audit, type CheckOptions, checkDomain } from "./audit/api.ts";
// Fix plans, proven by re-auditing over the changes (docs/plan.md), and baselines.
export { type Baseline, baselineSchema, createBaseline, readBaseline } from "./audit/baseline.ts";
export { reportSchema } from "./audit/report-schema.ts";
export type { AuditReport, DomainReport, SpfTreeNode } from "./audit/report-types.ts";
// Many domains at once (the rest of bulk checks, its formats and its result types: `email-auth-audit/bulk`).
export {
  type BulkReport,
  type CheckDomainsOptions,
  checkDomains,
  type DomainInput,
  type DomainResult,
} from "./bulk/index.ts";
export type { Severity, SeverityCounts } from "./common/severity.ts";
export { atLeast, SEVERITIES, severityRank } from "./common/severity.ts";
// Where DNS answers come from (the rest of the DNS layer: `email-auth-audit/dns`).
export { resolveSafely } from "./dns/answer.ts";
export { QueryBudgetResolver } from "./dns/budget.ts";
export { CachingResolver } from "./dns/cache.ts";
export { DohResolver } from "./dns/doh.ts";
export type { DnsEvidence } from "./dns/evidence.ts";
export { FixtureResolver } from "./dns/fixture/resolver.ts";
export { FixtureError } from "./dns/fixture/validate.ts";
export { OverlayResolver } from "./dns/overlay.ts";
export type { DnsChange, OverlayConflict } from "./dns/overlay-changes.ts";
export { RecordingResolver } from "./dns/recording.ts";
export type { DnsAnswer, DnsErrorCause, DnsStatus, Resolver, RRType } from "./dns/types.ts";
export { DnsResolver } from "./dns/wire/resolver.ts";
export type { Evidence, ObservationKind, ObservedEvidence } from "./facts/evidence.ts";
export type { ProbeOptions } from "./facts/probes.ts";
export type { ReportsInput } from "./facts/report-types.ts";
export type { FactState } from "./facts/state.ts";
export type { TransportOptions } from "./facts/transport.ts";
export type { DiscoveredKey, DomainFacts, GatheredFacts, GatheredPath, SignatureFacts } from "./facts/types.ts";
// The organisation description.
export {
  formatProblem,
  type LoadOrgOptions,
  loadOrg,
  loadOrgFile,
  OrgError,
  type ValidateOrgOptions,
  validateOrg,
} from "./org/load.ts";
export {
  type MailFromSource,
  type PathPlan,
  type PlannedMailFrom,
  type PlannedSignature,
  planPaths,
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
export { plan } from "./plan/plan.ts";
export { planSchema } from "./plan/schema.ts";
export type { ManualStep, Plan, PlanChange, PlanOptions, RemainingFinding } from "./plan/types.ts";
// The report's formats.
export { formatHtml } from "./report/html.ts";
export { FORMAT_NAMES, type FormatName, formatters } from "./report/index.ts";
export { formatJson } from "./report/json.ts";
export { formatMarkdown } from "./report/markdown.ts";
export { PLAN_FORMAT_NAMES, type PlanFormatName, planFormatters } from "./report/plan-formats.ts";
export { formatSarif } from "./report/sarif.ts";
export { formatText } from "./report/text.ts";
export type { FormatOptions, Formatter } from "./report/types.ts";
// The rules.
export { type AuditRule, defineRule } from "./rules/define.ts";
export type { RuleSelection } from "./rules/engine.ts";
export { getRule, rules } from "./rules/index.ts";
export type {
  Finding,
  Reference,
  Report,
  RuleContext,
  RuleMeta,
  RuleScope,
  SeverityAdjustment,
} from "./rules/types.ts";
export type { AlignedState, AuditFacts, PathFacts, PathVerdict, SpfIpResult, VerdictVia } from "./verdicts/types.ts";
