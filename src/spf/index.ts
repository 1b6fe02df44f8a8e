/**
 * SPF (RFC 7208): parse records, evaluate check_host() as a receiver does, and analyse a domain's
 * whole include tree. Every DNS answer comes through a {@link Resolver}.
 */

export type {
  SpfAnalysis,
  SpfFinding,
  SpfFindingSeverity,
  SpfNetworks,
  SpfNodeStatus,
  SpfNodeVia,
  SpfRecordSize,
  SpfTermAnalysis,
  SpfTermRef,
  SpfTreeNode,
} from "./analysis-types.ts";
export { analyzeSpf, type SpfAnalyzeOptions } from "./analyze.ts";
export { authorizes, type SpfAuthorization, type SpfAuthorizeOptions } from "./authorizes.ts";
export { SpfCache, type SpfCacheOptions } from "./cache.ts";
export { checkHost, type SpfCheckInput, type SpfCheckOptions } from "./check-host.ts";
export { DEFAULT_EXPLANATION } from "./explanation.ts";
export { DEFAULT_LIMITS, type SpfLimits } from "./limits.ts";
export {
  expandTokens,
  type MacroExpand,
  type MacroLetter,
  type MacroToken,
  type MacroValues,
  parseMacroString,
} from "./macro.ts";
export { formatSpf, formatTerm, isSpfRecord, parseSpf } from "./parse.ts";
export type {
  ParsedSpf,
  SpfCheckResult,
  SpfDnsEvidence,
  SpfErrorCode,
  SpfMatch,
  SpfMechanism,
  SpfMechanismName,
  SpfModifier,
  SpfParseError,
  SpfProblem,
  SpfQualifier,
  SpfResult,
  SpfTerm,
  SpfTraceStep,
} from "./types.ts";
export { DNS_MECHANISMS, SPF_RESULTS } from "./types.ts";
