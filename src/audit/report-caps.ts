/**
 * Size limits on a whole report, after the engine's limits on each finding (src/rules/finding-caps.ts).
 * A report that hits one says so in `summary.truncated` (counts and bytes left out, and a sentence),
 * so nothing is lost silently; `summary.findings` and `summary.status` still count every finding.
 * docs/security.md states the numbers.
 */
import { cutText, evidenceBytes, utf8Bytes } from "../rules/finding-caps.ts";
import type { Finding } from "../rules/types.ts";
import type { AuditReport } from "./report-types.ts";

/** The limits of one report. */
export const REPORT_LIMITS = Object.freeze({
  /** Findings listed (the most severe first); the others are counted. */
  findings: 5_000,
  /** UTF-8 bytes of evidence text (records and lines) over all findings; later findings keep their message and fix only. */
  evidenceBytes: 4 * 1024 * 1024,
  /** Characters of any other string (a record in the domain table or the SPF tree, a path's reason). */
  fieldChars: 2_048,
  /** Entries of the DNS question log listed; `dns.questions` counts every question. */
  log: 10_000,
});

type Truncated = NonNullable<AuditReport["summary"]["truncated"]>;

/** Cuts every string of a plain-JSON value longer than `max` characters; adds the bytes cut to `lost`. */
function capStrings<T>(value: T, max: number, lost: { bytes: number }): T {
  if (typeof value === "string") {
    if (value.length <= max) return value;
    const cut = cutText(value, max);
    lost.bytes += cut.bytes;
    return cut.text as T;
  }
  if (Array.isArray(value)) return value.map((v: unknown) => capStrings(v, max, lost)) as T;
  if (typeof value === "object" && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = capStrings(v, max, lost);
    return out as T;
  }
  return value;
}

function findingBytes(f: Finding): number {
  return utf8Bytes(f.message) + utf8Bytes(f.fix) + f.evidence.reduce((sum, e) => sum + evidenceBytes(e), 0);
}

/** Words for `summary.truncated.note`. */
function note(t: Omit<Truncated, "note">): string {
  const n = (x: number) => x.toLocaleString("en-US");
  const parts: string[] = [];
  if (t.findings > 0) parts.push(`${n(t.findings)} findings not listed (the counts above include them)`);
  if (t.evidence > 0) parts.push(`${n(t.evidence)} pieces of evidence not shown`);
  if (t.records > 0) parts.push(`${n(t.records)} records or lines not shown`);
  if (t.log > 0) parts.push(`${n(t.log)} DNS questions not listed in the log`);
  parts.push(`${n(t.bytes)} bytes left out in all`);
  return `This report was cut to its size limits (docs/security.md): ${parts.join("; ")}.`;
}

/**
 * The report within {@link REPORT_LIMITS}, with `summary.truncated` when anything was left out
 * (by these limits, by the per-finding ones, or by the engine: `notListed`, the findings past its
 * per-subject limit). A report within every limit is returned unchanged.
 */
export function capReport(
  report: AuditReport,
  notListed: { error: number; warning: number; info: number; bytes: number } = {
    error: 0,
    warning: 0,
    info: 0,
    bytes: 0,
  },
): AuditReport {
  const lost = { bytes: notListed.bytes };
  const t = { findings: notListed.error + notListed.warning + notListed.info, evidence: 0, records: 0, log: 0 };
  const listed = report.findings.slice(0, REPORT_LIMITS.findings);
  for (const f of report.findings.slice(REPORT_LIMITS.findings)) {
    t.findings++;
    lost.bytes += findingBytes(f);
  }
  let evidenceTotal = 0;
  const findings = listed.map((f) => {
    const bytes = f.evidence.reduce((sum, e) => sum + evidenceBytes(e), 0);
    if (evidenceTotal + bytes <= REPORT_LIMITS.evidenceBytes || f.evidence.length === 0) {
      evidenceTotal += bytes;
      return f;
    }
    const previous = f.omittedEvidence ?? { count: 0, bytes: 0 };
    return {
      ...f,
      evidence: [],
      omittedEvidence: { count: previous.count + f.evidence.length, bytes: previous.bytes + bytes },
    };
  });
  for (const f of findings) {
    t.evidence += f.omittedEvidence?.count ?? 0;
    lost.bytes += f.omittedEvidence?.bytes ?? 0;
    for (const e of f.evidence) {
      t.records += e.omitted?.count ?? 0;
      lost.bytes += e.omitted?.bytes ?? 0;
    }
  }
  const log = report.dns.log.slice(0, REPORT_LIMITS.log);
  t.log = report.dns.log.length - log.length;
  const capped: AuditReport = {
    ...report,
    org: capStrings(report.org, REPORT_LIMITS.fieldChars, lost),
    paths: capStrings(report.paths, REPORT_LIMITS.fieldChars, lost),
    domains: capStrings(report.domains, REPORT_LIMITS.fieldChars, lost),
    findings,
    dns: { ...report.dns, log },
  };
  if (t.findings + t.evidence + t.records + t.log + lost.bytes === 0) return report;
  const truncated = { ...t, bytes: lost.bytes };
  capped.summary = { ...report.summary, truncated: { ...truncated, note: note(truncated) } };
  return capped;
}
