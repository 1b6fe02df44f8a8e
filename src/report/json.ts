/**
 * The `json` format: the {@link AuditReport} itself, as `audit()` returns it, indented. It
 * validates against `schema/report.schema.json` (the tests check this).
 */
import type { AuditReport } from "../audit/report-types.ts";
import type { FormatOptions } from "./types.ts";

/** Formats a report as JSON (two-space indent, trailing newline). */
export function formatJson(report: AuditReport, _options: FormatOptions = {}): string {
  return JSON.stringify(report, null, 2) + "\n";
}
