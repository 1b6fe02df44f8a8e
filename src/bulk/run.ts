/**
 * A bulk run: many domains checked with bounded concurrency over one shared resolver, each
 * domain's result handed to the caller as it finishes, and nothing kept but the counts. What
 * domains have in common (a provider's SPF include) is asked once when the caller passes one
 * caching resolver for all of them.
 */
import type { BulkReport, BulkSummary, DomainResult } from "../report/bulk-types.ts";
import { addToSummary, emptySummary } from "../report/bulk-types.ts";
import { type CheckOneOptions, checkOne } from "./check-one.ts";
import type { DomainInput } from "./domain-list.ts";

/** Default number of checks in flight at once. */
export const DEFAULT_CONCURRENCY = 8;

/** Most checks in flight at once. */
export const MAX_CONCURRENCY = 1000;

/** Options of {@link runBulk}. */
export interface RunBulkOptions extends CheckOneOptions {
  /** Most checks in flight at once (1 to 1,000). Default 8. */
  concurrency?: number;
  /**
   * Receives each result as it finishes, one at a time, in the order they finish; `index` is the
   * input's position. The run waits for it (a slow writer slows the run instead of filling memory).
   */
  onResult?: (result: DomainResult, index: number, summary: Readonly<BulkSummary>) => void | Promise<void>;
  /** Stops handing out domains; checks in flight end as "not checked" (the run was stopped). */
  signal?: AbortSignal;
  /** Milliseconds clock (elapsed time). Default `performance.now`. */
  now?: () => number;
  /**
   * Milliseconds between the start of one check slot and the next (a slow start: 256 checks do not
   * open thousands of sockets in the same instant, and the heap guard sees the load come). Default 2.
   */
  rampMs?: number;
  /**
   * Awaited before each check starts, given the count of checks in flight: memory back-pressure
   * (the heap guard's `admit` holds new checks while the heap is over its limit, so a high
   * concurrency cannot push the process past its memory budget). Default: no wait.
   */
  admit?: (inFlight: () => number) => Promise<void>;
}

/** What {@link runBulk} returns. */
export interface BulkRunOutcome {
  summary: BulkSummary;
  /** True when `signal` stopped the run before every domain was handed out. */
  stopped: boolean;
}

type Inputs = Iterable<string | DomainInput> | AsyncIterable<string | DomainInput>;

function iteratorOf(inputs: Inputs): AsyncIterator<string | DomainInput> | Iterator<string | DomainInput> {
  return Symbol.asyncIterator in inputs ? inputs[Symbol.asyncIterator]() : inputs[Symbol.iterator]();
}

/**
 * Checks every domain of `inputs` (an array, or an async iterable such as a {@link DomainList}),
 * at most `concurrency` at once; returns the counts. Results go to `onResult`; nothing else is kept.
 */
export async function runBulk(inputs: Inputs, o: RunBulkOptions): Promise<BulkRunOutcome> {
  const now = o.now ?? (() => performance.now());
  const started = now();
  const summary = emptySummary();
  const limit = Math.max(1, Math.min(Math.floor(o.concurrency ?? DEFAULT_CONCURRENCY), MAX_CONCURRENCY));
  const iterator = iteratorOf(inputs);
  const options = o.signal ? { ...o.options, signal: o.signal } : o.options;
  let position = 0;
  let inFlight = 0;
  let finished = false;
  let stopped = false;
  // Results are handed over one at a time, in the order they finish.
  let delivery: Promise<void> = Promise.resolve();

  const next = async (): Promise<{ input: DomainInput; index: number } | undefined> => {
    if (finished) return undefined;
    if (o.signal?.aborted) {
      stopped = true;
      finished = true;
      return undefined;
    }
    const step = await iterator.next();
    if (step.done) {
      finished = true;
      return undefined;
    }
    const value = step.value;
    return { input: typeof value === "string" ? { domain: value } : value, index: position++ };
  };

  const ramp = Math.max(0, o.rampMs ?? 2);
  const worker = async (slot: number) => {
    if (slot > 0 && ramp > 0) await new Promise((resolve) => setTimeout(resolve, slot * ramp));
    for (let item = await next(); item !== undefined; item = await next()) {
      if (o.admit !== undefined) await o.admit(() => inFlight);
      inFlight++;
      let result: DomainResult;
      try {
        result = await checkOne(item.input, { ...o, options });
      } finally {
        inFlight--;
      }
      // A check cut short by the stop says nothing about the domain: leave it for a resumed run.
      if (o.signal?.aborted && result.status === "not-checked" && item.input.problem === undefined) {
        stopped = true;
        continue;
      }
      const index = item.index;
      delivery = delivery.then(async () => {
        addToSummary(summary, result);
        await o.onResult?.(result, index, summary);
      });
      try {
        await delivery;
      } catch (error) {
        finished = true; // the caller could not take a result (a full disk): stop handing out domains
        throw error;
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: limit }, (_, slot) => worker(slot)));
  } finally {
    finished = true;
    await iterator.return?.();
  }
  summary.elapsedMs = Math.round(now() - started);
  return { summary, stopped };
}

/** Options of {@link checkDomains}. */
export interface CheckDomainsOptions extends Omit<RunBulkOptions, "onResult"> {
  /** Called as each domain finishes (progress). */
  onDone?: (result: DomainResult, done: number) => void;
  /** The version for the report's `tool`. */
  version?: string;
}

/**
 * Checks every domain and returns the whole {@link BulkReport}, entries in input order: for lists
 * that fit in memory. For lists of any length, {@link runBulk} with a writer (`BulkWriter`).
 */
export async function checkDomains(
  inputs: readonly (string | DomainInput)[],
  o: CheckDomainsOptions,
): Promise<BulkReport> {
  const generatedAt = new Date().toISOString();
  const entries = new Array<DomainResult>(inputs.length);
  const { summary } = await runBulk(inputs, {
    ...o,
    onResult: (result, index, s) => {
      entries[index] = result;
      o.onDone?.(result, s.domains);
    },
  });
  return {
    version: 2,
    kind: "bulk",
    tool: { name: "email-auth-audit", version: o.version ?? "0.0.0" },
    generatedAt,
    entries: entries.filter((e) => e !== undefined),
    summary,
  };
}
