import { CachingResolver } from "../src/dns/cache.ts";
import { FixtureResolver } from "../src/dns/fixture/resolver.ts";
import { SpfCache } from "../src/spf/cache.ts";
import { checkHost } from "../src/spf/check-host.ts";
const ip4s = Array.from({ length: 50 }, (_, i) => `ip4:10.${i}.0.0/16`).join(" ");
const fr = new FixtureResolver({ version: 1, records: {
  "empty.example": { TXT: ["v=spf1 -all"] },
  "ips.example": { TXT: [`v=spf1 ${ip4s} -all`] },
  "inc.example": { TXT: ["v=spf1 include:a.example include:b.example include:c.example include:d.example include:e.example -all"] },
  "a.example": { TXT: ["v=spf1 ip4:10.0.0.1"] }, "b.example": { TXT: ["v=spf1 ip4:10.0.0.2"] }, "c.example": { TXT: ["v=spf1 ip4:10.0.0.3"] }, "d.example": { TXT: ["v=spf1 ip4:10.0.0.4"] }, "e.example": { TXT: ["v=spf1 ip4:10.0.0.5"] },
  "mx.example": { TXT: ["v=spf1 mx a -all"], MX: [{ preference: 1, exchange: "h.example" }], A: ["10.9.9.9"] }, "h.example": { A: ["10.8.8.8"] },
} });
const cache = new SpfCache(); const caching = new CachingResolver(fr);
for (const d of ["empty.example", "ips.example", "inc.example", "mx.example"]) {
  const opts = { resolver: caching, cache };
  for (let i = 0; i < 20000; i++) await checkHost({ ip: "192.0.2.1", sender: `x@${d}` }, opts);
  const n = 100000; const t = performance.now();
  for (let i = 0; i < n; i++) await checkHost({ ip: "192.0.2.1", sender: `x@${d}` }, opts);
  console.log(d, ((performance.now() - t) * 1000 / n).toFixed(2), "µs");
}
