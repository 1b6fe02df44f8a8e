import fc from "fast-check";
import { zone, check } from "../test/spf/generate.ts";
import { FixtureResolver } from "../src/dns/fixture/resolver.ts";
import { checkHost } from "../src/spf/check-host.ts";
import { runPyspf } from "../test/spf/pyspf.ts";
const N = Number(process.argv[2] ?? 500);
const samples = fc.sample(fc.tuple(zone, fc.array(check, { minLength: 3, maxLength: 3 })), { numRuns: N, seed: Number(process.argv[3] ?? 42) });
const py = runPyspf(samples.map(([z, checks]) => ({ fixture: z, checks })));
const byKind = new Map<string, number>();
let shown = 0;
for (const [i, [z, checks]] of samples.entries()) {
  const r = new FixtureResolver(z);
  for (const [j, c] of checks.entries()) {
    const ours = await checkHost(c, { resolver: r, defaultExplanation: "DEFAULT" });
    const theirs = py[i]![j]!;
    if (ours.result === theirs.result) continue;
    const e = theirs.explanation ?? "";
    let k = "other";
    if (/the number of parts must not be zero/.test(ours.problem?.message ?? "")) k = "P1 zero digits";
    else if (/trivial recursion/.test(e)) k = "P2 trivial recursion";
    else if (/Void lookup limit/.test(e)) k = "P3 void";
    else if (/Too many DNS lookups|More than 10 DNS/.test(e)) k = "P4 lookups";
    byKind.set(k, (byKind.get(k) ?? 0) + 1);
    if (k === "other" || k === "P3 void" || k === "P4 lookups") { if (shown++ < Number(process.argv[4] ?? 5)) {
      console.log("----", k, ours.result, "vs", theirs.result, JSON.stringify(c));
      console.log("ours:", ours.problem?.message ?? "", "| theirs:", e);
      console.log(ours.trace.filter(s => s.step !== "dns").map(s => JSON.stringify(s)).join("\n"));
      for (const [n, o] of Object.entries(z.records)) console.log("  ", n, JSON.stringify(o));
    } }
  }
}
console.log(byKind);
