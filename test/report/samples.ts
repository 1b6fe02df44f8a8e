/**
 * The sample report (fixtures/report/sample-audit.json) and variants derived from it, for the
 * formatter and CLI tests. Each call returns a fresh deep copy.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { AuditReport } from "../../src/audit/report-types.ts";
import type { Severity } from "../../src/common/severity.ts";
import { isDnsEvidence } from "../../src/facts/evidence.ts";

export const SAMPLE_PATH = join(import.meta.dirname, "../../fixtures/report/sample-audit.json");
const SAMPLE_TEXT = readFileSync(SAMPLE_PATH, "utf8");

/** The Contoso sample audit: 4 paths (2 pass, 2 fragile), 1 error and 5 warnings. */
export function sampleReport(): AuditReport {
  return JSON.parse(SAMPLE_TEXT) as AuditReport;
}

/** Recounts `summary` from the paths and findings (after a variant changed them). */
export function resummarise(report: AuditReport): AuditReport {
  const findings: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of report.findings) findings[f.severity]++;
  const paths = { total: report.paths.length, pass: 0, fragile: 0, fail: 0, unknown: 0 };
  for (const p of report.paths) paths[p.verdict]++;
  report.summary = { status: findings.error > 0 ? "fail" : findings.warning > 0 ? "warn" : "pass", paths, findings };
  return report;
}

/** The sample with only the findings of these severities. */
export function withSeverities(...keep: Severity[]): AuditReport {
  const report = sampleReport();
  report.findings = report.findings.filter((f) => keep.includes(f.severity));
  return resummarise(report);
}

/** The sample with no finding at all. */
export function cleanReport(): AuditReport {
  return withSeverities();
}

/** The sample with its findings turned into one `info` finding. */
export function infoOnlyReport(): AuditReport {
  const report = sampleReport();
  report.findings = report.findings.slice(0, 1).map((f) => ({ ...f, severity: "info" as const }));
  return resummarise(report);
}

/** A `check` report for `domain`, as `checkDomain()` would return it: no paths, one domain. */
export function checkReport(domain: string, severities: Severity[] = ["error", "warning", "info"]): AuditReport {
  const base = sampleReport();
  const text = JSON.stringify({
    domains: base.domains.slice(0, 1),
    findings: base.findings.filter((f) => f.path === undefined),
  }).replaceAll("contoso.example", domain);
  const parts = JSON.parse(text) as Pick<AuditReport, "domains" | "findings">;
  const report: AuditReport = {
    ...base,
    kind: "check",
    org: { name: domain, domains: [{ name: domain, sends: true }] },
    paths: [],
    domains: parts.domains,
    findings: parts.findings.filter((f) => severities.includes(f.severity)),
  };
  return resummarise(report);
}

/** Hostile DNS data: markup, a terminal escape sequence, a bidi override, a fence breaker. */
export const HOSTILE = {
  script: "<script>alert(1)</script>",
  img: '"><img src=x onerror=alert(2)>',
  ansi: "\u001b[2J\u001b[31mPWNED\u001b[0m",
  bidi: "evil\u202Egnp.exe",
  fence: "```\n# injected heading",
};

/** The sample with hostile values in evidence records, notes, names and the fix. */
export function hostileReport(): AuditReport {
  const report = sampleReport();
  const first = report.findings[0];
  if (first === undefined) throw new Error("sample has no findings");
  const evidence = first.evidence[0];
  if (evidence === undefined || !isDnsEvidence(evidence)) throw new Error("sample finding has no DNS evidence");
  evidence.records.push(`v=spf1 ${HOSTILE.script} -all`, HOSTILE.ansi, HOSTILE.fence, HOSTILE.bidi);
  evidence.note = HOSTILE.img;
  first.message += ` ${HOSTILE.script}`;
  first.fix += `\n\nAlso remove ${HOSTILE.script} and ${HOSTILE.ansi}`;
  const domain = report.domains[0];
  if (domain?.spf.tree) {
    domain.spf.record = `v=spf1 ${HOSTILE.script} -all`;
    domain.spf.tree.children.push({
      domain: `x${HOSTILE.img}.example`,
      via: "include",
      record: HOSTILE.script,
      lookups: 0,
      totalLookups: 0,
      children: [],
    });
  }
  const path = report.paths[0];
  if (path) path.description = HOSTILE.script;
  return report;
}
