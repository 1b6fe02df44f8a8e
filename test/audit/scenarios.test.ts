import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { audit } from "../../src/audit/api.ts";
import { reportSchema } from "../../src/audit/report-schema.ts";
import type { AuditReport } from "../../src/audit/report-types.ts";
import { lazyValidator } from "../../src/common/json-schema.ts";
import { FixtureResolver } from "../../src/dns/fixture/resolver.ts";
import type { PathVerdict } from "../../src/verdicts/types.ts";

const root = join(import.meta.dirname, "../../fixtures/scenarios");
const validateReport = lazyValidator(reportSchema);

interface ExpectedPath {
  verdict: PathVerdict["verdict"];
  mailFrom?: PathVerdict["mailFrom"];
  spf: Partial<Omit<PathVerdict["spf"], "ips">> & { ips?: string[] };
  dkim: Partial<PathVerdict["dkim"][number]>[];
  dmarc: Partial<PathVerdict["dmarc"]>;
  rules: string[];
}
interface Expected {
  paths: Record<string, ExpectedPath>;
  domains: Record<string, string[]>;
}

async function runScenario(name: string): Promise<AuditReport> {
  const dir = join(root, name);
  const resolver = await FixtureResolver.fromFile(join(dir, "dns.json"));
  return audit(readFileSync(join(dir, "org.json"), "utf8"), { resolver, now: new Date("2026-11-23T09:00:00Z") });
}

describe("audit scenarios (fixtures/scenarios/<name>/{org,dns,expected}.json)", () => {
  const names = readdirSync(root).filter((n) => !n.startsWith("."));
  it("covers the scenarios the audit issue lists", () => {
    expect(names.length).toBeGreaterThanOrEqual(13);
  });

  it.each(names)("%s", async (name) => {
    const expected = JSON.parse(readFileSync(join(root, name, "expected.json"), "utf8")) as Expected;
    const report = await runScenario(name);
    expect(validateReport(report)).toEqual([]);
    // Each (name, type) asked once per audit.
    expect(report.dns.questions).toBe(report.dns.unique);

    const got = Object.fromEntries(report.paths.map((p) => [`${p.id} ${p.fromDomain}`, p]));
    expect(Object.keys(got).sort()).toEqual(Object.keys(expected.paths).sort());
    for (const [key, want] of Object.entries(expected.paths)) {
      const path = got[key] as PathVerdict;
      expect(path.verdict, key).toBe(want.verdict);
      if (want.mailFrom) expect(path.mailFrom, key).toEqual(want.mailFrom);
      const { ips, ...spf } = want.spf;
      expect(path.spf, key).toMatchObject(spf);
      if (ips)
        expect(
          path.spf.ips.map((i) => i.ip),
          key,
        ).toEqual(ips);
      expect(path.dkim.length, key).toBe(want.dkim.length);
      want.dkim.forEach((d, i) => expect(path.dkim[i], `${key} dkim ${i}`).toMatchObject(d));
      expect(path.dmarc, key).toMatchObject(want.dmarc);
      const rules = report.findings.filter((f) => f.path === path.id).map((f) => f.ruleId);
      expect(rules.sort(), `${key} rules`).toEqual([...want.rules].sort());
    }
    const domainRules: Record<string, string[]> = {};
    for (const f of report.findings.filter((f) => f.path === undefined)) (domainRules[f.domain] ??= []).push(f.ruleId);
    for (const list of Object.values(domainRules)) list.sort();
    expect(domainRules).toEqual(
      Object.fromEntries(Object.entries(expected.domains).map(([d, l]) => [d, [...l].sort()])),
    );
  });
});
