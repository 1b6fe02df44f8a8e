/**
 * The processing limits of RFC 7208 §4.6.4, and the counters that enforce them during one
 * check_host() evaluation. The counting rules are written out, with the RFC sentence for each, in
 * docs/spf.md ("How lookups are counted").
 */
import type { SpfProblem } from "./types.ts";

/** Limits of one evaluation; every field defaults to the RFC value. */
export interface SpfLimits {
  /** DNS-querying terms (include, a, mx, ptr, exists, redirect) per check. §4.6.4: 10. */
  maxDnsLookups?: number;
  /** Void lookups (NXDOMAIN or NOERROR with no answer) per check. §4.6.4: SHOULD be 2. */
  maxVoidLookups?: number;
  /** MX records looked up per "mx" mechanism; more is permerror. §4.6.4: 10. */
  maxMxNames?: number;
  /** PTR records validated per "ptr" mechanism or %{p} macro; the rest are ignored. §4.6.4: 10. */
  maxPtrNames?: number;
  /** Elapsed time for the whole evaluation, milliseconds; past it the result is temperror. §4.6.4: at least 20 s. */
  timeoutMs?: number;
}

/** The limits with every default filled in. */
export type ResolvedLimits = Required<SpfLimits>;

/**
 * RFC 7208 §4.6.4: "SPF implementations MUST limit the total number of those terms to 10 during
 * SPF evaluation". The one definition of the limit: the evaluator, the analysis and the reports use it.
 */
export const SPF_LOOKUP_LIMIT = 10;

/** RFC 7208 §4.6.4: "SPF implementations SHOULD limit "void lookups" to two." */
export const SPF_VOID_LOOKUP_LIMIT = 2;

/** RFC 7208 §4.6.4 values. */
export const DEFAULT_LIMITS: Readonly<ResolvedLimits> = Object.freeze({
  maxDnsLookups: SPF_LOOKUP_LIMIT,
  maxVoidLookups: SPF_VOID_LOOKUP_LIMIT,
  maxMxNames: 10,
  maxPtrNames: 10,
  timeoutMs: 20_000,
});

/** Hard ceilings, so that a configured limit can never make an evaluation unbounded. */
const CEILING: ResolvedLimits = {
  maxDnsLookups: 100,
  maxVoidLookups: 100,
  maxMxNames: 100,
  maxPtrNames: 100,
  timeoutMs: 600_000,
};

function clamp(value: number | undefined, fallback: number, ceiling: number): number {
  if (typeof value !== "number" || Number.isNaN(value)) return fallback;
  return Math.max(0, Math.min(Math.floor(value), ceiling));
}

/** Fills in defaults and clamps every limit to a finite ceiling. */
export function resolveLimits(limits: SpfLimits | undefined): ResolvedLimits {
  if (limits === undefined) return DEFAULT_LIMITS;
  return {
    maxDnsLookups: clamp(limits?.maxDnsLookups, DEFAULT_LIMITS.maxDnsLookups, CEILING.maxDnsLookups),
    maxVoidLookups: clamp(limits?.maxVoidLookups, DEFAULT_LIMITS.maxVoidLookups, CEILING.maxVoidLookups),
    maxMxNames: clamp(limits?.maxMxNames, DEFAULT_LIMITS.maxMxNames, CEILING.maxMxNames),
    maxPtrNames: clamp(limits?.maxPtrNames, DEFAULT_LIMITS.maxPtrNames, CEILING.maxPtrNames),
    timeoutMs: clamp(limits?.timeoutMs, DEFAULT_LIMITS.timeoutMs, CEILING.timeoutMs),
  };
}

/** Ends an evaluation with permerror or temperror; thrown inside the evaluator, caught by checkHost(). */
export class SpfStop {
  readonly result: "permerror" | "temperror";
  readonly problem: SpfProblem;
  constructor(result: "permerror" | "temperror", problem: SpfProblem) {
    this.result = result;
    this.problem = problem;
  }
}

/** The §4.6.4 counters of one evaluation (shared by the checked domain, its includes and redirects). */
export class LookupCounters {
  lookups = 0;
  voids = 0;
  readonly #limits: ResolvedLimits;

  constructor(limits: ResolvedLimits) {
    this.#limits = limits;
  }

  /**
   * Counts a DNS-querying term before its query is made. §4.6.4: "SPF implementations MUST limit
   * the total number of those terms to 10 during SPF evaluation ... If this limit is exceeded,
   * the implementation MUST return "permerror"."
   */
  countTerm(domain: string, term: string): void {
    this.lookups++;
    if (this.lookups > this.#limits.maxDnsLookups) {
      throw new SpfStop("permerror", {
        code: "lookup-limit",
        message: `more than ${this.#limits.maxDnsLookups} DNS-querying terms: "${term}" in ${domain} is number ${this.lookups}`,
        domain,
        term,
        rfc: "RFC 7208 §4.6.4",
      });
    }
  }

  /**
   * Counts a void lookup. §4.6.4: "SPF implementations SHOULD limit "void lookups" to two. ...
   * Exceeding the limit produces a "permerror" result."
   */
  countVoid(domain: string, term: string, name: string): void {
    this.voids++;
    if (this.voids > this.#limits.maxVoidLookups) {
      throw new SpfStop("permerror", {
        code: "void-lookup-limit",
        message: `more than ${this.#limits.maxVoidLookups} void lookups: "${term}" in ${domain} found nothing at ${name} (void lookup number ${this.voids})`,
        domain,
        term,
        rfc: "RFC 7208 §4.6.4",
      });
    }
  }
}
