/**
 * A DNS answer cache in Redis, shared by every worker: what one worker learnt (a provider's SPF
 * include, its DKIM hosts) the others read instead of asking. Positive answers live for their TTL,
 * negative ones (NXDOMAIN, NODATA) for their SOA-derived TTL within bounds (RFC 2308 §5); failures
 * (SERVFAIL, timeouts) are not shared, so each worker gets its own chance. A question asked by
 * several workers at once is asked upstream once: the first takes a short lock, the others wait
 * for its answer. Redis trouble never fails a question: it is then asked upstream.
 */
import type { Redis } from "ioredis";
import { resolveSafely } from "../dns/answer.ts";
import { normalizeName } from "../dns/names.ts";
import type { DnsAnswer, DnsStatus, ResolveOptions, Resolver, RRType } from "../dns/types.ts";

/** Options of {@link RedisDnsCache}. */
export interface RedisDnsCacheOptions {
  /** Key prefix (the queue name): `<namespace>:dns:<TYPE>:<name>`. */
  namespace: string;
  /** Upper bound on any TTL, seconds. Default 86,400. */
  maxTtl?: number;
  /** Negative answers: at least / at most this long, seconds (RFC 2308 §5). Defaults 60 / 10,800. */
  minNegativeTtl?: number;
  maxNegativeTtl?: number;
  /** How long a worker waits for another worker asking the same question, ms. Default 3,000. */
  lockWaitMs?: number;
  /** Poll interval while waiting, ms. Default 25. */
  pollMs?: number;
}

/** Counters, for tests and benchmarks. */
export interface RedisDnsCacheStats {
  /** Answers read from Redis. */
  hits: number;
  /** Questions this worker asked upstream. */
  asked: number;
  /** Questions that waited for another worker's answer. */
  waited: number;
  /** Redis commands that failed (the question was then asked upstream). */
  redisErrors: number;
}

const SHAREABLE: ReadonlySet<DnsStatus> = new Set(["ok", "nxdomain", "nodata"]);

function isAnswer(value: unknown): value is DnsAnswer {
  if (typeof value !== "object" || value === null) return false;
  const a = value as Partial<DnsAnswer>;
  return (
    typeof a.name === "string" &&
    typeof a.type === "string" &&
    typeof a.status === "string" &&
    SHAREABLE.has(a.status) &&
    Array.isArray(a.records) &&
    typeof a.ttl === "number" &&
    Array.isArray(a.cnameChain)
  );
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A {@link Resolver} that shares answers through Redis in front of `inner`. */
export class RedisDnsCache implements Resolver {
  readonly #inner: Resolver;
  readonly #redis: Redis;
  readonly #namespace: string;
  readonly #maxTtl: number;
  readonly #minNegative: number;
  readonly #maxNegative: number;
  readonly #lockWait: number;
  readonly #poll: number;
  readonly #stats: RedisDnsCacheStats = { hits: 0, asked: 0, waited: 0, redisErrors: 0 };

  constructor(inner: Resolver, redis: Redis, options: RedisDnsCacheOptions) {
    this.#inner = inner;
    this.#redis = redis;
    this.#namespace = options.namespace;
    this.#maxTtl = options.maxTtl ?? 86_400;
    this.#minNegative = options.minNegativeTtl ?? 60;
    this.#maxNegative = options.maxNegativeTtl ?? 10_800;
    this.#lockWait = options.lockWaitMs ?? 3000;
    this.#poll = options.pollMs ?? 25;
  }

  stats(): RedisDnsCacheStats {
    return { ...this.#stats };
  }

  /** The key of a question. */
  key(name: string, type: string): string {
    return `${this.#namespace}:dns:${type.toUpperCase()}:${normalizeName(name)}`;
  }

  /** Seconds an answer may be shared; 0: not shared. */
  lifetime(answer: DnsAnswer): number {
    if (answer.status === "ok") return Math.min(answer.ttl, this.#maxTtl);
    if (answer.status === "nxdomain" || answer.status === "nodata")
      return Math.min(Math.max(answer.ttl, this.#minNegative), this.#maxNegative);
    return 0;
  }

  async #read<T extends RRType>(key: string, name: string, type: T): Promise<DnsAnswer<T> | undefined> {
    let reply: [Error | null, unknown][] | null;
    try {
      reply = await this.#redis.multi().get(key).pttl(key).exec();
    } catch {
      this.#stats.redisErrors++;
      return undefined;
    }
    const text = reply?.[0]?.[1];
    const pttl = reply?.[1]?.[1];
    if (typeof text !== "string") return undefined;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return undefined;
    }
    if (!isAnswer(value) || normalizeName(value.name) !== normalizeName(name) || value.type !== type) return undefined;
    const remaining = typeof pttl === "number" && pttl > 0 ? Math.ceil(pttl / 1000) : value.ttl;
    return { ...value, type, ttl: Math.min(value.ttl, remaining) } as DnsAnswer<T>;
  }

  async #store(key: string, answer: DnsAnswer): Promise<void> {
    const seconds = this.lifetime(answer);
    if (!(seconds > 0)) return;
    try {
      await this.#redis.set(key, JSON.stringify(answer), "PX", Math.round(seconds * 1000));
    } catch {
      this.#stats.redisErrors++;
    }
  }

  async #lock(key: string): Promise<boolean> {
    try {
      return (await this.#redis.set(`${key}:lock`, "1", "PX", this.#lockWait, "NX")) === "OK";
    } catch {
      this.#stats.redisErrors++;
      return true; // no Redis: ask, as if alone
    }
  }

  async #locked(key: string): Promise<boolean> {
    try {
      return (await this.#redis.exists(`${key}:lock`)) === 1;
    } catch {
      this.#stats.redisErrors++;
      return false;
    }
  }

  async #unlock(key: string): Promise<void> {
    try {
      await this.#redis.del(`${key}:lock`);
    } catch {
      this.#stats.redisErrors++;
    }
  }

  async #ask<T extends RRType>(key: string, name: string, type: T, options?: ResolveOptions): Promise<DnsAnswer<T>> {
    this.#stats.asked++;
    const answer = await resolveSafely(this.#inner, name, type, options);
    await this.#store(key, answer);
    return answer;
  }

  async resolve<T extends RRType>(name: string, type: T, options?: ResolveOptions): Promise<DnsAnswer<T>> {
    const key = this.key(name, type);
    const cached = await this.#read(key, name, type);
    if (cached !== undefined) {
      this.#stats.hits++;
      return cached;
    }
    if (await this.#lock(key)) {
      try {
        return await this.#ask(key, name, type, options);
      } finally {
        await this.#unlock(key);
      }
    }
    // Another worker is asking: wait for its answer (not past the lock's life), then ask ourselves.
    this.#stats.waited++;
    const until = Date.now() + this.#lockWait;
    while (Date.now() < until && !options?.signal?.aborted) {
      await sleep(this.#poll);
      const shared = await this.#read(key, name, type);
      if (shared !== undefined) {
        this.#stats.hits++;
        return shared;
      }
      // The other worker is done: its answer is stored before its lock goes, unless it was a
      // failure (not shared): then ask now.
      if (!(await this.#locked(key))) {
        const last = await this.#read(key, name, type);
        if (last !== undefined) {
          this.#stats.hits++;
          return last;
        }
        break;
      }
    }
    return this.#ask(key, name, type, options);
  }
}
