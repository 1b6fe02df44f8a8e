/**
 * Bulk checks beyond one machine (`email-auth-audit/queue`): a job queue on Redis with BullMQ.
 * `enqueueDomains` adds one job per domain (the job id is the domain); workers (`startWorker`, on
 * any number of machines) check them with a DNS answer cache and a rate limit per upstream
 * resolver shared in Redis; `collectResults` reads every result back once. See docs/scale.md.
 */
export { type CollectOptions, collectResults, type QueueCounts, queueStatus, removeJobs, resultOf } from "./collect.ts";
export { type ConnectionRole, connectRedis, parseRedisUrl, redisReady, waitForRedis } from "./connection.ts";
export { DEFAULT_ATTEMPTS, DEFAULT_BACKOFF_MS, DEFAULT_QUEUE_NAME, DEFAULT_RATE_LIMIT } from "./defaults.ts";
export { RedisDnsCache, type RedisDnsCacheOptions, type RedisDnsCacheStats } from "./dns-cache.ts";
export { type EnqueueOptions, type EnqueueOutcome, enqueueDomains } from "./enqueue.ts";
export { type DomainJob, decodeResult, encodeResult, JOB_NAME } from "./jobs.ts";
export { openQueue } from "./open.ts";
export { RateLimitedResolver, type RateLimitOptions } from "./rate-limit.ts";
export { type QueueWorkerOptions, type RunningWorker, startWorker } from "./worker.ts";
