/**
 * Adding domains to the queue: one job per domain, the domain as the job id, in batches
 * (`addBulk`), from any (async) iterable of names, so a list of any length streams in.
 */
import type { Queue } from "bullmq";
import type { DomainInput } from "../bulk/domain-list.ts";
import { DEFAULT_ATTEMPTS, DEFAULT_BACKOFF_MS } from "./defaults.ts";
import { type DomainJob, JOB_NAME } from "./jobs.ts";

/** Options of {@link enqueueDomains}. */
export interface EnqueueOptions {
  /** Attempts per domain before it ends "not checked". Default 3. */
  attempts?: number;
  /** First retry delay, ms, doubled each attempt (with jitter). Default 5,000. */
  backoffMs?: number;
  /** Jobs per `addBulk` call. Default 500. */
  batch?: number;
  /** Called after each batch with the number submitted so far. */
  onBatch?: (submitted: number) => void;
}

/** What {@link enqueueDomains} did. */
export interface EnqueueOutcome {
  /** Domains submitted (a domain already queued is not added twice). */
  submitted: number;
  /** Inputs that are not domain names: not queued. */
  invalid: DomainInput[];
}

/** Most invalid lines remembered (the others are only counted). */
const MAX_INVALID_KEPT = 100;

/** Adds one job per domain; the job id is the domain. Inputs with a `problem` are not queued. */
export async function enqueueDomains(
  queue: Queue<DomainJob>,
  inputs: Iterable<DomainInput> | AsyncIterable<DomainInput>,
  options: EnqueueOptions = {},
): Promise<EnqueueOutcome & { invalidCount: number }> {
  const size = Math.max(1, options.batch ?? 500);
  const opts = {
    attempts: Math.max(1, options.attempts ?? DEFAULT_ATTEMPTS),
    backoff: { type: "exponential", delay: options.backoffMs ?? DEFAULT_BACKOFF_MS, jitter: 0.5 },
    removeOnComplete: false,
    removeOnFail: false,
  };
  let batch: { name: string; data: DomainJob; opts: typeof opts & { jobId: string } }[] = [];
  let submitted = 0;
  let invalidCount = 0;
  const invalid: DomainInput[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    await queue.addBulk(batch);
    submitted += batch.length;
    batch = [];
    options.onBatch?.(submitted);
  };
  for await (const input of inputs) {
    if (input.problem !== undefined) {
      invalidCount++;
      if (invalid.length < MAX_INVALID_KEPT) invalid.push(input);
      continue;
    }
    batch.push({ name: JOB_NAME, data: { domain: input.domain }, opts: { ...opts, jobId: input.domain } });
    if (batch.length >= size) await flush();
  }
  await flush();
  return { submitted, invalid, invalidCount };
}
