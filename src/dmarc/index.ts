/**
 * DMARC (RFC 7489, RFC 9989 "DMARCbis", RFC 9990 report destinations): record parser, policy
 * discovery (Public Suffix List or DNS Tree Walk), Identifier Alignment, evaluation and report
 * destination authorisation. No I/O but the Resolver.
 */

export { alignmentMode, isAligned } from "./align.ts";
export { formatRef } from "./diagnostic.ts";
export { discoverDmarc } from "./discover.ts";
export { normalizeDomain } from "./domain.ts";
export { type DmarcEvaluation, type DmarcEvaluationInput, evaluateDmarc, type IdentifierCheck } from "./evaluate.ts";
export { extractFromDomain, type FromDomainResult } from "./from-domain.ts";
export { DmarcQueries, MAX_WALK_QUERIES, walkTargets } from "./lookup.ts";
export { organizationalDomain, pslOrganizationalDomain, selectOrgDomain } from "./org-domain.ts";
export { parseDmarc } from "./parse.ts";
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
  PolicyStatus,
  RfcRef,
  Severity,
} from "./types.ts";
export { DMARC_TAGS } from "./types.ts";
