/**
 * Every scenario under fixtures/scenarios/ and the bundled example, planned: the `after` audit has
 * no error but those a manual step covers; every proposed SPF record is within the limits as
 * pyspf (Debian's python3-spf) counts them over the scenario's DNS with the changes applied; the
 * zone fragment, parsed back and applied to the scenario's DNS, audits to the same `after`.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { audit } from "../../src/audit/api.ts";
import type { AuditReport } from "../../src/audit/report-types.ts";
import { lazyValidator } from "../../src/common/json-schema.ts";
import { FixtureResolver } from "../../src/dns/fixture/resolver.ts";
import type { DnsFixture } from "../../src/dns/fixture/types.ts";
import { planSchema } from "../../src/plan/schema.ts";
import { formatZone } from "../../src/report/zone.ts";
import { hasPyspf, runPyspf } from "../spf/pyspf.ts";
import { NOW, type Planned, planScenario, SCENARIOS } from "./scenario-helpers.ts";
import { applyFragment, parseFragment } from "./zone-fragment.ts";

/** Addresses no scenario authorises: a receiver evaluates every term of the record for them. */
const STRANGERS = ["100.64.255.254", "fd00:dead:beef::1"];

const validatePlan = lazyValidator(planSchema);

/** What two audits must agree on: each path's verdicts, and each finding's rule, place, severity and words. */
function essence(r: AuditReport) {
  return {
    paths: r.paths.map((p) => ({
      id: p.id,
      from: p.fromDomain,
      verdict: p.verdict,
      spf: p.spf.result,
      dmarc: p.dmarc,
    })),
    findings: r.findings.map((f) => [f.ruleId, f.severity, f.domain, f.path ?? "", f.message].join(" | ")).sort(),
    domains: r.domains.map((d) => ({
      domain: d.domain,
      spf: d.spf.record,
      lookups: d.spf.lookups,
      dmarc: d.dmarc.record,
      mx: d.mx,
    })),
  };
}

describe("plan over every scenario", () => {
  const planned: Planned[] = [];
  beforeAll(async () => {
    for (const dir of SCENARIOS) planned.push(await planScenario(dir));
  }, 120_000);

  it("covers the scenarios that have an error finding (the test would be empty otherwise)", () => {
    const withErrors = planned.filter((s) => s.plan.summary.errors.before > 0).map((s) => s.name);
    expect(withErrors).toEqual(
      expect.arrayContaining(["contoso", "parked-domain", "smarthost-ip-missing", "spf-over-ten-lookups"]),
    );
  });

  it("leaves no error finding after the changes but those a manual step covers, and no conflict", () => {
    for (const s of planned) {
      expect(s.plan.conflicts, s.name).toEqual([]);
      expect(
        s.plan.summary.remaining.filter((r) => !r.covered),
        s.name,
      ).toEqual([]);
      expect(s.plan.summary.status, s.name).not.toBe("unresolved");
      const uncovered = s.plan.after.findings.filter(
        (f) =>
          f.severity === "error" &&
          !s.plan.manualSteps.some((m) => m.ruleId === f.ruleId && m.domain === f.domain && m.path === f.path),
      );
      expect(uncovered, s.name).toEqual([]);
    }
  });

  it("gives plans that follow schema/plan.schema.json", () => {
    for (const s of planned) expect(validatePlan(JSON.parse(JSON.stringify(s.plan))), s.name).toEqual([]);
  });

  it("audits the zone fragment, applied to the scenario's DNS, to the same after", async () => {
    for (const s of planned) {
      const applied = applyFragment(s.fixture, parseFragment(formatZone(s.plan)));
      const again = await audit(s.org, { resolver: new FixtureResolver(applied), now: NOW });
      expect(essence(again), s.name).toEqual(essence(s.plan.after));
    }
  });

  it.runIf(hasPyspf() || process.env.CI === "true")(
    "proposes SPF records that pyspf evaluates within the limits, passing every described path that passes after",
    () => {
      const batches: {
        name: string;
        domain: string;
        expect: string[];
        fixture: DnsFixture;
        checks: { ip: string; sender: string; helo: string }[];
      }[] = [];
      for (const s of planned) {
        const applied = applyFragment(s.fixture, parseFragment(formatZone(s.plan)));
        for (const c of s.plan.changes) {
          if (c.type !== "TXT") continue;
          const spf = (c.records as string[][]).map((r) => r.join("")).find((r) => /^v=spf1( |$)/i.test(r));
          if (spf === undefined) continue;
          const passing = s.plan.after.paths
            .filter((p) => p.spf.domain === c.name)
            .flatMap((p) => p.spf.ips.filter((i) => i.result === "pass").map((i) => i.ip));
          const ips = [...STRANGERS, ...passing];
          batches.push({
            name: s.name,
            domain: c.name,
            expect: ips.map((ip) => (passing.includes(ip) ? "pass" : "not an error")),
            fixture: applied,
            checks: ips.map((ip) => ({ ip, sender: `postmaster@${c.name}`, helo: c.name })),
          });
        }
      }
      expect(batches.length).toBeGreaterThan(4);
      const results = runPyspf(batches.map(({ fixture, checks }) => ({ fixture, checks })));
      batches.forEach((b, i) => {
        (results[i] ?? []).forEach((r, j) => {
          const what = `${b.name}: ${b.domain} for ${b.checks[j]?.ip}`;
          if (b.expect[j] === "pass") expect(r.result, what).toBe("pass");
          else expect(["fail", "softfail", "neutral"], `${what}: ${r.result} ${r.explanation}`).toContain(r.result);
        });
      });
    },
  );

  it("fixes the issue's examples: the smart host's address goes before every DNS-querying term, unused includes go with their cost", () => {
    const contoso = planned.find((s) => s.name === "contoso")?.plan;
    const spf = contoso?.changes.find((c) => c.name === "contoso.example" && c.type === "TXT");
    expect(spf?.records[0]).toEqual([
      "v=spf1 ip4:198.51.100.0/28 ip4:203.0.113.25 ip6:2001:db8:25::25 include:spf.protection.outlook.com -all",
    ]);
    // The other TXT records of the name stay: a change replaces the whole RRset.
    expect(spf?.records.slice(1)).toEqual([["MS=ms48151623"], ["google-site-verification=abc123"]]);
    const woodgrove = planned.find((s) => s.name === "spf-over-ten-lookups")?.plan;
    const record = woodgrove?.changes.find((c) => c.name === "woodgrove.example");
    expect(record?.notes).toEqual([
      expect.stringMatching(/^removed `include:_spf\.google\.com` \(4 DNS lookups\): it authorises no described path/),
    ]);
    expect(woodgrove?.after.domains.find((d) => d.domain === "woodgrove.example")?.spf.lookups).toBe(8);
  });
});
