import { loadSuite } from "../test/spf/suite.ts";
import { FixtureResolver } from "../src/dns/fixture/resolver.ts";
import { mailauthSpf, toNodeStyle } from "../bench/helpers/mailauth-spf.ts";
const tests = loadSuite(process.argv[2] ?? "rfc7208-tests.yml");
let ok = 0;
for (const t of tests) {
  const r = new FixtureResolver(t.fixture);
  const res = await mailauthSpf({ ip: t.host, sender: t.mailfrom, helo: t.helo, mta: "receiver.example", resolver: toNodeStyle(r), strict: true });
  if (t.results.includes(res.status.result)) ok++; else console.log("FAIL", t.name, res.status.result, t.results, res.status.comment);
}
console.log(ok, tests.length);
