/**
 * The bulk `markdown` format: a title, the totals and the summary table first, then each domain's
 * report (`formatMarkdown`), as documents do.
 */
import type { BulkMeta, DocumentLayout } from "./bulk-layout.ts";
import { ROW_TITLES, summaryRow, thousands, totalsLine } from "./bulk-rows.ts";
import type { BulkSummary, DomainResult } from "./bulk-types.ts";
import { formatMarkdown } from "./markdown.ts";
import { mdCode, mdText } from "./markdown-text.ts";
import type { FormatOptions } from "./types.ts";

/** The layout of the bulk Markdown report. */
export function markdownLayout(options: FormatOptions = {}): DocumentLayout {
  return {
    kind: "document",
    channels: [
      { name: "rows", separator: "\n" },
      { name: "reports", separator: "\n" },
    ],
    pieces(result: DomainResult) {
      const r = summaryRow(result);
      const row = `| ${mdCode(r.domain)} | ${r.result} | ${mdText(r.spf)} | ${mdText(r.dmarc)} | ${r.errors} | ${r.warnings} | ${r.info} | ${mdText(r.note)} |`;
      const report =
        result.status === "checked"
          ? formatMarkdown(result.report, options)
          : `## ${mdCode(result.domain)}: ${result.status === "not-found" ? "not found" : "not checked"}\n\n${mdText(result.reason)}\n`;
      return { rows: row, reports: `${report.trimEnd()}\n` };
    },
    assemble(_meta: BulkMeta, summary: BulkSummary) {
      const title = `# email-auth-audit: bulk check of ${thousands(summary.domains)} domain${summary.domains === 1 ? "" : "s"}`;
      return [
        `${title}\n\n${totalsLine(summary)}\n\n| ${ROW_TITLES.join(" | ")} |\n|${ROW_TITLES.map(() => "---|").join("")}\n`,
        { channel: "rows" },
        "\n\n",
        { channel: "reports" },
      ];
    },
  };
}
