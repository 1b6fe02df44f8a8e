/**
 * The bulk part of `check` (several domains, `--domains-file`, or a bulk format): domains checked
 * with bounded concurrency over one shared cache, each within `--domain-timeout`; results written
 * as they finish (`jsonl`, `csv`) or assembled from pieces kept on disk (the other formats), so
 * memory does not grow with the number of domains. The output and recording paths are checked
 * before the first DNS question; the output is written under a temporary name in its folder and
 * renamed into place; `--resume` carries over a JSON Lines output's results; progress and a
 * summary line go to standard error.
 */
import { constants } from "node:fs";
import { open } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import type { CheckOptions } from "../audit/api.ts";
import { AtomicFile, openAtomicFile } from "../bulk/atomic-file.ts";
import { type DomainInput, readDomainList } from "../bulk/domain-list.ts";
import { FileSink, streamSink, type TextSink } from "../bulk/file-sink.ts";
import { startHeapGuard } from "../bulk/heap-guard.ts";
import { carryOver } from "../bulk/resume.ts";
import { runBulk } from "../bulk/run.ts";
import { createBulkWriter } from "../bulk/writer.ts";
import type { Severity } from "../common/severity.ts";
import { CachingResolver } from "../dns/cache.ts";
import { RecordingResolver } from "../dns/recording.ts";
import type { Resolver } from "../dns/types.ts";
import type { BulkFormatName } from "../report/bulk.ts";
import { type BulkSummary, emptySummary, mergeSummaries } from "../report/bulk-types.ts";
import type { CliDeps } from "./deps.ts";
import { CliError, messageOf } from "./errors.ts";
import type { CommonSettings } from "./options.ts";
import { EXIT } from "./output.ts";
import { progressReporter, summaryLine } from "./progress.ts";
import { ruleMeta } from "./rule-meta.ts";
import { checkOutput } from "./safe-write.ts";
import { packageVersion } from "./version.ts";

/** Entries of the shared cache: it holds the names outside the domains (providers' includes, their DKIM hosts). */
export const SHARED_CACHE_ENTRIES = 20_000;

/** What the bulk check needs from `check`. */
export interface BulkCheckRequest {
  /** Domains named on the command line (already valid). */
  domains: readonly DomainInput[];
  /** `--domains-file`. */
  domainsFile?: string;
  format: BulkFormatName;
  settings: CommonSettings;
  /** The resolver from `--resolver` (before the shared cache and the recording). */
  resolver: Resolver;
  /** Check options besides the resolver. */
  options: Omit<CheckOptions, "resolver">;
  concurrency: number;
  domainTimeoutMs: number;
  resume: boolean;
}

/** Exit code from the run's counts: 1 when a finding reaches `failOn` or a domain was not checked. */
function exitFor(summary: BulkSummary, failOn: Severity): number {
  const f = summary.findings;
  const reached =
    failOn === "error" ? f.error : failOn === "warning" ? f.error + f.warning : f.error + f.warning + f.info;
  return summary.notChecked > 0 || reached > 0 ? EXIT.findings : EXIT.ok;
}

/** Where the bulk output goes: a file renamed into place at the end, or a device written in place. */
type OutputFile = Pick<AtomicFile, "write" | "commit" | "keep" | "discard">;

/** A device or pipe opened for writing (never created or truncated); nothing to rename or remove. */
async function openDevice(path: string): Promise<OutputFile> {
  const handle = await open(path, constants.O_WRONLY);
  const sink = new FileSink(handle);
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    try {
      await sink.flush();
    } finally {
      await handle.close();
    }
  };
  return { write: (chunk) => sink.write(chunk), commit: close, keep: close, discard: () => close().catch(() => {}) };
}

/** Opens `--output` (and takes over an interrupted run's `.partial` file with `--resume`). */
async function openOutput(
  r: BulkCheckRequest,
  deps: CliDeps,
): Promise<{ file: OutputFile; carried: { done: Set<string>; summary: BulkSummary } } | undefined> {
  const shown = r.settings.output;
  if (shown === undefined) return undefined;
  const path = resolve(deps.cwd, shown);
  const partial = `${path}.partial`;
  // A device or a pipe (`-o /dev/stdout`) is written in place, as safe-write.ts says.
  if ((await checkOutput(path, shown, [])) === "device") {
    if (r.resume) throw new CliError(`--resume needs a file to continue: ${shown} is a device`);
    return { file: await openDevice(path), carried: { done: new Set(), summary: emptySummary() } };
  }
  if (r.format !== "jsonl") {
    const opened = await openAtomicFile(path, {}, shown);
    if (!opened.ok) throw new CliError(opened.error);
    return { file: opened.file, carried: { done: new Set(), summary: emptySummary() } };
  }
  if (!r.resume) {
    const opened = await openAtomicFile(path, { temp: partial }, shown);
    if (!opened.ok)
      throw new CliError(
        opened.code === "exists"
          ? `${shown}.partial exists: a run writing ${shown} was interrupted (add --resume to continue it, or delete the file) or is still running`
          : opened.error,
      );
    return { file: opened.file, carried: { done: new Set(), summary: emptySummary() } };
  }
  // --resume: a fresh copy of what the earlier runs wrote takes over the `.partial` name.
  const opened = await openAtomicFile(path, {}, shown);
  if (!opened.ok) throw new CliError(opened.error);
  try {
    const carried = await carryOver([partial, path], opened.file);
    await opened.file.renameTemp(partial);
    if (carried.dropped > 0)
      deps.stderr.write(`warning: --resume dropped ${carried.dropped} line(s) that are not whole results\n`);
    return { file: opened.file, carried };
  } catch (error) {
    await opened.file.discard();
    throw new CliError(`cannot resume from ${shown}: ${messageOf(error)}`);
  }
}

