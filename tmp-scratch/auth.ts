import fc from "fast-check";
import { zone, CLIENTS } from "../test/spf/generate.ts";
import { FixtureResolver } from "../src/dns/fixture/resolver.ts";
import { checkHost } from "../src/spf/check-host.ts";
import { analyzeSpf } from "../src/spf/analyze.ts";
import { authorizes } from "../src/spf/authorizes.ts";
const samples = fc.sample(zone, { numRuns: Number(process.argv[2] ?? 300), seed: Number(process.argv[3] ?? 1) });
let same = 0, diff = 0, stat = 0;
for (const z of samples) {
  const r = new FixtureResolver(z);
  const a = await analyzeSpf("d0.example.com", { resolver: r });
  for (const ip of CLIENTS) {
    const c = await checkHost({ ip, sender: "postmaster@d0.example.com" }, { resolver: r });
    const s = await authorizes(a, ip, undefined, { resolver: r });
    if (s.source === "analysis") stat++;
    if (c.result === s.result && c.dnsLookups === s.dnsLookups && c.voidLookups === s.voidLookups && JSON.stringify(c.matched) === JSON.stringify(s.matched) && c.problem?.code === s.problem?.code) same++; else { diff++; if (diff < 5) { console.log(ip, c.result, c.dnsLookups, c.problem?.message, "|", s.result, s.dnsLookups, s.source, s.problem?.message, s.fallbackReason); console.log(JSON.stringify(z.records).slice(0, 1500)); } }
  }
}
console.log({ same, diff, stat });
