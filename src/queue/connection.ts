/**
 * Connections to Redis for the queue. BullMQ's connections use ioredis with
 * `maxRetriesPerRequest: null` (BullMQ requires it: a worker's blocking commands must wait out a
 * Redis restart instead of failing; https://docs.bullmq.io/guide/connections). The DNS cache and
 * the rate limiter get their own connection that fails fast instead (`enableOfflineQueue: false`,
 * a command timeout): while Redis is away, questions go straight to the resolver.
 */
import { Redis } from "ioredis";

/** Checks a Redis URL (`redis://[user:password@]host[:port][/db]`, `rediss://` for TLS). */
export function parseRedisUrl(text: string): { ok: true; url: string } | { ok: false; error: string } {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return {
      ok: false,
      error: `${JSON.stringify(text)} is not a URL (write redis://HOST:PORT, e.g. redis://127.0.0.1:6379)`,
    };
  }
  if (url.protocol !== "redis:" && url.protocol !== "rediss:")
    return { ok: false, error: `${JSON.stringify(text)} is not a redis:// or rediss:// URL` };
  if (url.hostname === "") return { ok: false, error: `${JSON.stringify(text)} names no host` };
  const db = url.pathname.replace(/^\//, "");
  if (db !== "" && !/^\d{1,2}$/.test(db))
    return { ok: false, error: `${JSON.stringify(db)} is not a Redis database number` };
  return { ok: true, url: url.href };
}

/** How a connection behaves while Redis is away. */
export type ConnectionRole = "queue" | "cache";

/**
 * An ioredis connection to `url`. `queue` (BullMQ): commands wait while Redis is away
 * (`maxRetriesPerRequest: null`). `cache`: commands fail at once while disconnected and after
 * `commandTimeoutMs`, so a missing cache never holds a DNS question.
 */
export function connectRedis(url: string, role: ConnectionRole = "queue", commandTimeoutMs = 2000): Redis {
  const redis =
    role === "queue"
      ? new Redis(url, { maxRetriesPerRequest: null, lazyConnect: false })
      : new Redis(url, {
          maxRetriesPerRequest: 1,
          enableOfflineQueue: false,
          commandTimeout: commandTimeoutMs,
          lazyConnect: false,
        });
  // ioredis reports connection problems as `error` events; without a listener Node would print
  // them as unhandled. The queue commands report what matters (a ping that fails).
  redis.on("error", () => {});
  return redis;
}

/** Waits until `redis` answers PING, at most `ms`; the reason when it does not. */
export async function waitForRedis(redis: Redis, ms = 5000): Promise<{ ok: true } | { ok: false; error: string }> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<{ ok: false; error: string }>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, error: `no answer within ${ms / 1000} s` }), ms);
  });
  const ping = redis.ping().then(
    () => ({ ok: true as const }),
    (error: unknown) => ({ ok: false as const, error: error instanceof Error ? error.message : String(error) }),
  );
  try {
    return await Promise.race([ping, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Waits until `redis` is connected (`ready`), at most `ms`; false when it is not. */
export async function redisReady(redis: Redis, ms = 5000): Promise<boolean> {
  if (redis.status === "ready") return true;
  return new Promise<boolean>((resolve) => {
    const done = (ok: boolean) => {
      clearTimeout(timer);
      redis.off("ready", onReady);
      resolve(ok);
    };
    const onReady = () => done(true);
    const timer = setTimeout(() => done(false), ms);
    redis.once("ready", onReady);
  });
}
