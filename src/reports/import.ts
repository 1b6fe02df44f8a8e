/**
 * Importing reports into a store: every document found in the inputs is read as it streams
 * (records go to the store in batches, never all in memory) and every input, imported or not,
 * is written to the store's files log.
 */

import { readAggregateReport } from "./aggregate.ts";
import { collect } from "./bytes.ts";
import type { InputItem } from "./expand.ts";
import { type InputOptions, readInputs } from "./inputs.ts";
import { resolveLimits } from "./limits.ts";
import { refusalOf } from "./refusal.ts";
import type { FileLogEntry, ReportStore } from "./store-types.ts";
import { parseTlsReport } from "./tls.ts";
import type { AggregateRecord } from "./types.ts";

/** Records handed to the store at a time. */
const BATCH = 500;

/** What an import did, in counts (the details are in the store's files log). */
export interface ImportSummary {
  imported: number;
  duplicates: number;
  refused: number;
  /** Records written (of imported reports). */
  records: number;
}

/** Options of `importReports`. */
export interface ImportOptions extends InputOptions {
  /** Called after each input is logged (for progress output). */
  onEntry?: (entry: FileLogEntry) => void;
}

/** Imports every report found in `paths` (files, folders, `-` for standard input) into `store`. */
export async function importReports(
  paths: readonly string[],
  store: ReportStore,
  options: ImportOptions = {},
): Promise<ImportSummary> {
  return importItems(readInputs(paths, options), store, options);
}

/** Imports the documents of an item stream (from `readInputs`, or IMAP messages). */
export async function importItems(
  items: AsyncIterable<InputItem>,
  store: ReportStore,
  options: ImportOptions = {},
): Promise<ImportSummary> {
  const summary: ImportSummary = { imported: 0, duplicates: 0, refused: 0, records: 0 };
  for await (const item of items) {
    const entry = await importItem(item, store, options);
    await store.logFile(entry);
    if (entry.outcome === "imported") {
      summary.imported++;
      if (entry.kind === "aggregate") summary.records += entry.records ?? 0;
    } else if (entry.outcome === "duplicate") summary.duplicates++;
    else summary.refused++;
    options.onEntry?.(entry);
  }
  return summary;
}

async function importItem(item: InputItem, store: ReportStore, options: ImportOptions): Promise<FileLogEntry> {
  const base: FileLogEntry = {
    at: new Date().toISOString(),
    file: item.file,
    name: item.name,
    kind: null,
    outcome: "refused",
    reason: null,
    message: null,
    reporter: null,
    reportId: null,
    policyDomain: null,
    records: null,
  };
  if (item.type === "refused") return { ...base, reason: item.error.reason, message: item.error.message };
  if (item.kind === "tls") {
    let bytes: Buffer;
    try {
      bytes = await collect(item.source, resolveLimits(options.limits).maxBufferBytes, "the TLS report");
    } catch (e) {
      const error = refusalOf(e, "unreadable");
      return { ...base, kind: "tls", reason: error.reason, message: error.message };
    }
    const parsed = parseTlsReport(bytes, { limits: options.limits ?? {} });
    if (!parsed.ok) return { ...base, kind: "tls", reason: parsed.error.reason, message: parsed.error.message };
    const stored = await store.addTlsReport(parsed.report, item.name);
    return {
      ...base,
      kind: "tls",
      outcome: stored.outcome,
      reporter: parsed.report.organizationName,
      reportId: parsed.report.reportId,
      policyDomain: parsed.report.policies[0]?.policyDomain ?? null,
      records: parsed.report.policies.length,
    };
  }
  const pending = await store.beginAggregate(item.name);
  let batch: AggregateRecord[] = [];
  let result: Awaited<ReturnType<typeof readAggregateReport>>;
  try {
    result = await readAggregateReport(item.source, {
      limits: options.limits ?? {},
      onRecord: async (r) => {
        batch.push(r);
        if (batch.length >= BATCH) {
          const full = batch;
          batch = [];
          await pending.add(full);
        }
      },
    });
    if (result.ok) await pending.add(batch);
  } catch (e) {
    await pending.abort();
    const error = refusalOf(e, "unreadable");
    return { ...base, kind: "aggregate", reason: error.reason, message: error.message };
  }
  if (!result.ok) {
    await pending.abort();
    return { ...base, kind: "aggregate", reason: result.error.reason, message: result.error.message };
  }
  const stored = await pending.commit(result.report, { schema: result.schema, problems: result.problems });
  return {
    ...base,
    kind: "aggregate",
    outcome: stored.outcome,
    reporter: result.report.orgName,
    reportId: result.report.reportId,
    policyDomain: result.report.policy.domain,
    records: result.recordCount,
    message: result.problems.length === 0 ? null : result.problems.map((p) => p.message).join("; "),
  };
}
