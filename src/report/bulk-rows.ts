/**
 * The summary of one domain that every bulk format shows (a table row, a CSV line), and the totals
 * line of a whole run.
 */
import type { AuditReport } from "../audit/report-types.ts";
import type { BulkSummary, DomainResult } from "./bulk-types.ts";
import { SPF_LOOKUP_LIMIT } from "./spf-tree.ts";
import { counted } from "./words.ts";

/** What a domain's row says about it. */
export type RowResult = "PASS" | "WARN" | "FAIL" | "NOT FOUND" | "NOT CHECKED";

/** One summary row: the cells every format shows. */
export interface SummaryRow {
  domain: string;
  result: RowResult;
  spf: string;
  dmarc: string;
  errors: string;
  warnings: string;
  info: string;
  /** The top finding (`rule-id: message`), or why the domain has no report. */
  note: string;
}

/** The column titles, in row order. */
export const ROW_TITLES = ["Domain", "Result", "SPF", "DMARC", "Errors", "Warnings", "Info", "Top finding or reason"];

function domainOf(report: AuditReport, domain: string) {
  return report.domains.find((d) => d.domain === domain) ?? report.domains[0];
}

/** The summary row of one result. */
export function summaryRow(result: DomainResult): SummaryRow {
  if (result.status !== "checked") {
    const where = result.status === "not-checked" && result.line !== undefined ? `line ${result.line}: ` : "";
    return {
      domain: result.domain,
      result: result.status === "not-found" ? "NOT FOUND" : "NOT CHECKED",
      spf: "-",
      dmarc: "-",
      errors: "-",
      warnings: "-",
      info: "-",
      note: `${where}${result.reason}`,
    };
  }
  const r = result.report;
  const d = domainOf(r, result.domain);
  const top = r.findings.find((f) => f.severity === "error") ?? r.findings[0];
  return {
    domain: result.domain,
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

/** `1,234` */
export function thousands(n: number): string {
  return Math.round(n).toLocaleString("en-US");
}

/** The totals of a run on one line: domains by result, findings by severity, wall time. */
export function totalsLine(s: BulkSummary): string {
  const parts = [
    `${thousands(s.domains)} domain${s.domains === 1 ? "" : "s"}: ${thousands(s.status.pass)} pass, ${thousands(s.status.warn)} warn, ${thousands(s.status.fail)} fail`,
  ];
  if (s.notFound > 0) parts[0] += `, ${thousands(s.notFound)} not found`;
  parts[0] += `, ${thousands(s.notChecked)} not checked`;
  parts.push(
    `${counted(s.findings.error, "error").replace(/^\d+/, (n) => thousands(Number(n)))}, ${counted(s.findings.warning, "warning").replace(/^\d+/, (n) => thousands(Number(n)))}, ${thousands(s.findings.info)} info`,
  );
  parts.push(`${(s.elapsedMs / 1000).toFixed(1)} s`);
  return parts.join(" · ");
}
