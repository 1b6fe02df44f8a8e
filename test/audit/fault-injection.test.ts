/**
 * Fault injection (issue: "unknown is not absent"). For every scenario, the audit is run again with
 * each DNS question it asks failing in turn, as a timeout and as SERVFAIL. Whatever fails:
 * - no finding of a rule that asserts absence cites a failed answer as its evidence;
 * - no path goes from pass or fragile to fail (it may become unknown);
 * - a path that becomes unknown comes with a dns-temperror finding saying what could not be checked.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { audit } from "../../src/audit/api.ts";
import type { AuditReport } from "../../src/audit/report-types.ts";
import { failedAnswer } from "../../src/dns/answer.ts";
import { FixtureResolver } from "../../src/dns/fixture/resolver.ts";
import type { DnsAnswer, Resolver, RRType } from "../../src/dns/types.ts";
import { isDnsEvidence } from "../../src/facts/evidence.ts";

const root = join(import.meta.dirname, "../../fixtures");
const dirs = [
  ...readdirSync(join(root, "scenarios")).map((n) => join(root, "scenarios", n)),
  join(root, "examples/contoso"),
];

/** Rules whose findings say something is missing or broken in DNS: they must rest on definite answers. */
const ABSENCE_RULES = new Set([
  "spf-missing",
  "dmarc-missing",
  "dkim-key-missing",
  "dkim-not-found",
  "dkim-cname-dangling",
  "parked-domain-unprotected",
  "domain-not-found",
  "exchange-online-dkim-not-enabled",
  "smarthost-no-address",
  "provider-dns-missing",
]);
const FAILED = new Set(["timeout", "servfail", "refused", "error"]);

/** The fixture, with one (name, type) failing. */
function failing(inner: Resolver, name: string, type: string, status: "timeout" | "servfail"): Resolver {
  return {
    resolve<T extends RRType>(n: string, t: T): Promise<DnsAnswer<T>> {
      if (n === name && t === type) return Promise.resolve(failedAnswer(n, t, status, "injected"));
      return inner.resolve(n, t);
    },
  };
}

const now = new Date("2026-11-23T09:00:00Z");

describe("fault injection: each question failing in turn", () => {
  it.each(dirs.map((d) => [d.split("/").pop() as string, d]))("%s", async (_name, dir) => {
    const org = readFileSync(join(dir, "org.json"), "utf8");
    const fixture = await FixtureResolver.fromFile(join(dir, "dns.json"));
    const baseline = await audit(org, { resolver: fixture, now });
    const before = new Map(baseline.paths.map((p) => [`${p.id} ${p.fromDomain}`, p.verdict]));
    const questions = [...new Set(baseline.dns.log.map((e) => `${e.name}|${e.type}`))];
    expect(questions.length).toBeGreaterThan(3);
    let runs = 0;
    for (const q of questions) {
      const [name, type] = q.split("|") as [string, string];
      for (const status of ["timeout", "servfail"] as const) {
        const report: AuditReport = await audit(org, { resolver: failing(fixture, name, type, status), now });
        runs++;
        const where = `${q} ${status}`;
        for (const f of report.findings) {
          if (!ABSENCE_RULES.has(f.ruleId)) continue;
          const cited = f.evidence.filter((e) => isDnsEvidence(e) && FAILED.has(e.status));
          expect(cited, `${where}: ${f.ruleId} cites a failed answer: ${f.message}`).toEqual([]);
        }
        for (const p of report.paths) {
          const was = before.get(`${p.id} ${p.fromDomain}`);
          if (was === "pass" || was === "fragile")
            expect(p.verdict, `${where}: path ${p.id} was ${was}`).not.toBe("fail");
        }
        // A verdict the failure left open is explained by a dns-temperror finding.
        const opened = report.paths.filter(
          (p) => p.verdict === "unknown" && before.get(`${p.id} ${p.fromDomain}`) !== "unknown",
        );
        if (opened.length > 0)
          expect(
            report.findings.some((f) => f.ruleId === "dns-temperror"),
            `${where}: ${opened.map((p) => p.id).join(", ")} became unknown without a dns-temperror finding`,
          ).toBe(true);
      }
    }
    expect(runs).toBe(questions.length * 2);
  });
});
