/**
 * `npm run bench audit`: the speed of a real audit and of bulk checks, against a real DNS server
 * with a realistic round trip (issue: "The command line, the reports..." §4).
 *
 * - Knot DNS serves the recorded example organisation (one root zone holding every record, so it
 *   answers every name authoritatively); dnsdist in front adds a fixed delay to every answer.
 * - Audit: wall time through DnsResolver, the number of questions, and the ratio of the wall time
 *   to (deepest chain of dependent questions × delay). Target: ratio <= 1.5.
 * - Bulk: 1,000 synthetic domains through `check --domains-file` (the real CLI, in a child
 *   process): domains per second and peak memory, against the same domains checked one by one.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { audit, checkDomain } from "../src/audit/api.ts";
import { FixtureResolver } from "../src/dns/fixture/resolver.ts";
import type { DnsFixture } from "../src/dns/fixture/types.ts";
import { DnsResolver } from "../src/dns/wire/resolver.ts";
import { startDnsdist, startKnot } from "../test/helpers/knot.ts";
import { hasBinary } from "../test/helpers/servers.ts";
import { CausalDepthResolver } from "./helpers/causal-depth.ts";
import { syntheticDomains } from "./helpers/synthetic-domains.ts";

const DELAY_MS = 20;
const BULK = 1000;
const ONE_BY_ONE = 40;
const root = join(import.meta.dirname, "..");

if (!hasBinary("knotd") || !hasBinary("dnsdist")) {
  console.log("skipped: needs Debian's knot and dnsdist (apt-get install -y knot dnsdist)");
  process.exit(process.env.CI === "true" ? 1 : 0);
}

const exampleDir = join(root, "fixtures/examples/contoso");
const orgText = readFileSync(join(exampleDir, "org.json"), "utf8");
const example = JSON.parse(readFileSync(join(exampleDir, "dns.json"), "utf8")) as DnsFixture;
const synthetic = syntheticDomains(BULK);
const zone: DnsFixture = { version: 1, records: { ...example.records, ...synthetic.records } };
const now = new Date("2026-11-23T09:00:00Z");

// The deepest chain, from the data (answers delayed 5 ms so that "answered before" is clear).
const causal = new CausalDepthResolver(new FixtureResolver(zone, { latencyMs: 5 }));
const offline = await audit(orgText, { resolver: causal, now });
const depth = causal.depth;

const knot = await startKnot({ ".": zone });
const dnsdist = await startDnsdist({ upstreamPort: knot.port, delayMs: DELAY_MS });
const dir = mkdtempSync(join(tmpdir(), "eaa-bench-"));
try {
  const udp = () => new DnsResolver({ servers: [`127.0.0.1:${dnsdist.port}`], timeoutMs: 2000, attempts: 2 });
  // Same verdicts over the wire as offline (the benchmark measures the real thing).
  const first = await audit(orgText, { resolver: udp(), now });
  const same =
    JSON.stringify(first.findings.map((f) => f.ruleId)) === JSON.stringify(offline.findings.map((f) => f.ruleId));
  for (let i = 0; i < 5; i++) await audit(orgText, { resolver: udp(), now }); // warm the JIT and the validators
  const walls: number[] = [];
  for (let i = 0; i < 11; i++) {
    const t = performance.now();
    await audit(orgText, { resolver: udp(), now });
    walls.push(performance.now() - t);
  }
  walls.sort((a, b) => a - b);
  const wall = walls[Math.floor(walls.length / 2)] ?? 0;
  const floor = depth * DELAY_MS;
  // What the test rig itself costs per round trip: 30 concurrent questions through dnsdist.
  const rig: number[] = [];
  for (let i = 0; i < 5; i++) {
    const r = udp();
    const t = performance.now();
    await Promise.all(Array.from({ length: 30 }, (_, k) => r.resolve(`rig${i}-${k}.bulk.example`, "TXT")));
    rig.push(performance.now() - t);
  }
  rig.sort((a, b) => a - b);
  console.log(`audit of the example organisation through DnsResolver, dnsdist adding ${DELAY_MS} ms per answer:`);
  console.log(
    `  questions: ${first.dns.questions} (${first.dns.unique} distinct); findings match the offline audit: ${same ? "yes" : "NO"}`,
  );
  console.log(`  deepest chain of dependent questions: ${depth} -> floor ${floor} ms`);
  console.log(
    `  wall time (median of ${walls.length}): ${wall.toFixed(1)} ms; asked one after another it would take about ${first.dns.questions * DELAY_MS} ms`,
  );
  console.log(`  ratio wall / (chain x delay): ${(wall / floor).toFixed(2)} (target <= 1.5)`);
  console.log(
    `  (the rig alone: 30 concurrent questions take ${(rig[2] ?? 0).toFixed(1)} ms for a ${DELAY_MS} ms delay, i.e. ${((rig[2] ?? 0) / DELAY_MS).toFixed(2)} per round trip)`,
  );

  // Bulk through the real CLI.
  const list = join(dir, "domains.txt");
  writeFileSync(list, synthetic.domains.join("\n") + "\n");
  const runCli = (args: string[]) => {
    const r = spawnSync(process.execPath, ["--no-warnings", join(root, "bench/helpers/run-cli-measured.ts"), ...args], {
      encoding: "utf8",
      maxBuffer: 1 << 28,
    });
    const stats = JSON.parse(r.stderr.trim().split("\n").pop() ?? "{}") as {
      ms: number;
      maxRssMb: number;
      code: number;
    };
    return stats;
  };
  const resolverFlag = `udp://127.0.0.1:${dnsdist.port}`;
  for (const concurrency of [16, 64]) {
    const s = runCli([
      "check",
      "--domains-file",
      list,
      "--resolver",
      resolverFlag,
      "--format",
      "json",
      "--output",
      join(dir, `bulk-${concurrency}.json`),
      "--concurrency",
      String(concurrency),
    ]);
    const bulk = JSON.parse(readFileSync(join(dir, `bulk-${concurrency}.json`), "utf8")) as {
      entries: { status: string }[];
    };
    const checked = bulk.entries.filter((e) => e.status === "checked").length;
    console.log(
      `bulk: ${BULK} synthetic domains, check --domains-file --concurrency ${concurrency}: ${(s.ms / 1000).toFixed(1)} s, ${(BULK / (s.ms / 1000)).toFixed(1)} domains/s, peak RSS ${s.maxRssMb} MB, ${checked} checked, exit ${s.code}`,
    );
  }
  // One by one: each domain its own check with its own resolver, as a loop over a single-domain tool.
  const t = performance.now();
  for (const d of synthetic.domains.slice(0, ONE_BY_ONE)) await checkDomain(d, { resolver: udp(), now });
  const perDomain = (performance.now() - t) / ONE_BY_ONE;
  console.log(
    `one by one (first ${ONE_BY_ONE}, each its own resolver): ${perDomain.toFixed(0)} ms per domain, ${(1000 / perDomain).toFixed(1)} domains/s`,
  );
} finally {
  await dnsdist.stop();
  await knot.stop();
  rmSync(dir, { recursive: true, force: true });
}
