import { CachingResolver } from "../src/dns/cache.ts";
import { FixtureResolver } from "../src/dns/fixture/resolver.ts";
import { SpfCache } from "../src/spf/cache.ts";
import { analyzeSpf } from "../src/spf/analyze.ts";
import { PROVIDER_INCLUDES, syntheticOrgs } from "../bench/helpers/spf-orgs.ts";
const { fixture } = syntheticOrgs(10);
fixture.records["ten.example"] = { TXT: [`v=spf1 ip4:192.0.2.0/24 ${PROVIDER_INCLUDES.map((p) => `include:${p}`).join(" ")} -all`] };
const r = new CachingResolver(new FixtureResolver(fixture)); const cache = new SpfCache();
let n = 0; const t = performance.now();
while (performance.now() - t < 3000) { await analyzeSpf("ten.example", { resolver: r, cache }); n++; }
console.log(((performance.now() - t) / n).toFixed(3), "ms");
