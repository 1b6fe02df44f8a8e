/**
 * The zone fragment read by a real zone parser: Knot DNS loads each error scenario's DNS with the
 * plan's fragment in place of the RRsets it replaces, and the audit over Knot (UDP on loopback)
 * gives the plan's `after`. Proves the quoting, the 255-octet strings, the null MX and the
 * absolute names of `--format zone` as a name server reads them.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { audit } from "../../src/audit/api.ts";
import type { DnsFixture } from "../../src/dns/fixture/types.ts";
import { DnsResolver } from "../../src/dns/wire/resolver.ts";
import { formatZone } from "../../src/report/zone.ts";
import { type RunningServer, startKnot } from "../helpers/knot.ts";
import { requireBinary } from "../helpers/servers.ts";
import { NOW, type Planned, planScenario, SCENARIOS } from "./scenario-helpers.ts";
import { parseFragment } from "./zone-fragment.ts";

/** The fixture without the RRsets the fragment replaces or removes. */
function without(fixture: DnsFixture, fragment: ReturnType<typeof parseFragment>): DnsFixture {
  const records: DnsFixture["records"] = {};
  for (const [name, data] of Object.entries(fixture.records))
    records[name.toLowerCase().replace(/\.$/, "")] = { ...data };
  for (const [name, types] of fragment.rrsets) for (const type of types.keys()) delete records[name]?.[type];
  for (const { name, type } of fragment.removals) delete records[name]?.[type];
  return { ...fixture, records };
}

describe.runIf(requireBinary("knotd", "knot"))("the zone fragment, loaded by Knot DNS", () => {
  const planned: Planned[] = [];
  beforeAll(async () => {
    for (const dir of SCENARIOS) {
      const s = await planScenario(dir);
      if (s.plan.summary.errors.before > 0 && s.plan.changes.length > 0) planned.push(s);
    }
  }, 60_000);

  it("audits over Knot to the plan's after, for every scenario with an error", async () => {
    expect(planned.length).toBeGreaterThanOrEqual(4);
    for (const s of planned) {
      const zone = formatZone(s.plan);
      let knot: RunningServer | undefined;
      try {
        knot = await startKnot({ ".": without(s.fixture, parseFragment(zone)) }, { append: { ".": `\n${zone}` } });
        const resolver = new DnsResolver({ servers: [`127.0.0.1:${knot.port}`], timeoutMs: 2000 });
        const again = await audit(s.org, { resolver, now: NOW });
        const key = (r: typeof again) => ({
          paths: r.paths.map((p) => [p.id, p.fromDomain, p.verdict, p.spf.result].join(" ")),
          findings: r.findings.map((f) => [f.ruleId, f.severity, f.domain, f.path ?? ""].join(" ")).sort(),
          spf: r.domains.map((d) => [d.domain, d.spf.record, d.dmarc.record, d.mx.nullMx].join(" ")),
        });
        expect(key(again), s.name).toEqual(key(s.plan.after));
      } finally {
        await knot?.stop();
      }
    }
  }, 120_000);
});
