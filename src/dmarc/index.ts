/**
 * DMARC (RFC 7489, RFC 9989 "DMARCbis", RFC 9990 report destinations): record parser, policy
 * discovery (Public Suffix List or DNS Tree Walk), Identifier Alignment, evaluation and report
 * destination authorisation. No I/O but the Resolver.
 */
export { parseDmarc } from "./parse.ts";
export { discoverDmarc } from "./discover.ts";
export { evaluateDmarc, type DmarcEvaluation, type DmarcEvaluationInput, type IdentifierCheck } from "./evaluate.ts";
export { organizationalDomain, pslOrganizationalDomain, selectOrgDomain } from "./org-domain.ts";
export { isAligned, alignmentMode } from "./align.ts";
export { checkReportDestinations, DEFAULT_MAX_DESTINATIONS, type ReportDestinationOptions } from "./report-auth.ts";
export { extractFromDomain, type FromDomainResult } from "./from-domain.ts";
export { DmarcQueries, walkTargets, MAX_WALK_QUERIES } from "./lookup.ts";
export { normalizeDomain } from "./domain.ts";
export { formatRef } from "./diagnostic.ts";
export { DMARC_TAGS } from "./types.ts";
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
export type {
  AppliedPolicy,
  DmarcDiscovery,
  DmarcDnsOptions,
  DmarcLookup,
  OrgDomainResult,
  ReportDestination,
  ReportDestinationsResult,
} from "./results.ts";
