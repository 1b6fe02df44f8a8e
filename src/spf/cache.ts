/**
 * A cache for evaluating many checks against the same domains (a bulk audit): each domain's SPF
 * record selection (RFC 7208 §4.4, §4.5), each record text's compiled form, and the answers SPF
 * terms need (A, AAAA, MX, PTR, TXT), each kept for its TTL. A warm check then asks nothing and
 * parses nothing; the answers are still in its trace, marked `cached`.
 */
import { type DnsEvidence, evidenceOf } from "../dns/evidence.ts";
import type { DnsAnswer } from "../dns/types.ts";
import { type CompiledRecord, compileRecord } from "./parse.ts";
import { type SpfSelection, selectSpfRecord } from "./record.ts";
import type { SpfTraceStep } from "./types.ts";

/** Shared entries end up in many results: freeze what callers can reach, so that no caller can change another's. */
function freezeParsed(compiled: CompiledRecord): void {
  const parsed = compiled.parsed;
  for (const term of parsed.terms) {
    Object.freeze(term.macros);
    Object.freeze(term);
  }
  for (const error of parsed.errors) Object.freeze(error);
  Object.freeze(parsed.terms);
  Object.freeze(parsed.errors);
  Object.freeze(parsed);
}

/** A domain's record selection, as the TXT answer that gave it. */
export interface CachedSelection {
  evidence: DnsEvidence;
  /** The trace step showing this answer (shared, frozen). */
  step: Readonly<SpfTraceStep>;
  selection: SpfSelection;
  /** The compiled record, when one was selected. */
  compiled?: CompiledRecord;
  /** The "record" trace steps of the selected record, by depth (shared, frozen). */
  recordSteps: Readonly<SpfTraceStep>[];
  /** Milliseconds (cache clock) after which the entry is stale. */
  expires: number;
}

/** Options of {@link SpfCache}. */
export interface SpfCacheOptions {
  /** Most entries of each kind kept; the oldest go first. Default 10,000. */
  maxEntries?: number;
  /** Upper bound on how long a domain's selection is kept, seconds (below the TTL). Default 3,600. */
  maxTtl?: number;
  /** Milliseconds clock. Default `Date.now`. */
  now?: () => number;
}

function bounded<K, V>(map: Map<K, V>, max: number): void {
  while (map.size > max) {
    const oldest = map.keys().next().value;
    if (oldest === undefined) return;
    map.delete(oldest);
  }
}

/** An answer kept for its TTL, with the trace step that shows it. */
export interface CachedAnswer {
  answer: DnsAnswer;
  step: Readonly<SpfTraceStep>;
  expires: number;
}

/** A bounded cache of SPF record selections and answers (for their TTL) and compiled records (by text). */
export class SpfCache {
  readonly #records = new Map<string, CompiledRecord>();
  readonly #domains = new Map<string, CachedSelection>();
  /** By type, then name: no key is built per lookup. */
  readonly #answers = new Map<string, Map<string, CachedAnswer>>();
  readonly #max: number;
  readonly #maxTtl: number;
  readonly #now: () => number;
  #hits = 0;
  #misses = 0;

  constructor(options: SpfCacheOptions = {}) {
    this.#max = Math.max(1, options.maxEntries ?? 10_000);
    this.#maxTtl = Math.max(0, options.maxTtl ?? 3_600);
    this.#now = options.now ?? Date.now;
  }

  /** The compiled form of a record, parsing it on first use. */
  get(text: string): CompiledRecord {
    const hit = this.#records.get(text);
    if (hit !== undefined) {
      this.#hits++;
      return hit;
    }
    this.#misses++;
    const compiled = compileRecord(text);
    freezeParsed(compiled);
    this.#records.set(text, compiled);
    bounded(this.#records, this.#max);
    return compiled;
  }

  /** The cache's clock, milliseconds (an evaluation reads it once). */
  clock(): number {
    return this.#now();
  }

  /** The cached record selection of a domain, if still fresh at `now`. */
  lookup(domain: string, now: number = this.#now()): CachedSelection | undefined {
    const entry = this.#domains.get(domain);
    if (entry === undefined) return undefined;
    if (entry.expires <= now) {
      this.#domains.delete(domain);
      return undefined;
    }
    return entry;
  }

  /**
   * Selects the SPF record of a TXT answer and remembers the selection for the answer's TTL (with
   * the trace step that will show it). Failures (SERVFAIL, timeouts) are never kept: they are
   * temperror, to be asked again.
   */
  select(domain: string, answer: DnsAnswer<"TXT">): { selection: SpfSelection; step?: Readonly<SpfTraceStep> } {
    const selection = selectSpfRecord(answer);
    if (selection.status !== "temperror") {
      const seconds = Math.min(answer.ttl, this.#maxTtl);
      if (seconds > 0) {
        // The same step as the answer's own entry, so that a check shows this answer once.
        const known = this.answer(domain, "TXT");
        const evidence = Object.freeze(evidenceOf(answer));
        const step: Readonly<SpfTraceStep> = known?.step ?? Object.freeze({ step: "dns", ...evidence, cached: true });
        const entry: CachedSelection = {
          evidence,
          step,
          selection: Object.freeze(selection),
          recordSteps: [],
          expires: this.#now() + seconds * 1000,
        };
        if (selection.status === "found") entry.compiled = this.get(selection.record);
        this.#domains.set(domain, entry);
        bounded(this.#domains, this.#max);
        return { selection, step };
      }
    }
    return { selection };
  }

  /** A fresh answer for (name, type) at `now`, if kept. */
  answer(name: string, type: string, now: number = this.#now()): CachedAnswer | undefined {
    const byName = this.#answers.get(type);
    const entry = byName?.get(name);
    if (entry === undefined) return undefined;
    if (entry.expires <= now) {
      byName?.delete(name);
      return undefined;
    }
    return entry;
  }

  /** Keeps an answer for its TTL (at most `maxTtl`); failures are never kept (RFC 7208 §4.4: temperror, ask again). */
  remember(name: string, type: string, answer: DnsAnswer): Readonly<SpfTraceStep> | undefined {
    if (answer.status !== "ok" && answer.status !== "nxdomain" && answer.status !== "nodata") return undefined;
    const seconds = Math.min(answer.ttl, this.#maxTtl);
    if (!(seconds > 0)) return undefined;
    const evidence = evidenceOf(answer);
    const step: SpfTraceStep = Object.freeze({ step: "dns", ...evidence, cached: true });
    let byName = this.#answers.get(type);
    if (byName === undefined) {
      byName = new Map();
      this.#answers.set(type, byName);
    }
    byName.set(name, { answer: Object.freeze(answer), step, expires: this.#now() + seconds * 1000 });
    bounded(byName, this.#max);
    return step;
  }

  /** Counters of the compiled-record cache, for tests and benchmarks. */
  stats(): { hits: number; misses: number; size: number; domains: number; answers: number } {
    let answers = 0;
    for (const byName of this.#answers.values()) answers += byName.size;
    return { hits: this.#hits, misses: this.#misses, size: this.#records.size, domains: this.#domains.size, answers };
  }
}
