/**
 * Reading DMARC aggregate reports: `parseAggregateReport` for bytes in memory, and
 * `readAggregateReport` for a stream of bytes with one callback per record (memory stays the
 * size of one record, whatever the report's size).
 */
import { AggregateReader } from "./aggregate-reader.ts";
import { type ReportLimits, resolveLimits } from "./limits.ts";
import { refusalOf } from "./refusal.ts";
import type { AggregateParseResult, AggregateRecord, AggregateStreamResult } from "./types.ts";

/** Options of the aggregate report readers. */
export interface AggregateParseOptions {
  /** The file name the bytes came from (used in messages only). */
  filename?: string;
  /** Limits (records per report, text size); defaults in `DEFAULT_REPORT_LIMITS`. */
  limits?: Partial<ReportLimits>;
}

/** Options of the streaming reader. */
export interface AggregateStreamOptions extends AggregateParseOptions {
  /** Called once per `<record>`, in document order, as soon as the record closes. */
  onRecord: (record: AggregateRecord) => void | Promise<void>;
}

/**
 * Parses one DMARC aggregate report (RFC 7489 Appendix C or RFC 9990) held in memory: the XML
 * itself, already decompressed (see `readReportInputs` for .gz, .zip and mail). Never throws:
 * a refused input comes back as `{ ok: false, error: { reason, message } }`.
 */
export function parseAggregateReport(bytes: Uint8Array, options: AggregateParseOptions = {}): AggregateParseResult {
  const records: AggregateRecord[] = [];
  try {
    const reader = new AggregateReader(resolveLimits(options.limits), (r) => {
      records.push(r);
    });
    if (bytes.byteLength === 0)
      return { ok: false, error: { reason: "empty", message: named(options, "the input is empty (0 bytes)") } };
    reader.write(bytes);
    const result = reader.end();
    if (!result.ok) return { ok: false, error: { ...result.error, message: named(options, result.error.message) } };
    return { ok: true, report: { ...result.report, records }, problems: result.problems, schema: result.schema };
  } catch (e) {
    return { ok: false, error: { reason: "unreadable", message: named(options, String(e)) } };
  }
}

/**
 * Reads one aggregate report from a stream of byte chunks (a file stream, a gunzip stream...),
 * handing each record to `onRecord` and awaiting it (so a store can write at its own pace).
 * Returns the report header and the number of records. Never throws for bad input; an error
 * thrown by `onRecord` or by the source ends the read as `unreadable`.
 */
export async function readAggregateReport(
  source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  options: AggregateStreamOptions,
): Promise<AggregateStreamResult> {
  let pending: AggregateRecord[] = [];
  const reader = new AggregateReader(resolveLimits(options.limits), (r) => {
    pending.push(r);
  });
  let total = 0;
  try {
    for await (const chunk of source) {
      total += chunk.byteLength;
      reader.write(chunk);
      if (pending.length > 0) {
        const batch = pending;
        pending = [];
        for (const r of batch) await options.onRecord(r);
      }
      if (reader.failed) break;
    }
    const result = total === 0 ? undefined : reader.end();
    for (const r of pending) await options.onRecord(r);
    if (result === undefined)
      return {
        ok: false,
        error: { reason: "empty", message: named(options, "the input is empty (0 bytes)") },
        recordCount: 0,
      };
    if (!result.ok) return { ...result, error: { ...result.error, message: named(options, result.error.message) } };
    return result;
  } catch (e) {
    const error = refusalOf(e, "unreadable");
    return { ok: false, error: { ...error, message: named(options, error.message) }, recordCount: reader.recordCount };
  }
}

function named(options: AggregateParseOptions, message: string): string {
  return options.filename === undefined ? message : `${options.filename}: ${message}`;
}
