/** The scenarios the plan tests run over, and planning one of them against its recorded DNS. */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { FixtureResolver } from "../../src/dns/fixture/resolver.ts";
import type { DnsFixture } from "../../src/dns/fixture/types.ts";
import { plan } from "../../src/plan/plan.ts";
import type { Plan } from "../../src/plan/types.ts";

const root = join(import.meta.dirname, "../..");
export const NOW = new Date("2026-11-23T09:00:00Z");

/** Every scenario under fixtures/scenarios/, and the bundled example. */
export const SCENARIOS = [
  ...readdirSync(join(root, "fixtures/scenarios")).map((d) => join(root, "fixtures/scenarios", d)),
  join(root, "fixtures/examples/contoso"),
];

export interface Planned {
  name: string;
  org: string;
  fixture: DnsFixture;
  plan: Plan;
}

export async function planScenario(dir: string): Promise<Planned> {
  const org = readFileSync(join(dir, "org.json"), "utf8");
  const fixture = JSON.parse(readFileSync(join(dir, "dns.json"), "utf8")) as DnsFixture;
  const p = await plan(org, { resolver: new FixtureResolver(fixture), now: NOW });
  return { name: dir.split("/").pop() ?? dir, org, fixture, plan: p };
}
