import { loadSuite } from "../test/spf/suite.ts";
import { runPyspf } from "../test/spf/pyspf.ts";
const tests = loadSuite(process.argv[2] ?? "rfc7208-tests.yml");
const res = runPyspf(tests.map(t => ({ fixture: t.fixture, checks: [{ ip: t.host, sender: t.mailfrom, helo: t.helo }] })));
let ok = 0;
tests.forEach((t, i) => { const r = res[i]![0]!; const good = t.results.includes(r.result) && (t.explanation === undefined || t.explanation === r.explanation); if (good) ok++; else console.log("FAIL", t.name, r, t.results, t.explanation); });
console.log(ok, tests.length);
