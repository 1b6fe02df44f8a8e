/**
 * SPF (RFC 7208): parse records, evaluate check_host() as a receiver does, and analyse a domain's
 * whole include tree. Every DNS answer comes through a {@link Resolver}. This barrel is the
 * subpath `email-auth-audit/spf`: exactly the public names of the SPF module (docs/spf.md).
 *
 * ```ts
 * import { analyzeSpf, checkHost, parseSpf } from "email-auth-audit/spf";
 * ```
 */

// Static analysis of a domain's whole SPF tree (`analyzeSpf`): lookup counts, networks, findings.
export type {
  SpfAnalysis,
  SpfFinding,
  SpfFindingCode,
  SpfNetworks,
  SpfNodeStatus,
  SpfNodeVia,
  SpfRecordSize,
  SpfTermAnalysis,
  SpfTermProblemCode,
  SpfTermRef,
  SpfTreeNode,
} from "./analysis-types.ts";
// Every finding code of an analysis (a closed list).
export { SPF_FINDING_CODES } from "./analysis-types.ts";
export { analyzeSpf, type SpfAnalyzeOptions } from "./analyze.ts";
// The result for one client address, answered from an analysis (checkHost only where it is dynamic).
export { authorizes, type SpfAuthorization, type SpfAuthorizeOptions } from "./authorizes.ts";
// Warm mode for bulk checks: record selections, answers and compiled records kept for their TTL.
export { SpfCache, type SpfCacheOptions } from "./cache.ts";
// Evaluation as a receiver does it (RFC 7208 §4): `checkHost(input, options)`, its input, options
// and result, and the results themselves.
export { checkHost, type SpfCheckInput, type SpfCheckOptions } from "./check-host.ts";
// The default explanation on "fail" (RFC 7208 §6.2), a macro-string.
export { DEFAULT_EXPLANATION } from "./explanation.ts";
// The processing limits of RFC 7208 §4.6.4: 10 DNS-querying terms, 2 void lookups, 10 MX and PTR names.
export { DEFAULT_LIMITS, SPF_LOOKUP_LIMIT, SPF_VOID_LOOKUP_LIMIT, type SpfLimits } from "./limits.ts";
// Macro-strings (RFC 7208 §7): the parser, for tools that show what a term depends on.
export {
  type MacroExpand,
  type MacroLetter,
  type MacroSyntaxError,
  type MacroToken,
  type ParsedMacroString,
  parseMacroString,
} from "./macro.ts";
// Records: parse (RFC 7208 §4.6, §12), recognise (§4.5) and write back.
export { formatSpf, formatTerm, isSpfRecord, parseSpf } from "./parse.ts";
export type {
  ParsedSpf,
  SpfCheckResult,
  SpfErrorCode,
  SpfMatch,
  SpfMechanism,
  SpfMechanismName,
  SpfModifier,
  SpfParseError,
  SpfProblem,
  SpfProblemCode,
  SpfQualifier,
  SpfResult,
  SpfTerm,
  SpfTraceStep,
} from "./types.ts";
// The closed lists: every result (§2.6), every DNS-querying mechanism (§4.6.4), every problem code.
export { DNS_MECHANISMS, SPF_PROBLEM_CODES, SPF_RESULTS } from "./types.ts";
