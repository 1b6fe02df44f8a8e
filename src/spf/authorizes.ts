/**
 * `authorizes(analysis, ip, sender?)`: the SPF result for a client address, answered from an
 * analysis wherever the tree is static, and by checkHost() only where it is dynamic (macros,
 * ptr) — with the analysis' answers served first, so that only the missing questions reach DNS.
 */
import { ipv4FromMapped, type ParsedIp, parseIp } from "../common/cidr.ts";
import { failedAnswer } from "../dns/answer.ts";
import { normalizeName } from "../dns/names.ts";
import type { DnsAnswer, ResolveOptions, Resolver, RRType } from "../dns/types.ts";
import type { SpfAnalysis } from "./analysis-types.ts";
import type { SpfCache } from "./cache.ts";
import { checkHost } from "./check-host.ts";
import { answerOf } from "./evidence-answer.ts";
import { resolveLimits, type SpfLimits } from "./limits.ts";
import { answerMap, evaluateStatically } from "./static-eval.ts";
import type { SpfCheckResult, SpfMatch, SpfProblem, SpfResult } from "./types.ts";

/** Options of {@link authorizes}. */
export interface SpfAuthorizeOptions {
  /** Used only for questions the analysis has no answer for (dynamic terms). */
  resolver?: Resolver;
  /** The HELO name, for %{h} in dynamic terms. */
  helo?: string;
  limits?: SpfLimits;
  cache?: SpfCache;
  signal?: AbortSignal;
}

/** The answer of {@link authorizes}. */
export interface SpfAuthorization {
  result: SpfResult;
  /** "analysis": decided from the analysis alone; "check-host": a dynamic part needed a full evaluation. */
  source: "analysis" | "check-host";
  matched?: SpfMatch;
  problem?: SpfProblem;
  /** DNS-querying terms and void lookups a receiver counts for this client. */
  dnsLookups: number;
  voidLookups: number;
  /** Why the analysis could not decide alone (source "check-host"). */
  fallbackReason?: string;
  /** The full evaluation, when one was needed. */
  check?: SpfCheckResult;
}

/** A resolver that answers from the analysis, and asks `inner` (if any) for anything else. */
function evidenceResolver(analysis: SpfAnalysis, inner: Resolver | undefined): Resolver {
  const answers = answerMap(analysis);
  return {
    async resolve<T extends RRType>(name: string, type: T, options?: ResolveOptions): Promise<DnsAnswer<T>> {
      const e = answers.get(`${normalizeName(name)}|${type}`);
      if (e !== undefined) return answerOf(e, type);
      if (inner !== undefined) return inner.resolve(name, type, options);
      return failedAnswer(name, type, "error", "not in the analysis, and no resolver was given to authorizes()");
    },
  };
}

/**
 * The result a receiver would give `ip` (and `sender`, for macros) for the analysed domain.
 * Static parts of the tree are answered from the analysis, with the §4.6.4 counters applied as a
 * receiver applies them for this client; dynamic parts fall back to checkHost(). The explanation
 * of a "fail" is not computed here (use checkHost() for it).
 */
export async function authorizes(
  analysis: SpfAnalysis,
  ip: string,
  sender?: string,
  options: SpfAuthorizeOptions = {},
): Promise<SpfAuthorization> {
  let parsed: ParsedIp | undefined = typeof ip === "string" ? parseIp(ip.trim()) : undefined;
  if (parsed === undefined) {
    return {
      result: "permerror",
      source: "analysis",
      dnsLookups: 0,
      voidLookups: 0,
      problem: {
        code: "invalid-ip",
        message: `${JSON.stringify(ip)} is not an IP address`,
        domain: analysis.domain,
        rfc: "RFC 7208 §4.1",
      },
    };
  }
  if (parsed.family === 6) {
    const v4 = ipv4FromMapped(parsed.value);
    if (v4 !== undefined) parsed = { family: 4, value: v4 };
  }
  const limits = resolveLimits(options.limits);
  const outcome = evaluateStatically(analysis, parsed, limits);
  if (outcome.kind === "result") {
    const out: SpfAuthorization = {
      result: outcome.result,
      source: "analysis",
      dnsLookups: outcome.dnsLookups,
      voidLookups: outcome.voidLookups,
    };
    if (outcome.matched !== undefined) out.matched = outcome.matched;
    if (outcome.problem !== undefined) out.problem = outcome.problem;
    return out;
  }
  const check = await checkHost(
    { ip, domain: analysis.domain, sender: sender ?? `postmaster@${analysis.domain}`, helo: options.helo ?? "" },
    {
      resolver: evidenceResolver(analysis, options.resolver),
      limits,
      ...(options.cache ? { cache: options.cache } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    },
  );
  const out: SpfAuthorization = {
    result: check.result,
    source: "check-host",
    dnsLookups: check.dnsLookups,
    voidLookups: check.voidLookups,
    fallbackReason: outcome.reason,
    check,
  };
  if (check.matched !== undefined) out.matched = check.matched;
  if (check.problem !== undefined) out.problem = check.problem;
  return out;
}
