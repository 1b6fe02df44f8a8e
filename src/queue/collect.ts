/**
 * Reading the results back: every finished job once (completed jobs carry their stored result;
 * failed ones, a domain whose worker died too often, become "not checked" with BullMQ's reason),
 * page by page in the order they finished, so that jobs finishing meanwhile are picked up too.
 * And the queue's counts.
 */
import type { Job, Queue } from "bullmq";
import type { DomainResult } from "../report/bulk-types.ts";
import { type DomainJob, decodeResult } from "./jobs.ts";

/** The result a finished job stands for. */
export function resultOf(job: Job<DomainJob>, state: "completed" | "failed"): DomainResult {
  const domain = typeof job.data?.domain === "string" ? job.data.domain : (job.id ?? "");
  if (state === "failed")
    return {
      domain,
      status: "not-checked",
      reason: job.failedReason || "the job failed",
      ...(job.attemptsStarted > 0 ? { attempts: job.attemptsStarted } : {}),
    };
  return (
    decodeResult(job.returnvalue, domain) ?? {
      domain,
      status: "not-checked",
      reason: "the stored result could not be read",
    }
  );
}

/** Options of {@link collectResults}. */
export interface CollectOptions {
  /** Jobs read per page. Default 500. */
  pageSize?: number;
}

/**
 * Hands every finished job's result to `onResult`, each job once (by id), completed then failed;
 * returns the ids handed over (to remove them from Redis once the caller has kept them).
 */
export async function collectResults(
  queue: Queue<DomainJob>,
  onResult: (result: DomainResult) => Promise<void> | void,
  options: CollectOptions = {},
): Promise<string[]> {
  const size = Math.max(1, options.pageSize ?? 500);
  const seen = new Set<string>();
  const ids: string[] = [];
  for (const state of ["completed", "failed"] as const) {
    for (let start = 0; ; start += size) {
      const page = (await queue.getJobs([state], start, start + size - 1, true)) as Job<DomainJob>[];
      for (const job of page) {
        if (job === undefined || job.id === undefined || seen.has(job.id)) continue;
        seen.add(job.id);
        ids.push(job.id);
        await onResult(resultOf(job, state));
      }
      if (page.length < size) break;
    }
  }
  return ids;
}

/** Removes jobs by id (after their results were kept), in batches. */
export async function removeJobs(queue: Queue<DomainJob>, ids: readonly string[], batch = 200): Promise<void> {
  for (let i = 0; i < ids.length; i += batch) await Promise.all(ids.slice(i, i + batch).map((id) => queue.remove(id)));
}

/** The counts `queue status` shows. */
export interface QueueCounts {
  waiting: number;
  active: number;
  delayed: number;
  completed: number;
  failed: number;
}

/** How many jobs are in each state. */
export async function queueStatus(queue: Queue<DomainJob>): Promise<QueueCounts> {
  const c = await queue.getJobCounts("waiting", "prioritized", "active", "delayed", "completed", "failed");
  return {
    waiting: (c.waiting ?? 0) + (c.prioritized ?? 0),
    active: c.active ?? 0,
    delayed: c.delayed ?? 0,
    completed: c.completed ?? 0,
    failed: c.failed ?? 0,
  };
}
