import { abortedAnswer, isAborted, resolveSafely } from "./answer.ts";
import { normalizeName } from "./names.ts";
import type { DnsAnswer, DnsStatus, ResolveOptions, Resolver, RRType } from "./types.ts";

/** Options of {@link CachingResolver}. */
export interface CachingResolverOptions {
  /** Most entries kept; the least recently used go first. Default 10,000. */
  maxEntries?: number;
  /** Upper bound on any TTL, seconds. Default 86,400 (one day). */
  maxTtl?: number;
  /** Upper bound on negative answers (NXDOMAIN, NODATA), seconds; RFC 2308 §5 suggests 1-3 hours. Default 10,800. */
  maxNegativeTtl?: number;
  /** Lower bound for negative answers that carry no SOA TTL (0), seconds. Default 60. */
  minNegativeTtl?: number;
  /**
   * Seconds to keep SERVFAIL, REFUSED, timeouts and errors. RFC 2308 §7 allows up to 5 minutes for
   * server failures. Default 0: not kept (only shared while in flight). An audit uses Infinity so
   * that each (name, type) is asked once.
   */
  failureTtl?: number;
  /**
   * Keep every answer for the resolver's lifetime whatever its TTL or status: a per-run memo, so
   * that each (name, type) is asked once per audit. Default false.
   */
  keepAll?: boolean;
  /** Milliseconds clock, for tests. Default `Date.now`. */
  now?: () => number;
}

interface Entry {
  answer: DnsAnswer;
  expires: number;
}

interface InFlight {
  promise: Promise<DnsAnswer>;
  controller: AbortController;
  waiters: number;
}

/** Counters for tests and benchmarks. */
export interface CacheStats {
  /** Answers served from the cache. */
  hits: number;
  /** Questions that went to the inner resolver. */
  misses: number;
  /** Questions that joined an identical question already in flight. */
  joined: number;
  /** Entries currently held. */
  size: number;
}

const FAILURES: ReadonlySet<DnsStatus> = new Set(["servfail", "refused", "timeout", "error"]);

/**
 * A TTL-aware cache in front of any resolver: positive answers for their TTL, negative ones
 * (NXDOMAIN, NODATA) for their SOA-derived TTL (RFC 2308 §5), failures only if asked to, bounded
 * in size (LRU), and concurrent identical questions share one upstream query.
 */
export class CachingResolver implements Resolver {
  readonly #inner: Resolver;
  readonly #entries = new Map<string, Entry>();
  readonly #inFlight = new Map<string, InFlight>();
  readonly #maxEntries: number;
  readonly #maxTtl: number;
  readonly #maxNegativeTtl: number;
  readonly #minNegativeTtl: number;
  readonly #failureTtl: number;
  readonly #keepAll: boolean;
  readonly #now: () => number;
  #hits = 0;
  #misses = 0;
  #joined = 0;

  constructor(inner: Resolver, options: CachingResolverOptions = {}) {
    this.#inner = inner;
    this.#maxEntries = Math.max(1, options.maxEntries ?? 10_000);
    this.#maxTtl = options.maxTtl ?? 86_400;
    this.#maxNegativeTtl = options.maxNegativeTtl ?? 10_800;
    this.#minNegativeTtl = options.minNegativeTtl ?? 60;
    this.#failureTtl = options.failureTtl ?? 0;
    this.#keepAll = options.keepAll ?? false;
    this.#now = options.now ?? Date.now;
  }

  stats(): CacheStats {
    return { hits: this.#hits, misses: this.#misses, joined: this.#joined, size: this.#entries.size };
  }

  clear(): void {
    this.#entries.clear();
  }

  #lifetime(answer: DnsAnswer): number {
    if (this.#keepAll) return Number.POSITIVE_INFINITY;
    if (answer.status === "ok") return Math.min(answer.ttl, this.#maxTtl);
    if (answer.status === "nxdomain" || answer.status === "nodata") {
      return Math.min(Math.max(answer.ttl, this.#minNegativeTtl), this.#maxNegativeTtl);
    }
    return this.#failureTtl;
  }

  #store(key: string, answer: DnsAnswer): void {
    // An aborted question says nothing about DNS: never keep it.
    if (isAborted(answer)) return;
    const seconds = this.#lifetime(answer);
    if (!(seconds > 0)) return;
    this.#entries.delete(key);
    this.#entries.set(key, { answer: Object.freeze({ ...answer }), expires: this.#now() + seconds * 1000 });
    while (this.#entries.size > this.#maxEntries) {
      const oldest = this.#entries.keys().next().value;
      if (oldest === undefined) break;
      this.#entries.delete(oldest);
    }
  }

  #cached(key: string): DnsAnswer | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    const now = this.#now();
    if (entry.expires <= now) {
      this.#entries.delete(key);
      return undefined;
    }
    // Refresh the LRU position.
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    const remaining = Number.isFinite(entry.expires)
      ? Math.max(0, Math.ceil((entry.expires - now) / 1000))
      : entry.answer.ttl;
    return {
      ...entry.answer,
      ttl: FAILURES.has(entry.answer.status) ? entry.answer.ttl : Math.min(entry.answer.ttl, remaining),
    };
  }

  async resolve<T extends RRType>(name: string, type: T, options?: ResolveOptions): Promise<DnsAnswer<T>> {
    const signal = options?.signal;
    if (signal?.aborted) return abortedAnswer(name, type, signal);
    const key = `${normalizeName(name)}|${type.toUpperCase()}`;
    const hit = this.#cached(key);
    if (hit !== undefined) {
      this.#hits++;
      return hit as DnsAnswer<T>;
    }
    let flight = this.#inFlight.get(key);
    if (flight === undefined) {
      this.#misses++;
      const controller = new AbortController();
      // The question that starts a flight carries its account (a budget's follow-up counter) down;
      // questions that join it share its answer and its cost.
      const inner: ResolveOptions = { signal: controller.signal };
      if (options?.account !== undefined) inner.account = options.account;
      const promise = resolveSafely(this.#inner, name, type, inner).then((answer) => {
        this.#inFlight.delete(key);
        this.#store(key, answer);
        return answer;
      });
      flight = { promise, controller, waiters: 0 };
      this.#inFlight.set(key, flight);
    } else {
      this.#joined++;
    }
    return this.#wait(flight, name, type, signal) as Promise<DnsAnswer<T>>;
  }

  /** Waits for a shared question; the upstream query is aborted only when every waiter has given up. */
  #wait(flight: InFlight, name: string, type: RRType, signal: AbortSignal | undefined): Promise<DnsAnswer> {
    flight.waiters++;
    if (signal === undefined) return flight.promise.then((a) => ({ ...a }));
    return new Promise((resolve) => {
      const onAbort = () => {
        flight.waiters--;
        if (flight.waiters === 0) flight.controller.abort(signal.reason);
        resolve(abortedAnswer(name, type, signal));
      };
      signal.addEventListener("abort", onAbort, { once: true });
      void flight.promise.then((answer) => {
        signal.removeEventListener("abort", onAbort);
        resolve({ ...answer });
      });
    });
  }
}
