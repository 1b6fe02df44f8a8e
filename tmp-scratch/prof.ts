import { CachingResolver } from "../src/dns/cache.ts";
import { FixtureResolver } from "../src/dns/fixture/resolver.ts";
import { SpfCache } from "../src/spf/cache.ts";
import { checkHost } from "../src/spf/check-host.ts";
import { syntheticOrgs } from "../bench/helpers/spf-orgs.ts";
const { fixture, orgs } = syntheticOrgs(200);
const checks = orgs.flatMap((o) => [{ ip: o.passIp, sender: `user@${o.domain}`, helo: "h" }, { ip: o.failIp, sender: `user@${o.domain}`, helo: "h" }]);
const mode = process.argv[2] ?? "warm";
const fr = new FixtureResolver(fixture);
const cache = new SpfCache();
const caching = new CachingResolver(fr);
const opts = mode === "warm" ? { resolver: caching, cache } : { resolver: fr };
let n = 0; const start = performance.now();
while (performance.now() - start < 4000) { for (const c of checks) { await checkHost(c, opts); n++; } }
console.log(mode, (n / ((performance.now() - start) / 1000)).toFixed(0), "eval/s");
