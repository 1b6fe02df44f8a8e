import { loadSuite } from "../test/spf/suite.ts";
import { checkHost } from "../src/spf/check-host.ts";
import { FixtureResolver } from "../src/dns/fixture/resolver.ts";
const file = process.argv[2] ?? "rfc7208-tests.yml";
const tests = loadSuite(file);
let ok = 0, preferred = 0, bad = 0;
const resolvers = new Map();
for (const t of tests) {
  let r = resolvers.get(t.fixture); if (!r) { r = new FixtureResolver(t.fixture); resolvers.set(t.fixture, r); }
  const res = await checkHost({ ip: t.host, sender: t.mailfrom, helo: t.helo }, { resolver: r, defaultExplanation: "DEFAULT" });
  const good = t.results.includes(res.result) && (t.explanation === undefined || t.explanation === res.explanation);
  if (good) { ok++; if (res.result === t.results[0]) preferred++; else console.log("NONPREF", t.name, res.result, t.results); }
  else { bad++; console.log("FAIL", t.scenario, "/", t.name, "got", res.result, JSON.stringify(res.explanation), "want", t.results, JSON.stringify(t.explanation), res.problem?.message); }
}
console.log({ total: tests.length, ok, preferred, bad });
