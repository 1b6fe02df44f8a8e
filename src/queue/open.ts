/** Opening a queue by URL and name, for the commands that add, count and collect. */
import { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { connectRedis, waitForRedis } from "./connection.ts";
import { DEFAULT_QUEUE_NAME } from "./defaults.ts";
import type { DomainJob } from "./jobs.ts";

/** A queue and how to close it. */
export interface OpenQueue {
  queue: Queue<DomainJob>;
  close(): Promise<void>;
}

/**
 * Connects to Redis at `url` (waiting at most `timeoutMs` for it to answer) and opens the queue:
 * `{ ok: false, error }` when Redis does not answer.
 */
export async function openQueue(
  url: string,
  name = DEFAULT_QUEUE_NAME,
  timeoutMs = 5000,
): Promise<{ ok: true; open: OpenQueue } | { ok: false; error: string }> {
  const connection: Redis = connectRedis(url, "queue");
  const ready = await waitForRedis(connection, timeoutMs);
  if (!ready.ok) {
    connection.disconnect();
    return { ok: false, error: ready.error };
  }
  const queue = new Queue<DomainJob>(name, { connection });
  return {
    ok: true,
    open: {
      queue,
      async close() {
        await queue.close();
        connection.disconnect();
      },
    },
  };
}
