/**
 * A bulk check: one entry per domain (`check --domains-file`), each a report or the reason there
 * is none, and a summary over them. Plain JSON; its JSON Schema is `bulkReportSchema`.
 */

import type { AuditReport } from "../audit/report-types.ts";
import type { SeverityCounts } from "../common/severity.ts";

/** A domain that was checked. Its report may itself say `temperror` (a DNS timeout is a finding, not a crash). */
export interface BulkChecked {
  domain: string;
  status: "checked";
  report: AuditReport;
}

/** A domain with no report: the check threw, or the name is not a domain name. The others go on. */
export interface BulkFailed {
  domain: string;
  status: "failed";
  error: string;
  /** The line of the domains file, when the domain came from one. */
  line?: number;
}

export type BulkEntry = BulkChecked | BulkFailed;

/** The whole bulk report. */
export interface BulkReport {
  version: 1;
  kind: "bulk";
  tool: { name: "email-auth-audit"; version: string };
  generatedAt: string;
  entries: BulkEntry[];
  summary: {
    domains: number;
    checked: number;
    failed: number;
    /** Checked domains by their report's status. */
    status: { pass: number; warn: number; fail: number };
    /** Findings over every checked domain. */
    findings: SeverityCounts;
    /** Wall time of the whole run, milliseconds. */
    elapsedMs: number;
  };
}

/** Builds the summary of a bulk report from its entries. */
export function summariseBulk(entries: readonly BulkEntry[], elapsedMs: number): BulkReport["summary"] {
  const status = { pass: 0, warn: 0, fail: 0 };
  const findings: SeverityCounts = { error: 0, warning: 0, info: 0 };
  let checked = 0;
  for (const entry of entries) {
    if (entry.status !== "checked") continue;
    checked++;
    status[entry.report.summary.status]++;
    for (const f of entry.report.findings) findings[f.severity]++;
  }
  return {
    domains: entries.length,
    checked,
    failed: entries.length - checked,
    status,
    findings,
    elapsedMs: Math.round(elapsedMs),
  };
}
