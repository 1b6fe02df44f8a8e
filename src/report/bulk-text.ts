/**
 * The bulk `text` format: each domain's text report under a `── domain ──` rule, then a summary
 * table (one row per domain) and the totals, last, where a terminal leaves them in view. The rows
 * are kept as their cells and laid out at the end, once every column's width is known: a padded
 * table when it fits the width (`options.width`, default 100), else one card per domain.
 */
import { createColors } from "picocolors";
import type { BulkMeta, DocumentLayout } from "./bulk-layout.ts";
import { ROW_TITLES, type RowResult, summaryRow, totalsLine } from "./bulk-rows.ts";
import type { BulkSummary, DomainResult } from "./bulk-types.ts";
import { printable } from "./printable.ts";
import { formatText } from "./text.ts";
import { type Cell, cardLines } from "./text-table.ts";
import { displayWidth, padEnd, textWidth, wrapLine } from "./text-width.ts";
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
  const widths = HEADER.map((h) => displayWidth(h));
  const limit = textWidth(options.width);
  /** Whether the padded table fits the width (known once every row is in). */
  const fits = () => displayWidth(INDENT) + widths.reduce((a, b) => a + b, 0) + 2 * (widths.length - 1) <= limit;

  const line = (cells: string[], paints: ((s: string) => string)[] = []) =>
    INDENT +
    cells
      .map((cell, i) => {
        const padded = i === cells.length - 1 ? cell : padEnd(cell, widths[i] ?? 0);
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
          const resultPaint = paint[cells[1] as RowResult] ?? ((s: string) => s);
          if (fits()) return line(cells, [(s) => s, resultPaint]);
          const row: Cell[] = cells.map((text, i) => (i === 1 ? { text, paint: resultPaint } : { text }));
          return cardLines(HEADER, [row], INDENT, c.bold, limit).join("\n");
        },
      },
    ],
    pieces(result: DomainResult) {
      const r = summaryRow(result);
      const cells = [r.domain, r.result, r.spf, r.dmarc, r.errors, r.warnings, r.info, r.note].map(printable);
      cells.forEach((cell, i) => {
        widths[i] = Math.max(widths[i] ?? 0, displayWidth(cell));
      });
      return { sections: section(result), rows: JSON.stringify(cells) };
    },
    assemble(_meta: BulkMeta, summary: BulkSummary) {
      // `assemble` runs once every piece is in: `fits` is final.
      const header = fits()
        ? `${line(
            HEADER,
            HEADER.map(() => c.bold),
          )}\n`
        : "";
      return [
        { channel: "sections" },
        `\n${c.bold("Summary")}\n${header}`,
        { channel: "rows" },
        `\n${wrapLine(`${INDENT}${totalsLine(summary)}`, limit, { continuation: INDENT }).join("\n")}\n`,
      ];
    },
  };
}
