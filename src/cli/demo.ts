/**
 * `npm run demo`: resolves the bundled example organisation (fixtures/examples/contoso) offline,
 * from its recorded DNS fixture, and prints what it publishes. (The full audit report replaces this
 * once the audit lands.)
 */
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { joinTxt, resolveSafely } from "../dns/answer.ts";
import { FixtureResolver } from "../dns/fixture/resolver.ts";
import { QueryBudgetResolver } from "../dns/budget.ts";
import type { DnsAnswer } from "../dns/types.ts";

const exampleDir = new URL("../../fixtures/examples/contoso/", import.meta.url);

interface ExampleOrg {
  name: string;
  domains: { name: string; sends?: boolean }[];
  paths: { id: string; dkim?: { domain: string; selector: string }[] }[];
}

function show(label: string, answer: DnsAnswer): string {
  const via = answer.cnameChain.length > 0 ? ` (via CNAME ${answer.cnameChain.join(" → ")})` : "";
  if (answer.status !== "ok") return `  ${label.padEnd(10)} ${answer.status.toUpperCase()}${via}`;
  const values = answer.records.map((r) => (Array.isArray(r) ? joinTxt(r as string[]) : typeof r === "object" ? `${(r as { preference: number }).preference} ${(r as { exchange: string }).exchange || "."}` : String(r)));
  return values.map((v, i) => `  ${(i === 0 ? label : "").padEnd(10)} ${v.length > 110 ? v.slice(0, 107) + "..." : v}${i === 0 ? via : ""}`).join("\n");
}

async function main(): Promise<void> {
  const org = JSON.parse(await readFile(new URL("org.json", exampleDir), "utf8")) as ExampleOrg;
  const fixturePath = fileURLToPath(new URL("dns.json", exampleDir));
  const resolver = new QueryBudgetResolver(await FixtureResolver.fromFile(fixturePath));
  console.log(`${org.name}: what its domains publish (offline, from ${fixturePath})\n`);
  for (const domain of org.domains) {
    const selectors = org.paths.flatMap((p) => p.dkim ?? []).filter((d) => d.domain === domain.name);
    const [txt, mx, dmarc, ...keys] = await Promise.all([
      resolveSafely(resolver, domain.name, "TXT"),
      resolveSafely(resolver, domain.name, "MX"),
      resolveSafely(resolver, `_dmarc.${domain.name}`, "TXT"),
      ...selectors.map((s) => resolveSafely(resolver, `${s.selector}._domainkey.${s.domain}`, "TXT")),
    ]);
    console.log(`${domain.name}${domain.sends === false ? " (does not send)" : ""}`);
    console.log(show("TXT", txt!));
    console.log(show("MX", mx!));
    console.log(show("DMARC", dmarc!));
    keys.forEach((k, i) => console.log(show(`DKIM ${selectors[i]?.selector.slice(0, 5)}`, k)));
    console.log("");
  }
  console.log(`${resolver.questions} DNS questions, answered from the fixture.`);
}

await main();
