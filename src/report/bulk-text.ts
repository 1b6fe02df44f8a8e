/**
 * The bulk `text` format: each domain's text report under a `── domain ──` rule, then a summary
 * table (one row per domain) and the totals, last, where a terminal leaves them in view. The rows
 * are kept as their cells and padded at the end, once every column's width is known.
 */
import { createColors } from "picocolors";
import type { BulkMeta, DocumentLayout } from "./bulk-layout.ts";
import { ROW_TITLES, type RowResult, summaryRow, totalsLine } from "./bulk-rows.ts";
import type { BulkSummary, DomainResult } from "./bulk-types.ts";
import { printable } from "./printable.ts";
import { formatText } from "./text.ts";
import type { FormatOptions } from "./types.ts";

const HEADER = ROW_TITLES.map((t) => t.toUpperCase());
const INDENT = "  ";

/** The layout of the bulk text report. */
export function textLayout(options: FormatOptions = {}): DocumentLayout {
  const c = createColors(options.color === true);
  const paint: Record<RowResult, (s: string) => string> = {
    PASS: c.green,
    WARN: c.yellow,
    FAIL: c.red,
    "NOT FOUND": c.yellow,
    "NOT CHECKED": c.red,
  };
  const widths = HEADER.map((h) => h.length);
  const width = (s: string) => [...s].length;

  const line = (cells: string[], paints: ((s: string) => string)[] = []) =>
    INDENT +
    cells
      .map((cell, i) => {
        const padded = i === cells.length - 1 ? cell : cell + " ".repeat(Math.max(0, (widths[i] ?? 0) - width(cell)));
        const p = paints[i];
        return p ? p(padded) : padded;
      })
      .join("  ")
      .trimEnd();

  const section = (result: DomainResult): string => {
    const rule = c.dim(`── ${printable(result.domain)} ${"─".repeat(Math.max(2, 60 - result.domain.length))}`);
    if (result.status === "checked") return `${rule}\n${formatText(result.report, options)}`;
    const mark = result.status === "not-found" ? c.yellow("!") : c.red("✖");
    const what = result.status === "not-found" ? "not found" : "not checked";
    const where = result.status === "not-checked" && result.line !== undefined ? ` (line ${result.line})` : "";
    return `${rule}\n${mark} ${printable(result.domain)}: ${what}: ${printable(result.reason)}${where}\n`;
  };

  return {
    kind: "document",
    channels: [
      { name: "sections", separator: "\n" },
      {
        name: "rows",
        separator: "\n",
        render: (piece) => {
          const cells = JSON.parse(piece) as string[];
          return line(cells, [(s) => s, paint[cells[1] as RowResult] ?? ((s) => s)]);
        },
      },
    ],
    pieces(result: DomainResult) {
      const r = summaryRow(result);
      const cells = [r.domain, r.result, r.spf, r.dmarc, r.errors, r.warnings, r.info, r.note].map(printable);
      cells.forEach((cell, i) => {
        widths[i] = Math.max(widths[i] ?? 0, width(cell));
      });
      return { sections: section(result), rows: JSON.stringify(cells) };
    },
    assemble(_meta: BulkMeta, summary: BulkSummary) {
      const header = line(
        HEADER,
        HEADER.map(() => c.bold),
      );
      return [
        { channel: "sections" },
        `\n${c.bold("Summary")}\n${header}\n`,
        { channel: "rows" },
        `\n  ${totalsLine(summary)}\n`,
      ];
    },
  };
}
