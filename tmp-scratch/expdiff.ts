import fc from "fast-check";
import { zone, check } from "../test/spf/generate.ts";
import { FixtureResolver } from "../src/dns/fixture/resolver.ts";
import { checkHost } from "../src/spf/check-host.ts";
import { runPyspf } from "../test/spf/pyspf.ts";
import { mailauthSpf, toNodeStyle } from "../bench/helpers/mailauth-spf.ts";
const samples = fc.sample(fc.tuple(zone, fc.array(check, { minLength: 3, maxLength: 3 })), { numRuns: 1000, seed: 7 });
const py = runPyspf(samples.map(([z, checks]) => ({ fixture: z, checks })));
let n = 0, m = 0, p = 0;
for (const [i, [z, checks]] of samples.entries()) {
  const r = new FixtureResolver(z);
  for (const [j, c] of checks.entries()) {
    const ours = await checkHost(c, { resolver: r, defaultExplanation: "DEFAULT" });
    if (ours.result !== "fail") continue;
    n++;
    const ma = await mailauthSpf({ ...c, mta: "rx", resolver: toNodeStyle(r), strict: true });
    if (ma.status.result === "fail" && (ma.explanation ?? "DEFAULT") !== ours.explanation) { m++; if (m < 4) console.log("MA", JSON.stringify(c), ours.explanation, "|", ma.explanation); }
    const y = py[i]![j]!;
    if (y.result === "fail" && y.explanation !== ours.explanation) { p++; if (p < 4) console.log("PY", JSON.stringify(c), ours.explanation, "|", y.explanation); }
  }
}
console.log({ n, m, p });
