/**
 * Rendering a bulk check (several domains) in each format: every domain's report (or why there is
 * none) and a summary table. Text puts the summary last, where a terminal leaves it in view;
 * Markdown and HTML put it first, as documents do. JSON is the {@link BulkReport}; SARIF is one
 * run with every domain's results, and the domains that could not be checked as tool execution
 * notifications.
 */
import { createColors } from "picocolors";
import type { AuditReport } from "../audit/report-types.ts";
import type { BulkEntry, BulkReport } from "./bulk-types.ts";
import { htmlPage } from "./html.ts";
import { esc } from "./html-escape.ts";
import { reportSections } from "./html-sections.ts";
import type { FormatName } from "./index.ts";
import { formatMarkdown } from "./markdown.ts";
import { mdCode, mdText } from "./markdown-text.ts";
import { printable } from "./printable.ts";
import { sarifLog } from "./sarif.ts";
import { SPF_LOOKUP_LIMIT } from "./spf-tree.ts";
import { formatText } from "./text.ts";
import { type Cell, textTable } from "./text-table.ts";
import { textWidth } from "./text-width.ts";
import type { FormatOptions } from "./types.ts";
import { counted } from "./words.ts";

/** One summary row per domain: the cells every format shows. */
interface Row {
  domain: string;
  result: "PASS" | "WARN" | "FAIL" | "NOT CHECKED";
  spf: string;
  dmarc: string;
  errors: string;
  warnings: string;
  info: string;
  note: string;
}

function domainOf(report: AuditReport, domain: string) {
  return report.domains.find((d) => d.domain === domain) ?? report.domains[0];
}

function summaryRow(entry: BulkEntry): Row {
  if (entry.status === "failed") {
    return {
      domain: entry.domain,
      result: "NOT CHECKED",
      spf: "-",
      dmarc: "-",
      errors: "-",
      warnings: "-",
      info: "-",
      note: `${entry.line !== undefined ? `line ${entry.line}: ` : ""}${entry.error}`,
    };
  }
  const r = entry.report;
  const d = domainOf(r, entry.domain);
  const top = r.findings.find((f) => f.severity === "error") ?? r.findings[0];
  return {
    domain: entry.domain,
    result: r.summary.status === "pass" ? "PASS" : r.summary.status === "warn" ? "WARN" : "FAIL",
    spf:
      d === undefined ? "-" : d.spf.status === "ok" ? `ok, ${d.spf.lookups}/${SPF_LOOKUP_LIMIT} lookups` : d.spf.status,
    dmarc: d === undefined ? "-" : d.dmarc.status === "ok" ? `p=${d.dmarc.policy ?? "?"}` : d.dmarc.status,
    errors: String(r.summary.findings.error),
    warnings: String(r.summary.findings.warning),
    info: String(r.summary.findings.info),
    note: top ? `${top.ruleId}: ${top.message}` : "",
  };
}

function totals(b: BulkReport): string {
  const s = b.summary;
  return `${counted(s.domains, "domain")}: ${s.status.pass} pass, ${s.status.warn} warn, ${s.status.fail} fail, ${s.failed} not checked · ${counted(s.findings.error, "error")}, ${counted(s.findings.warning, "warning")}, ${s.findings.info} info · ${(s.elapsedMs / 1000).toFixed(1)} s`;
}

const HEADER = ["DOMAIN", "RESULT", "SPF", "DMARC", "ERRORS", "WARNINGS", "INFO", "TOP FINDING OR ERROR"];

function bulkText(b: BulkReport, options: FormatOptions): string {
  const c = createColors(options.color === true);
  const paint = { PASS: c.green, WARN: c.yellow, FAIL: c.red, "NOT CHECKED": c.red } as const;
  const parts = b.entries.map((entry) => {
    const rule = c.dim(`── ${printable(entry.domain)} ${"─".repeat(Math.max(2, 60 - entry.domain.length))}`);
    if (entry.status === "failed")
      return `${rule}\n${c.red("✖")} ${printable(entry.domain)}: not checked: ${printable(entry.error)}${entry.line !== undefined ? ` (line ${entry.line})` : ""}\n`;
    return `${rule}\n${formatText(entry.report, options)}`;
  });
  const rows = b.entries
    .map(summaryRow)
    .map((r) => [
      printable(r.domain),
      { text: r.result, paint: paint[r.result] } as Cell,
      printable(r.spf),
      printable(r.dmarc),
      r.errors,
      r.warnings,
      r.info,
      printable(r.note),
    ]);
  return `${parts.join("\n")}\n${c.bold("Summary")}\n${textTable(HEADER, rows, { bold: c.bold, width: textWidth(options.width) })}\n  ${totals(b)}\n`;
}

