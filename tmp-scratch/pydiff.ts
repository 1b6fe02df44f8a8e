import fc from "fast-check";
import { zone, check } from "../test/spf/generate.ts";
import { FixtureResolver } from "../src/dns/fixture/resolver.ts";
import { checkHost } from "../src/spf/check-host.ts";
import { runPyspf } from "../test/spf/pyspf.ts";
const N = Number(process.argv[2] ?? 500);
const samples = fc.sample(fc.tuple(zone, fc.array(check, { minLength: 3, maxLength: 3 })), { numRuns: N, seed: Number(process.argv[3] ?? 42) });
const py = runPyspf(samples.map(([z, checks]) => ({ fixture: z, checks })));
let diffs = 0, total = 0;
const byKind = new Map<string, number>();
for (const [i, [z, checks]] of samples.entries()) {
  const r = new FixtureResolver(z);
  for (const [j, c] of checks.entries()) {
    total++;
    const ours = await checkHost(c, { resolver: r, defaultExplanation: "DEFAULT" });
    const theirs = py[i]![j]!;
    if (ours.result !== theirs.result) {
      diffs++;
      const k = `${ours.result} vs ${theirs.result}`;
      byKind.set(k, (byKind.get(k) ?? 0) + 1);
      if (diffs <= Number(process.argv[4] ?? 8)) {
        console.log("----", k, JSON.stringify(c));
        console.log("ours:", ours.problem?.message ?? "", "| theirs:", theirs.explanation);
        for (const [n, o] of Object.entries(z.records)) console.log("  ", n, JSON.stringify(o));
      }
    }
  }
}
console.log({ total, diffs }, byKind);
