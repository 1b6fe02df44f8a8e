import fc from "fast-check";
import { zone, check } from "../test/spf/generate.ts";
import { FixtureResolver } from "../src/dns/fixture/resolver.ts";
import { checkHost } from "../src/spf/check-host.ts";
import { mailauthSpf, toNodeStyle } from "../bench/helpers/mailauth-spf.ts";
const N = Number(process.argv[2] ?? 500);
const samples = fc.sample(fc.tuple(zone, fc.array(check, { minLength: 3, maxLength: 3 })), { numRuns: N, seed: Number(process.argv[3] ?? 42) });
let diffs = 0, total = 0;
const byKind = new Map<string, number>();
for (const [z, checks] of samples) {
  const r = new FixtureResolver(z);
  for (const c of checks) {
    total++;
    const ours = await checkHost(c, { resolver: r });
    const theirs = await mailauthSpf({ ...c, mta: "rx", resolver: toNodeStyle(r), strict: true });
    if (ours.result !== theirs.status.result) {
      diffs++;
      const k = `${ours.result} vs ${theirs.status.result}`;
      byKind.set(k, (byKind.get(k) ?? 0) + 1);
      if (diffs <= Number(process.argv[4] ?? 8)) {
        console.log("----", k, JSON.stringify(c));
        console.log("ours:", ours.problem?.message ?? "", "| theirs:", theirs.status.comment);
        for (const [n, o] of Object.entries(z.records)) if (o.TXT) console.log("  ", n, JSON.stringify(o));
        else console.log("  ", n, JSON.stringify(o));
      }
    }
  }
}
console.log({ total, diffs }, byKind);
