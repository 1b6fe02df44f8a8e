/**
 * `email-auth-audit queue add | status | collect`: the Redis job queue (BullMQ) from the command
 * line. `add` enqueues one job per domain (the job id is the domain: adding twice is a no-op);
 * `status` prints the counts; `collect` writes every finished result once, in any bulk format
 * (JSON Lines by default), to a file renamed into place, then optionally removes the collected
 * jobs. Loaded only when a queue command runs (BullMQ and ioredis are not loaded otherwise).
 */
import { resolve } from "node:path";
import { openAtomicFile } from "../bulk/atomic-file.ts";
import { checkDomainName, type DomainInput, DomainListError, streamDomainList } from "../bulk/domain-list.ts";
import { streamSink, type TextSink } from "../bulk/file-sink.ts";
import { createBulkWriter } from "../bulk/writer.ts";
import { collectResults, queueStatus, removeJobs } from "../queue/collect.ts";
import { parseRedisUrl } from "../queue/connection.ts";
import { enqueueDomains } from "../queue/enqueue.ts";
import { type OpenQueue, openQueue } from "../queue/open.ts";
import type { BulkFormatName } from "../report/bulk.ts";
import { thousands } from "../report/bulk-rows.ts";
import { addToSummary, emptySummary } from "../report/bulk-types.ts";
import { printable } from "../report/printable.ts";
import type { CliDeps } from "./deps.ts";
import { CliError, messageOf } from "./errors.ts";
import { EXIT } from "./output.ts";
import { summaryLine } from "./progress.ts";
import { ruleMeta } from "./rule-meta.ts";
import { packageVersion } from "./version.ts";

/** Flags every queue command takes. */
export interface QueueFlags {
  redis: string;
  queue: string;
}

/** Opens the queue or explains why not (exit 2). */
export async function openFromFlags(flags: QueueFlags): Promise<OpenQueue> {
  const url = parseRedisUrl(flags.redis);
  if (!url.ok) throw new CliError(`--redis: ${url.error}`);
  const opened = await openQueue(url.url, flags.queue);
  if (!opened.ok) throw new CliError(`cannot reach Redis at ${flags.redis}: ${opened.error}`);
  return opened.open;
}

/** The flags of `queue add`. */
export interface QueueAddFlags extends QueueFlags {
  domainsFile?: string;
  attempts: number;
}

/** `queue add`: returns the exit code. */
export async function queueAddCommand(
  domains: readonly string[],
  flags: QueueAddFlags,
  deps: CliDeps,
): Promise<number> {
  const named: DomainInput[] = [];
  for (const arg of domains) {
    const checked = checkDomainName(arg);
    if ("problem" in checked) throw new CliError(`${JSON.stringify(arg)} is not a domain name: ${checked.problem}`);
    named.push({ domain: checked.name });
  }
  if (flags.domainsFile === undefined && named.length === 0) throw new CliError("give domains, or --domains-file FILE");
  const path = flags.domainsFile === undefined ? undefined : resolve(deps.cwd, flags.domainsFile);
  // Open it before Redis is asked anything (a missing file, a binary one); the file is then read as
  // a stream, duplicates and all (the job id deduplicates), so its length does not cost memory.
  if (path !== undefined) {
    try {
      for await (const _ of streamDomainList(path)) break;
    } catch (error) {
      throw new CliError(`cannot read the domains file ${flags.domainsFile}: ${messageOf(error)}`);
    }
  }
  const open = await openFromFlags(flags);
  try {
    let outcome: Awaited<ReturnType<typeof enqueueDomains>>;
    try {
      outcome = await enqueueDomains(
        open.queue,
        (async function* () {
          yield* named;
          if (path !== undefined) yield* streamDomainList(path);
        })(),
        { attempts: flags.attempts },
      );
    } catch (error) {
      if (error instanceof DomainListError)
        throw new CliError(
          `cannot read the domains file ${flags.domainsFile}: ${error.message} (the domains before it were queued)`,
        );
      throw error;
    }
    for (const bad of outcome.invalid)
      deps.stderr.write(`warning: line ${bad.line ?? "?"}: not queued: ${printable(bad.domain)}: ${bad.problem}\n`);
    if (outcome.invalidCount > outcome.invalid.length)
      deps.stderr.write(`warning: ... and ${thousands(outcome.invalidCount - outcome.invalid.length)} more\n`);
    const counts = await queueStatus(open.queue);
    deps.stderr.write(
      `queued ${thousands(outcome.submitted)} domain${outcome.submitted === 1 ? "" : "s"} in ${flags.queue} (a domain already there is not added twice); ${statusText(counts)}\n`,
    );
    return EXIT.ok;
  } finally {
    await open.close();
  }
}

