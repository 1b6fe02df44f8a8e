/**
 * DMARC (RFC 7489, RFC 9989 "DMARCbis", RFC 9990 report destinations): record parser, policy
 * discovery (Public Suffix List or DNS Tree Walk), Identifier Alignment, evaluation and report
 * destination authorisation. No I/O but the Resolver. This barrel is the subpath
 * `email-auth-audit/dmarc`: exactly the public names of the DMARC module (docs/dmarc.md).
 *
 * ```ts
 * import { evaluateDmarc, parseDmarc } from "email-auth-audit/dmarc";
 * ```
 */

// Identifier Alignment of one domain pair (RFC 9989 §3.2.10, RFC 7489 §3.1).
export { alignmentMode, isAligned } from "./align.ts";
// `RFC 9989 §4.7` from a diagnostic's reference, for people.
export { formatRef } from "./diagnostic.ts";
// Policy discovery: which record applies to a From domain, by the method in force (RFC 9989 §4.10).
export { discoverDmarc } from "./discover.ts";
// A domain made comparable: lower case, no trailing dot, A-labels (RFC 9989 §5.3.1).
export { normalizeDmarcDomain } from "./domain.ts";
// Evaluation: does DMARC pass for a path's SPF and DKIM outcomes, and which policy applies.
export { type DmarcEvaluation, type DmarcEvaluationInput, evaluateDmarc, type IdentifierCheck } from "./evaluate.ts";
// The RFC5322.From domain of a From header field (RFC 9989 §4.4).
export { extractFromDomain, type FromDomainResult } from "./from-domain.ts";
// The `_dmarc` questions of one evaluation, asked once each; the DNS Tree Walk's names (RFC 9989 §4.10).
export { DmarcQueries, MAX_WALK_QUERIES, walkTargets } from "./lookup.ts";
// The Organizational Domain, by the Public Suffix List (RFC 7489) or the DNS Tree Walk (RFC 9989).
export { organizationalDomain, pslOrganizationalDomain, selectOrgDomain } from "./org-domain.ts";
// The record parser (RFC 9989 §4.7, RFC 7489 §6.3), strict or lenient.
export { parseDmarc } from "./parse.ts";
// External report destinations and their authorisation (RFC 9990 §3, RFC 7489 §7.1).
export { checkReportDestinations, DEFAULT_MAX_DESTINATIONS, type ReportDestinationOptions } from "./report-auth.ts";
export type {
  AppliedPolicy,
  DmarcDiscovery,
  DmarcDnsOptions,
  DmarcLookup,
  OrgDomainResult,
  ReportDestination,
  ReportDestinationsResult,
} from "./results.ts";
export type {
  AlignmentFlag,
  AlignmentMode,
  DmarcDiagnostic,
  DmarcDiagnosticCode,
  DmarcMode,
  DmarcParseOptions,
  DmarcParseResult,
  DmarcPolicy,
  DmarcRecord,
  DmarcResult,
  DmarcRfcRef,
  DmarcSpec,
  DmarcTag,
  DmarcTagName,
  DmarcUri,
  FailureOption,
  PolicyStatus,
} from "./types.ts";
// The closed lists: every diagnostic code, every result, every tag.
export { DMARC_DIAGNOSTIC_CODES, DMARC_RESULTS, DMARC_TAGS } from "./types.ts";