/** The inputs: the command line's domains, then the file's (without those already there or done). */
async function gatherInputs(
  r: BulkCheckRequest,
  deps: CliDeps,
  done: ReadonlySet<string>,
): Promise<{ inputs: AsyncIterable<DomainInput>; total: number }> {
  const own = r.domains.filter((d) => !done.has(d.domain));
  const named = new Set(r.domains.map((d) => d.domain));
  if (r.domainsFile === undefined) {
    return {
      total: own.length,
      inputs: (async function* () {
        yield* own;
      })(),
    };
  }
  const read = await readDomainList(resolve(deps.cwd, r.domainsFile), {
    skip: (d) => done.has(d) || named.has(d),
  });
  if (!read.ok) throw new CliError(`cannot read the domains file ${r.domainsFile}: ${read.error}`);
  const list = read.list;
  if (list.total + list.skipped + own.length === 0 && done.size === 0)
    throw new CliError(`${r.domainsFile} lists no domains`);
  return {
    total: own.length + list.total,
    inputs: (async function* () {
      yield* own;
      yield* list;
    })(),
  };
}

/** Runs the bulk check; returns the exit code. */
export async function bulkCheckCommand(r: BulkCheckRequest, deps: CliDeps): Promise<number> {
  if (r.resume && (r.format !== "jsonl" || r.settings.output === undefined))
    throw new CliError("--resume continues a JSON Lines output: use it with --format jsonl and --output FILE");
  // Every path is checked (and opened) before the first DNS question.
  const output = await openOutput(r, deps);
  let recording: AtomicFile | undefined;
  const carried = output?.carried ?? { done: new Set<string>(), summary: emptySummary() };
  let writerClose = async () => {};
  try {
    if (r.settings.record !== undefined) {
      const opened = await openAtomicFile(resolve(deps.cwd, r.settings.record), {}, r.settings.record);
      if (!opened.ok) throw new CliError(opened.error.replace(/^cannot write /, "cannot write the DNS recording "));
      recording = opened.file;
    }
    const { inputs, total } = await gatherInputs(r, deps, carried.done);
    carried.done.clear();

    const recorder = recording === undefined ? undefined : new RecordingResolver(r.resolver);
    const direct = recorder ?? r.resolver;
    const shared = new CachingResolver(direct, { maxEntries: SHARED_CACHE_ENTRIES });
    const out: TextSink = output?.file ?? streamSink(deps.stdout);
    const writer = await createBulkWriter({
      format: r.format,
      out,
      version: packageVersion(),
      formatOptions: { color: r.settings.color, ruleMeta },
      // Pieces are kept beside the output file (a device has no folder to keep them in: the default).
      ...(output?.file instanceof AtomicFile && r.settings.output !== undefined
        ? { spoolDir: dirname(resolve(deps.cwd, r.settings.output)) }
        : {}),
    });
    writerClose = () => writer.close();

    // Ctrl-C (or a TERM) stops handing out domains; a second one ends the process.
    const stop = new AbortController();
    const onSignal = () => {
      if (stop.signal.aborted) process.exit(130);
      stop.abort(new Error("interrupted"));
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
    const progress = progressReporter(deps.stderr, total, deps.now ? { now: deps.now } : {});
    const guard = startHeapGuard();
    let outcome: Awaited<ReturnType<typeof runBulk>>;
    try {
      outcome = await runBulk(inputs, {
        check: deps.checkDomain,
        options: { ...r.options, resolver: shared },
        direct,
        concurrency: r.concurrency,
        domainTimeoutMs: r.domainTimeoutMs,
        signal: stop.signal,
        admit: (inFlight) => guard.admit(inFlight),
        ...(deps.now ? { now: deps.now } : {}),
        onResult: async (result, index, s) => {
          await writer.add(result, index);
          progress.update(s.domains, result.domain);
        },
      });
    } finally {
      guard.stop();
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
      progress.finish();
    }
    const whole = mergeSummaries(carried.summary, outcome.summary);

    if (outcome.stopped) {
      const keep = output !== undefined && r.format === "jsonl";
      if (keep) await output.file.keep();
      else await output?.file.discard();
      await recording?.discard();
      deps.stderr.write(summaryLine(whole, { carried: carried.summary.domains, stopped: true }));
      if (keep)
        deps.stderr.write(
          `the results so far are in ${r.settings.output}.partial: run the same command with --resume to continue\n`,
        );
      return 130;
    }
    await writer.finish(whole);
    await output?.file.commit();
    deps.stderr.write(summaryLine(whole, { carried: carried.summary.domains }));
    // The report is in place: a recording that cannot be written costs only the recording.
    if (recording !== undefined && recorder !== undefined) {
      try {
        const comment = `email-auth-audit check (${whole.domains} domains)`;
        await recording.write(`${JSON.stringify(recorder.toFixture(comment), null, 2)}\n`);
        await recording.commit();
      } catch (error) {
        await recording.discard();
        deps.stderr.write(
          `error: cannot write the DNS recording ${r.settings.record}: ${messageOf(error)} (the report was written)\n`,
        );
        return EXIT.usage;
      }
    }
    return exitFor(whole, r.settings.failOn);
  } catch (error) {
    // A JSON Lines output stays as `.partial` (a resumed run continues it); anything else goes.
    if (output !== undefined && r.format === "jsonl") await output.file.keep().catch(() => {});
    else await output?.file.discard();
    await recording?.discard();
    throw error;
  } finally {
    await writerClose();
  }
}
