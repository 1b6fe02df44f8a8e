/**
 * A rate limit on the questions sent to one upstream resolver, shared by every worker through
 * Redis: at most `perSecond` questions in each one-second window (a fixed window counter, keyed
 * by the resolver and the second). A worker takes permits in small batches (one Redis round trip
 * per batch, not per question); past the limit it waits for the next window. Public resolvers
 * throttle or block heavy clients (and a scan should be polite anyway), so a bulk scan through
 * one should stay under its limit. Redis trouble never blocks a question.
 */
import type { Redis } from "ioredis";
import { abortReason, failedAnswer, resolveSafely } from "../dns/answer.ts";
import type { DnsAnswer, ResolveOptions, Resolver, RRType } from "../dns/types.ts";

/** Options of {@link RateLimitedResolver}. */
export interface RateLimitOptions {
  /** Most questions per second to this resolver, all workers together. */
  perSecond: number;
  /** Names the resolver in the key (`<namespace>:rate:<upstream>:<second>`), e.g. `udp://192.0.2.53:53`. */
  upstream: string;
  /** Key prefix (the queue name). */
  namespace: string;
  /** Milliseconds clock. Default `Date.now`. */
  now?: () => number;
}

// Adds the asked permits to the window's counter and grants what is left under the limit.
// KEYS[1] the window's counter; ARGV: permits wanted, limit, window lifetime ms.
const TAKE = `
local used = redis.call('INCRBY', KEYS[1], ARGV[1])
if used == tonumber(ARGV[1]) then redis.call('PEXPIRE', KEYS[1], ARGV[3]) end
local over = used - tonumber(ARGV[2])
if over <= 0 then return tonumber(ARGV[1]) end
if over >= tonumber(ARGV[1]) then return 0 end
return tonumber(ARGV[1]) - over
`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Passes questions to `inner` at most `perSecond` per second across every worker sharing `redis`. */
export class RateLimitedResolver implements Resolver {
  readonly #inner: Resolver;
  readonly #redis: Redis;
  readonly #limit: number;
  readonly #prefix: string;
  readonly #batch: number;
  readonly #now: () => number;
  #permits = 0;
  #window = -1;
  /** One refill at a time; the others wait for it. */
  #refill: Promise<void> | undefined;
  #waits = 0;

  constructor(inner: Resolver, redis: Redis, options: RateLimitOptions) {
    this.#inner = inner;
    this.#redis = redis;
    this.#limit = Math.max(1, Math.floor(options.perSecond));
    this.#prefix = `${options.namespace}:rate:${options.upstream}`;
    // Small batches keep the limit fair between workers; a twentieth of a second's worth at most.
    this.#batch = Math.max(1, Math.min(50, Math.floor(this.#limit / 20)));
    this.#now = options.now ?? Date.now;
  }

  /** Times a question waited for the next window. */
  get waits(): number {
    return this.#waits;
  }

  async #take(): Promise<void> {
    const now = this.#now();
    const window = Math.floor(now / 1000);
    if (window !== this.#window) {
      this.#window = window;
      this.#permits = 0;
    }
    let granted: number;
    try {
      const reply = await this.#redis.eval(TAKE, 1, `${this.#prefix}:${window}`, this.#batch, this.#limit, 2000);
      granted = typeof reply === "number" ? reply : 0;
    } catch {
      granted = this.#batch; // no Redis: do not hold questions
    }
    if (granted > 0) {
      if (this.#window === window) this.#permits += granted;
      return;
    }
    this.#waits++;
    await sleep(1000 - (now % 1000) + Math.floor(Math.random() * 20));
  }

  async #permit(signal: AbortSignal | undefined): Promise<boolean> {
    while (this.#permits <= 0 || this.#window !== Math.floor(this.#now() / 1000)) {
      if (signal?.aborted) return false;
      if (this.#window !== Math.floor(this.#now() / 1000)) this.#permits = 0;
      this.#refill ??= this.#take().finally(() => {
        this.#refill = undefined;
      });
      await this.#refill;
    }
    this.#permits--;
    return true;
  }

  async resolve<T extends RRType>(name: string, type: T, options?: ResolveOptions): Promise<DnsAnswer<T>> {
    if (!(await this.#permit(options?.signal))) return failedAnswer(name, type, "error", abortReason(options?.signal));
    return resolveSafely(this.#inner, name, type, options);
  }
}
