/**
 * What a bulk run (`check --domains-file`, `checkDomains`, the Redis queue) says about each
 * domain: one {@link DomainResult} per domain, whatever happened to it, and a {@link BulkSummary}
 * of counts that does not grow with the number of domains. Plain JSON; the JSON Schemas are
 * `domainResultSchema` and `bulkReportSchema`.
 */

import type { AuditReport } from "../audit/report-types.ts";
import type { SeverityCounts } from "../common/severity.ts";

/** A domain that was checked. Its report may itself say `temperror` (a DNS timeout is a finding, not a crash). */
export interface CheckedDomain {
  domain: string;
  status: "checked";
  report: AuditReport;
}

/**
 * A domain that does not exist: its own name answered NXDOMAIN (RFC 8020: nothing exists at or
 * below it), so there is nothing to audit. A definite DNS answer, unlike a timeout.
 */
export interface NotFoundDomain {
  domain: string;
  status: "not-found";
  reason: string;
}

/**
 * A domain with no report: the name is not a domain name, the check threw, it passed its deadline,
 * or (queue) it kept failing. The others go on; this one is never dropped silently.
 */
export interface NotCheckedDomain {
  domain: string;
  status: "not-checked";
  reason: string;
  /** The line of the domains file, when the name came from one and is not a domain name. */
  line?: number;
  /** How many times the queue tried it. */
  attempts?: number;
}

/** What happened to one domain. */
export type DomainResult = CheckedDomain | NotFoundDomain | NotCheckedDomain;

/** The statuses of {@link DomainResult}, in a stable order. */
export const DOMAIN_STATUSES = ["checked", "not-found", "not-checked"] as const;

/** Counts over a whole run: constant size, however many domains. */
export interface BulkSummary {
  domains: number;
  checked: number;
  notFound: number;
  notChecked: number;
  /** Checked domains by their report's status. */
  status: { pass: number; warn: number; fail: number };
  /** Findings over every checked domain. */
  findings: SeverityCounts;
  /** Wall time of the whole run, milliseconds. */
  elapsedMs: number;
}

/** The whole bulk report (`--format json`), version 2: `entries` are {@link DomainResult}s. */
export interface BulkReport {
  version: 2;
  kind: "bulk";
  tool: { name: "email-auth-audit"; version: string };
  generatedAt: string;
  entries: DomainResult[];
  summary: BulkSummary;
}

/** A summary of no domain, to add results to with {@link addToSummary}. */
export function emptySummary(): BulkSummary {
  return {
    domains: 0,
    checked: 0,
    notFound: 0,
    notChecked: 0,
    status: { pass: 0, warn: 0, fail: 0 },
    findings: { error: 0, warning: 0, info: 0 },
    elapsedMs: 0,
  };
}

/** Counts one more result into `summary` (in place) and returns it. */
export function addToSummary(summary: BulkSummary, result: DomainResult): BulkSummary {
  summary.domains++;
  if (result.status === "not-found") summary.notFound++;
  else if (result.status === "not-checked") summary.notChecked++;
  else {
    summary.checked++;
    const status = result.report.summary.status;
    if (status in summary.status) summary.status[status]++;
    for (const f of result.report.findings) if (f.severity in summary.findings) summary.findings[f.severity]++;
  }
  return summary;
}

/** The summary of a list of results. */
export function summariseBulk(results: Iterable<DomainResult>, elapsedMs: number): BulkSummary {
  const summary = emptySummary();
  for (const r of results) addToSummary(summary, r);
  summary.elapsedMs = Math.round(elapsedMs);
  return summary;
}

/** The counts of two runs together (a resumed run and the one it continues); the elapsed time is the second's. */
export function mergeSummaries(a: BulkSummary, b: BulkSummary): BulkSummary {
  return {
    domains: a.domains + b.domains,
    checked: a.checked + b.checked,
    notFound: a.notFound + b.notFound,
    notChecked: a.notChecked + b.notChecked,
    status: {
      pass: a.status.pass + b.status.pass,
      warn: a.status.warn + b.status.warn,
      fail: a.status.fail + b.status.fail,
    },
    findings: {
      error: a.findings.error + b.findings.error,
      warning: a.findings.warning + b.findings.warning,
      info: a.findings.info + b.findings.info,
    },
    elapsedMs: b.elapsedMs,
  };
}
