/**
 * A worker: takes domains from the queue (any number of workers, on any machines), checks each
 * within its deadline, and stores the {@link DomainResult} with the job. Questions outside the
 * domain go through a cache shared in Redis (a provider's include is asked once for all
 * workers), every question through the upstream resolver's rate limit. A domain that fails (the
 * deadline, a check that throws) is retried with backoff; on its last attempt it is stored "not
 * checked" with the reason. A worker that dies mid-job loses nothing: its lock lapses and another
 * worker's stalled-job check puts the job back (https://docs.bullmq.io/guide/workers/stalled-jobs).
 */
import { type Job, Queue, Worker } from "bullmq";
import type { Redis } from "ioredis";
import { type CheckOptions, checkDomain } from "../audit/api.ts";
import { type CheckFunction, checkOne, DEFAULT_DOMAIN_TIMEOUT_MS } from "../bulk/check-one.ts";
import { startHeapGuard } from "../bulk/heap-guard.ts";
import { CachingResolver } from "../dns/cache.ts";
import type { Resolver } from "../dns/types.ts";
import type { DomainResult } from "../report/bulk-types.ts";
import { connectRedis, redisReady } from "./connection.ts";
import { DEFAULT_QUEUE_NAME } from "./defaults.ts";
import { RedisDnsCache, type RedisDnsCacheStats } from "./dns-cache.ts";
import { type DomainJob, encodeResult } from "./jobs.ts";
import { RateLimitedResolver } from "./rate-limit.ts";

/** Options of {@link startWorker}. */
export interface QueueWorkerOptions {
  /** `redis://host:port[/db]`. */
  redisUrl: string;
  /** Default `email-auth-audit`. */
  queueName?: string;
  /** The upstream resolver (`--resolver`). */
  resolver: Resolver;
  /** Names the upstream in the rate limit's key, e.g. `udp://192.0.2.53:53`. */
  upstream: string;
  /** Check options besides the resolver (rules, selectors, catalog, most questions). */
  checkOptions?: Omit<CheckOptions, "resolver" | "signal">;
  /** The check (default the library's `checkDomain`). */
  check?: CheckFunction;
  /** Domains checked at once by this worker. Default 8. */
  concurrency?: number;
  /** Overall deadline per domain, ms. Default 60,000. */
  domainTimeoutMs?: number;
  /** Most questions per second to the upstream resolver, all workers together; 0: no limit. Default 0. */
  ratePerSecond?: number;
  /** How long a job's lock lasts without renewal, ms: how soon a dead worker's jobs go back. Default 30,000. */
  lockDurationMs?: number;
  /** Share answers through Redis. Default true. */
  sharedCache?: boolean;
  /**
   * Keep the JavaScript heap near this many MB with full collections ({@link startHeapGuard});
   * 0: leave it to V8. Default 128.
   */
  heapBudgetMb?: number;
  /** Told of each result as it is stored. */
  onResult?: (result: DomainResult) => void;
}

/** A running worker. */
export interface RunningWorker {
  /** Resolves once nothing is waiting, delayed or active in the queue (checked every `pollMs`). */
  drained(pollMs?: number): Promise<void>;
  /** Stops taking jobs; waits for the active ones unless `force`. Closes the connections. */
  close(force?: boolean): Promise<void>;
  /** Results stored by this worker, and the shared cache's counters. */
  stats(): { stored: number; retried: number; cache: RedisDnsCacheStats | undefined };
}

/** Starts a worker; it runs until {@link RunningWorker.close}. */
export async function startWorker(o: QueueWorkerOptions): Promise<RunningWorker> {
  const name = o.queueName ?? DEFAULT_QUEUE_NAME;
  const connection: Redis = connectRedis(o.redisUrl, "queue");
  const cacheConnection: Redis = connectRedis(o.redisUrl, "cache");
  // The cache's connection fails fast while disconnected: let it connect first (not forever).
  await redisReady(cacheConnection);
  const limited =
    (o.ratePerSecond ?? 0) > 0
      ? new RateLimitedResolver(o.resolver, cacheConnection, {
          perSecond: o.ratePerSecond ?? 0,
          upstream: o.upstream,
          namespace: name,
        })
      : o.resolver;
  const redisCache =
    o.sharedCache === false ? undefined : new RedisDnsCache(limited, cacheConnection, { namespace: name });
  const shared = new CachingResolver(redisCache ?? limited, { maxEntries: 20_000 });
  const check = o.check ?? checkDomain;
  let stored = 0;
  let retried = 0;

  const processor = async (job: Job<DomainJob>): Promise<string> => {
    const result = await checkOne(
      { domain: job.data.domain },
      {
        check,
        options: { ...(o.checkOptions ?? {}), resolver: shared },
        direct: limited,
        domainTimeoutMs: o.domainTimeoutMs ?? DEFAULT_DOMAIN_TIMEOUT_MS,
      },
    );
    const attempt = job.attemptsMade + 1;
    if (result.status === "not-checked" && attempt < (job.opts.attempts ?? 1)) {
      retried++;
      throw new Error(result.reason); // BullMQ retries it after the backoff
    }
    const final: DomainResult = result.status === "not-checked" ? { ...result, attempts: attempt } : result;
    stored++;
    o.onResult?.(final);
    return encodeResult(final);
  };

  const lockDuration = o.lockDurationMs ?? 30_000;
  const worker = new Worker<DomainJob, string>(name, processor, {
    connection,
    concurrency: Math.max(1, o.concurrency ?? 8),
    lockDuration,
    stalledInterval: lockDuration,
    // A job whose worker died twice is not tried a third time: it fails, and is reported "not checked".
    maxStalledCount: 2,
    autorun: true,
  });
  worker.on("error", () => {}); // connection trouble: BullMQ reconnects; the jobs stay in Redis
  const queue = new Queue<DomainJob>(name, { connection });
  const guard = o.heapBudgetMb === 0 ? undefined : startHeapGuard({ budgetMb: o.heapBudgetMb ?? 128 });

  return {
    async drained(pollMs = 1000) {
      let idle = 0;
      // Twice in a row: a job moved back from a dead worker shows as waiting in between.
      while (idle < 2) {
        await new Promise((resolve) => setTimeout(resolve, pollMs));
        const c = await queue.getJobCounts("waiting", "active", "delayed", "prioritized", "waiting-children");
        idle = Object.values(c).every((n) => n === 0) ? idle + 1 : 0;
      }
    },
    async close(force = false) {
      guard?.stop();
      await worker.close(force);
      await queue.close();
      connection.disconnect();
      cacheConnection.disconnect();
    },
    stats: () => ({ stored, retried, cache: redisCache?.stats() }),
  };
}
