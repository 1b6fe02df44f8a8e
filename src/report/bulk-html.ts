/**
 * The bulk `html` format: one self-contained page, the summary table (each domain linking to its
 * section) first, then each domain's report sections.
 */
import type { BulkMeta, DocumentLayout } from "./bulk-layout.ts";
import { ROW_TITLES, type RowResult, summaryRow, thousands, totalsLine } from "./bulk-rows.ts";
import type { BulkSummary, DomainResult } from "./bulk-types.ts";
import { htmlPage } from "./html.ts";
import { esc } from "./html-escape.ts";
import { reportSections } from "./html-sections.ts";
import type { FormatOptions } from "./types.ts";

const TONE: Record<RowResult, string> = {
  PASS: "ok",
  WARN: "warn",
  FAIL: "bad",
  "NOT FOUND": "warn",
  "NOT CHECKED": "bad",
};
const BODY = "\u0000body\u0000";

/** The layout of the bulk HTML report. */
export function htmlLayout(options: FormatOptions = {}): DocumentLayout {
  return {
    kind: "document",
    channels: [
      { name: "rows", separator: "\n" },
      { name: "sections", separator: "\n" },
    ],
    pieces(result: DomainResult) {
      const r = summaryRow(result);
      const anchor = `d-${esc(encodeURIComponent(r.domain))}`;
      const row = `<tr><td><a href="#${anchor}"><code>${esc(r.domain)}</code></a></td><td class="cell ${TONE[r.result]}">${r.result}</td><td>${esc(r.spf)}</td><td>${esc(r.dmarc)}</td><td>${r.errors}</td><td>${r.warnings}</td><td>${r.info}</td><td>${esc(r.note)}</td></tr>`;
      const body =
        result.status === "checked"
          ? reportSections(result.report, options, 2)
          : `<h2>${esc(result.domain)}: <span class="badge ${TONE[r.result]}">${r.result}</span></h2><p>${esc(result.reason)}</p>`;
      return { rows: row, sections: `<section class="report" id="${anchor}">\n${body}\n</section>` };
    },
    assemble(meta: BulkMeta, summary: BulkSummary) {
      const title = `email-auth-audit: bulk check of ${thousands(summary.domains)} domain${summary.domains === 1 ? "" : "s"}`;
      const [before = "", after = ""] = htmlPage(title, BODY).split(BODY);
      return [
        before,
        `<main>\n<h1>${esc(title)}</h1>\n<p class="meta">${esc(totalsLine(summary))} · ${esc(meta.generatedAt)}</p>\n`,
        `<table class="bulk-summary"><thead><tr>${ROW_TITLES.map((t) => `<th>${esc(t)}</th>`).join("")}</tr></thead><tbody>\n`,
        { channel: "rows" },
        "\n</tbody></table>\n",
        { channel: "sections" },
        "\n</main>",
        after,
      ];
    },
  };
}