function statusText(c: Awaited<ReturnType<typeof queueStatus>>): string {
  return `waiting ${thousands(c.waiting)}, active ${thousands(c.active)}, delayed ${thousands(c.delayed)}, completed ${thousands(c.completed)}, failed ${thousands(c.failed)}`;
}

/** The flags of `queue status`. */
export interface QueueStatusFlags extends QueueFlags {
  json?: boolean;
}

/** `queue status`: prints the counts. */
export async function queueStatusCommand(flags: QueueStatusFlags, deps: CliDeps): Promise<number> {
  const open = await openFromFlags(flags);
  try {
    const counts = await queueStatus(open.queue);
    deps.stdout.write(flags.json ? `${JSON.stringify(counts)}\n` : `${statusText(counts)}\n`);
    return EXIT.ok;
  } finally {
    await open.close();
  }
}

/** The flags of `queue collect`. */
export interface QueueCollectFlags extends QueueFlags {
  output?: string;
  format: BulkFormatName;
  wait?: boolean;
  remove?: boolean;
}

/** `queue collect`: writes every finished result once. */
export async function queueCollectCommand(flags: QueueCollectFlags, deps: CliDeps): Promise<number> {
  const started = deps.now?.() ?? performance.now();
  const opened =
    flags.output === undefined ? undefined : await openAtomicFile(resolve(deps.cwd, flags.output), {}, flags.output);
  if (opened !== undefined && !opened.ok) throw new CliError(opened.error);
  const file = opened?.ok ? opened.file : undefined;
  let open: OpenQueue | undefined;
  try {
    open = await openFromFlags(flags);
    if (flags.wait) await waitUntilFinished(open, deps);
    const out: TextSink = file ?? streamSink(deps.stdout);
    const writer = await createBulkWriter({
      format: flags.format,
      out,
      version: packageVersion(),
      formatOptions: { ruleMeta },
    });
    const summary = emptySummary();
    let ids: string[];
    try {
      ids = await collectResults(open.queue, async (result) => {
        await writer.add(result, summary.domains);
        addToSummary(summary, result);
      });
      summary.elapsedMs = Math.round((deps.now?.() ?? performance.now()) - started);
      await writer.finish(summary);
    } finally {
      await writer.close();
    }
    await file?.commit();
    const left = await queueStatus(open.queue);
    deps.stderr.write(summaryLine(summary).replace(/^checked /, "collected "));
    if (left.waiting + left.active + left.delayed > 0)
      deps.stderr.write(`not finished yet: ${statusText(left)} (collect again later, or add --wait)\n`);
    if (flags.remove) {
      await removeJobs(open.queue, ids);
      deps.stderr.write(
        `removed ${thousands(ids.length)} collected job${ids.length === 1 ? "" : "s"} from ${flags.queue}\n`,
      );
    }
    return summary.notChecked > 0 ? EXIT.findings : EXIT.ok;
  } catch (error) {
    await file?.discard();
    throw error;
  } finally {
    await open?.close();
  }
}

/** Waits until nothing is waiting, active or delayed, with a line on standard error every 10 s. */
async function waitUntilFinished(open: OpenQueue, deps: CliDeps): Promise<void> {
  let lastLine = 0;
  for (;;) {
    const c = await queueStatus(open.queue);
    if (c.waiting + c.active + c.delayed === 0) return;
    if (Date.now() - lastLine > 10_000) {
      lastLine = Date.now();
      deps.stderr.write(`waiting for the workers: ${statusText(c)}\n`);
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
}
