/**
 * Fake audit functions for the CLI tests: they return the sample report (or a variant), and the
 * DNS-backed fake check asks the resolver the CLI gave it, so that resolver flags, the shared
 * cache and recording can be observed.
 */
import type { CheckOptions } from "../../src/audit/api.ts";
import type { AuditReport } from "../../src/audit/report-types.ts";
import { joinTxt } from "../../src/dns/answer.ts";
import { checkReport, resummarise } from "../report/samples.ts";

/**
 * Asks `<domain> TXT` and `_dmarc.<domain> TXT` through `options.resolver` and reports what it saw:
 * the SPF record, or a `temperror` error finding when DNS failed (as the real check reports a
 * timeout: a finding, never "no record").
 */
export async function dnsBackedCheck(domain: string, options: CheckOptions): Promise<AuditReport> {
  const [txt, dmarc] = await Promise.all([
    options.resolver.resolve(domain, "TXT"),
    options.resolver.resolve(`_dmarc.${domain}`, "TXT"),
  ]);
  const report = checkReport(domain, []);
  const d = report.domains[0]!;
  if (txt.status === "ok" || txt.status === "nxdomain" || txt.status === "nodata") {
    const spf = txt.records.map((r) => joinTxt(r)).find((r) => r.startsWith("v=spf1")) ?? null;
    d.spf = { ...d.spf, status: spf ? "ok" : "missing", record: spf };
    if (spf === null)
      report.findings.push({
        ruleId: "spf-missing",
        severity: "error",
        domain,
        message: `${domain} publishes no SPF record.`,
        evidence: [],
        references: [],
        fix: "Publish one.",
      });
  } else {
    d.spf = { ...d.spf, status: "temperror", record: null, tree: null };
    report.findings.push({
      ruleId: "dns-temperror",
      severity: "error",
      domain,
      message: `DNS ${txt.status} for ${domain} TXT: SPF is temperror.`,
      evidence: [{ name: domain, type: "TXT", status: txt.status, records: [] }],
      references: [],
      fix: "Retry later.",
    });
  }
  d.dmarc = { ...d.dmarc, status: dmarc.status === "ok" ? "ok" : "missing" };
  return resummarise(report);
}

/** A fake check returning a check report for the domain (warnings only), remembering its calls. */
export function fakeCheck(overrides: Record<string, () => Promise<AuditReport>> = {}) {
  const calls: { domain: string; options: CheckOptions }[] = [];
  const checkDomain = async (domain: string, options: CheckOptions) => {
    calls.push({ domain, options });
    const override = overrides[domain];
    return override ? override() : checkReport(domain, ["warning"]);
  };
  return { checkDomain, calls };
}
