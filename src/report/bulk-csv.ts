/**
 * The bulk `csv` format (RFC 4180): a header line, then one line per domain, written as each
 * domain finishes: the summary row (domain, status, result, SPF, DMARC, counts, top finding or
 * reason). Lines end in CRLF (RFC 4180 §2.1); a field with a comma, a quote or a line break is
 * quoted, quotes doubled (§2.6, §2.7). A field that a spreadsheet would read as a formula (starting
 * with `=`, `+`, `-`, `@`, a tab or a carriage return) gets a leading `'` (OWASP "CSV Injection"):
 * the text comes from DNS, which anyone can write.
 */
import type { StreamLayout } from "./bulk-layout.ts";
import { summaryRow } from "./bulk-rows.ts";
import type { DomainResult } from "./bulk-types.ts";

/** The CSV columns. */
export const CSV_COLUMNS = [
  "domain",
  "status",
  "result",
  "spf",
  "dmarc",
  "errors",
  "warnings",
  "info",
  "note",
] as const;

/** One field, quoted when it must be and defused when a spreadsheet would run it. */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One result as one CSV line. */
export function csvLine(result: DomainResult): string {
  const row = summaryRow(result);
  // A domain with no report has empty cells (not the tables' "-"): numbers columns stay numbers.
  const cell = (value: string) => (result.status === "checked" ? value : "");
  const fields = [
    row.domain,
    result.status,
    row.result,
    cell(row.spf),
    cell(row.dmarc),
    cell(row.errors),
    cell(row.warnings),
    cell(row.info),
    row.note,
  ];
  return `${fields.map(csvField).join(",")}\r\n`;
}

/** The layout of the CSV format. */
export function csvLayout(): StreamLayout {
  return { kind: "stream", head: () => `${CSV_COLUMNS.join(",")}\r\n`, piece: csvLine, tail: () => "" };
}
