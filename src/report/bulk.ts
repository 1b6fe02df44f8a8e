/**
 * The bulk formats by name, and {@link formatBulk}, which prints a {@link BulkReport} held in
 * memory (a small run, or a test). A run of any size is written by `src/bulk` from the same
 * layouts, one domain at a time.
 *
 * | format | layout |
 * |---|---|
 * | `text` | each domain's report, then the summary table and the totals (last) |
 * | `json` | the {@link BulkReport} |
 * | `jsonl` | one {@link DomainResult} per line, as each domain finishes |
 * | `csv` | a header, then one summary row per domain, as each domain finishes |
 * | `markdown` | title, totals and the summary table first, then each domain's report |
 * | `html` | one page: the summary table first (linking to each domain), then each domain's sections |
 * | `sarif` | one run with every domain's results; domains not checked as notifications |
 */
import { csvLayout } from "./bulk-csv.ts";
import { htmlLayout } from "./bulk-html.ts";
import { jsonLayout } from "./bulk-json.ts";
import { jsonlLayout } from "./bulk-jsonl.ts";
import { assembleInMemory, type BulkLayout } from "./bulk-layout.ts";
import { markdownLayout } from "./bulk-markdown.ts";
import { sarifLayout } from "./bulk-sarif.ts";
import { textLayout } from "./bulk-text.ts";
import type { BulkReport } from "./bulk-types.ts";
import type { FormatOptions } from "./types.ts";

/** The bulk format names: the report formats, plus JSON Lines and CSV (streamed). */
export const BULK_FORMAT_NAMES = ["text", "json", "markdown", "sarif", "html", "jsonl", "csv"] as const;

/** A bulk format name. */
export type BulkFormatName = (typeof BULK_FORMAT_NAMES)[number];

/** Whether `name` is a bulk format name. */
export function isBulkFormatName(name: string): name is BulkFormatName {
  return (BULK_FORMAT_NAMES as readonly string[]).includes(name);
}

/** The layout of a bulk format (a fresh one per run: document layouts keep column widths and rule tables). */
export function bulkLayout(format: BulkFormatName, options: FormatOptions = {}): BulkLayout {
  switch (format) {
    case "json":
      return jsonLayout();
    case "jsonl":
      return jsonlLayout();
    case "csv":
      return csvLayout();
    case "markdown":
      return markdownLayout(options);
    case "html":
      return htmlLayout(options);
    case "sarif":
      return sarifLayout(options);
    case "text":
      return textLayout(options);
  }
}

/** Formats a bulk report held in memory in one of the bulk formats. */
export function formatBulk(bulk: BulkReport, format: BulkFormatName, options: FormatOptions = {}): string {
  const layout = bulkLayout(format, options);
  const meta = { version: bulk.tool.version, generatedAt: bulk.generatedAt };
  if (layout.kind === "stream")
    return layout.head(meta) + bulk.entries.map((e) => layout.piece(e)).join("") + layout.tail(bulk.summary);
  return assembleInMemory(layout, bulk.entries, meta, bulk.summary);
}
