/**
 * Loading aggregate reports into memory (no store): every document in the inputs is read and
 * kept whole, up to a total number of records. For a handful of files, a test or a demo; for a
 * mailbox's worth, import into a store (`importReports`) and audit from the store.
 */
import { readAggregateReport } from "./aggregate.ts";
import type { InputItem } from "./expand.ts";
import { type InputOptions, readInputs } from "./inputs.ts";
import { resolveLimits } from "./limits.ts";
import type { AggregateRecord, AggregateReport, RefusalError } from "./types.ts";

/** Options of {@link loadAggregateReports}. */
export interface LoadOptions extends InputOptions {
  /** Most records kept over all reports (default: the `maxRecords` limit, 1,000,000). */
  maxTotalRecords?: number;
}

/** What {@link loadAggregateReports} read: the reports, and every input it could not use, with why. */
export interface LoadResult {
  reports: AggregateReport[];
  refused: { file: string; name: string; error: RefusalError }[];
  /** TLS reports found and skipped (import them into a store to keep them). */
  skipped: number;
}

/** Reads every aggregate report in `paths` (files, folders, archives, mail; `-` for standard input). Never throws for bad input. */
export async function loadAggregateReports(paths: readonly string[], options: LoadOptions = {}): Promise<LoadResult> {
  return loadItems(readInputs(paths, options), options);
}

/** Reads every aggregate report of an item stream into memory. */
export async function loadItems(items: AsyncIterable<InputItem>, options: LoadOptions = {}): Promise<LoadResult> {
  const limits = resolveLimits(options.limits);
  const budget = options.maxTotalRecords ?? limits.maxRecords;
  const out: LoadResult = { reports: [], refused: [], skipped: 0 };
  let total = 0;
  for await (const item of items) {
    if (item.type === "refused") {
      out.refused.push({ file: item.file, name: item.name, error: item.error });
      continue;
    }
    if (item.kind === "tls") {
      out.skipped++;
      continue;
    }
    const records: AggregateRecord[] = [];
    let over = false;
    const result = await readAggregateReport(item.source, {
      filename: item.name,
      limits,
      onRecord: (r) => {
        if (total + records.length >= budget) over = true;
        else records.push(r);
      },
    });
    if (!result.ok) {
      out.refused.push({ file: item.file, name: item.name, error: result.error });
      continue;
    }
    if (over) {
      out.refused.push({
        file: item.file,
        name: item.name,
        error: { reason: "too-many-records", message: `more than ${budget} records in all (maxTotalRecords)` },
      });
      continue;
    }
    total += records.length;
    out.reports.push({ ...result.report, records });
  }
  return out;
}