function bulkMarkdown(b: BulkReport, options: FormatOptions): string {
  const rows = b.entries
    .map(summaryRow)
    .map(
      (r) =>
        `| ${mdCode(r.domain)} | ${r.result} | ${mdText(r.spf)} | ${mdText(r.dmarc)} | ${r.errors} | ${r.warnings} | ${r.info} | ${mdText(r.note)} |`,
    );
  const reports = b.entries.map((e) =>
    e.status === "checked"
      ? formatMarkdown(e.report, options)
      : `## ${mdCode(e.domain)}: not checked\n\n${mdText(e.error)}\n`,
  );
  return (
    [
      `# email-auth-audit: bulk check of ${counted(b.summary.domains, "domain")}`,
      "",
      totals(b),
      "",
      "| Domain | Result | SPF | DMARC | Errors | Warnings | Info | Top finding or error |",
      "|---|---|---|---|---|---|---|---|",
      ...rows,
      "",
      ...reports,
    ]
      .join("\n")
      .trimEnd() + "\n"
  );
}

function bulkHtml(b: BulkReport, options: FormatOptions): string {
  const tone = { PASS: "ok", WARN: "warn", FAIL: "bad", "NOT CHECKED": "bad" } as const;
  const rows = b.entries
    .map(summaryRow)
    .map(
      (r) =>
        `<tr><td><a href="#d-${esc(encodeURIComponent(r.domain))}"><code>${esc(r.domain)}</code></a></td><td class="cell ${tone[r.result]}">${r.result}</td><td>${esc(r.spf)}</td><td>${esc(r.dmarc)}</td><td>${r.errors}</td><td>${r.warnings}</td><td>${r.info}</td><td>${esc(r.note)}</td></tr>`,
    );
  const sections = b.entries.map((e) => {
    const body =
      e.status === "checked"
        ? reportSections(e.report, options, 2)
        : `<h2>${esc(e.domain)}: <span class="badge bad">NOT CHECKED</span></h2><p>${esc(e.error)}</p>`;
    return `<section class="report" id="d-${esc(encodeURIComponent(e.domain))}">\n${body}\n</section>`;
  });
  const body = [
    `<main>`,
    `<h1>email-auth-audit: bulk check of ${counted(b.summary.domains, "domain")}</h1>`,
    `<p class="meta">${esc(totals(b))} · ${esc(b.generatedAt)}</p>`,
    `<table class="bulk-summary"><thead><tr><th>Domain</th><th>Result</th><th>SPF</th><th>DMARC</th><th>Errors</th><th>Warnings</th><th>Info</th><th>Top finding or error</th></tr></thead><tbody>`,
    ...rows,
    `</tbody></table>`,
    ...sections,
    `</main>`,
  ].join("\n");
  return htmlPage(`email-auth-audit: bulk check of ${b.summary.domains} domains`, body);
}

/** Formats a bulk report in one of the formats. */
export function formatBulk(bulk: BulkReport, format: FormatName, options: FormatOptions = {}): string {
  switch (format) {
    case "json":
      return JSON.stringify(bulk, null, 2) + "\n";
    case "sarif": {
      const reports = bulk.entries.flatMap((e) => (e.status === "checked" ? [e.report] : []));
      const failures = bulk.entries.flatMap((e) =>
        e.status === "failed" ? [{ domain: e.domain, error: e.error }] : [],
      );
      return (
        JSON.stringify(
          sarifLog(reports, options, failures, { version: bulk.tool.version, endTimeUtc: bulk.generatedAt }),
          null,
          2,
        ) + "\n"
      );
    }
    case "markdown":
      return bulkMarkdown(bulk, options);
    case "html":
      return bulkHtml(bulk, options);
    case "text":
      return bulkText(bulk, options);
  }
}
