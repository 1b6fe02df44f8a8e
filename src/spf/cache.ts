/**
 * A cache of compiled SPF records, keyed by the record text, for evaluating many checks against
 * the same domains (a bulk audit): with a {@link CachingResolver} for the DNS answers, nothing is
 * parsed twice and nothing is asked twice. Keying by text (not by domain) keeps it correct when a
 * record changes: a new text is a new entry, and DNS freshness stays the resolver's business.
 */
import { type CompiledRecord, compileRecord } from "./parse.ts";

/** A bounded cache of parsed records (least recently used entries go first). */
export class SpfRecordCache {
  readonly #entries = new Map<string, CompiledRecord>();
  readonly #max: number;
  #hits = 0;
  #misses = 0;

  constructor(options: { maxEntries?: number } = {}) {
    this.#max = Math.max(1, options.maxEntries ?? 10_000);
  }

  /** The compiled form of a record, parsing it on first use. */
  get(text: string): CompiledRecord {
    const hit = this.#entries.get(text);
    if (hit !== undefined) {
      this.#hits++;
      return hit;
    }
    this.#misses++;
    const compiled = compileRecord(text);
    this.#entries.set(text, compiled);
    if (this.#entries.size > this.#max) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
    return compiled;
  }

  /** Counters, for tests and benchmarks. */
  stats(): { hits: number; misses: number; size: number } {
    return { hits: this.#hits, misses: this.#misses, size: this.#entries.size };
  }
}
