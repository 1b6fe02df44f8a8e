/**
 * `npm run bench bulk`: bulk checks at scale (issue 17 §5).
 *
 * - Knot serves 100,000 generated domains (bench/helpers/synthetic-domains.ts: SPF includes of
 *   Microsoft 365, Google, SendGrid, Mailgun, SES; DMARC; MX; a DKIM CNAME) from one root zone;
 *   dnsdist in front adds 20 ms to every answer.
 * - One process: `check --domains-file --format jsonl` (the real CLI, in a child process) at
 *   concurrency 16, 64 and 256: domains per second, peak RSS, CPU time. Target: peak RSS under
 *   300 MB for 100,000 domains.
 * - The cost curve: 1,000 / 10,000 / 100,000 domains at concurrency 64: time and peak memory.
 * - The queue: `queue add`, then 1 worker and then 3 workers (each its own process, the real CLI)
 *   through one redis-server; throughput from the first job to the last. Target: 3 workers at
 *   least 2.5 times one worker's throughput. Then `queue collect`: every domain exactly once.
 *
 * Sizes: BULK_DOMAINS (default 100,000), BULK_CONCURRENCIES (default 16,64,256),
 * BULK_ONE_PROCESS_ONLY=1 (skip the cost curve and the queue), QUEUE_DOMAINS (default 10,000), QUEUE_CONCURRENCY
 * (per worker, default 8). The machine's core count bounds what several workers on one machine
 * can show; the figures say how many cores there were.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { BULK_V8_FLAGS, isBulkRun } from "../src/cli/bulk-heap.ts";
import type { DnsFixture } from "../src/dns/fixture/types.ts";
import { openQueue } from "../src/queue/open.ts";
import { startDnsdist, startKnot } from "../test/helpers/knot.ts";
import { startRedis } from "../test/helpers/redis.ts";
import { hasBinary } from "../test/helpers/servers.ts";
import { syntheticDomains } from "./helpers/synthetic-domains.ts";

const envInt = (name: string, fallback: number) => {
  const n = Number(process.env[name]);
  return Number.isInteger(n) && n > 0 ? n : fallback;
};
const N = envInt("BULK_DOMAINS", 100_000);
const QUEUE_N = Math.min(envInt("QUEUE_DOMAINS", 10_000), N);
const QUEUE_CONCURRENCY = envInt("QUEUE_CONCURRENCY", 8);
/** The one-process concurrencies to measure (BULK_CONCURRENCIES, comma-separated; default 16,64,256). */
const CONCURRENCIES = (process.env.BULK_CONCURRENCIES ?? "16,64,256")
  .split(",")
  .map(Number)
  .filter((n) => Number.isInteger(n) && n > 0);
const DELAY_MS = 20;
const MEASURED = join(import.meta.dirname, "helpers/run-cli-measured.ts");

if (!hasBinary("knotd") || !hasBinary("dnsdist") || !hasBinary("redis-server")) {
  console.log("skipped: needs Debian's knot, dnsdist and redis-server");
  process.exit(process.env.CI === "true" ? 1 : 0);
}

interface Measured {
  ms: number;
  maxRssMb: number;
  cpuMs: number;
  code: number;
}

/** Runs the CLI in a child process; resolves with its measurements (and its standard error). */
function runCli(args: string[]): { child: ChildProcess; done: Promise<Measured & { stderr: string }> } {
  // As bin.ts starts a bulk run (check --domains-file, worker): with a bounded young generation.
  const flags = isBulkRun(args) ? BULK_V8_FLAGS : [];
  const child = spawn(process.execPath, ["--no-warnings", ...flags, MEASURED, ...args], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-20_000);
  });
  const done = new Promise<Measured & { stderr: string }>((resolve) => {
    child.once("exit", () => {
      const last = stderr.trim().split("\n").pop() ?? "{}";
      let stats: Measured = { ms: Number.NaN, maxRssMb: Number.NaN, cpuMs: Number.NaN, code: -1 };
      try {
        stats = JSON.parse(last) as Measured;
      } catch {
        // A crash: reported below with its output.
      }
      resolve({ ...stats, stderr });
    });
  });
  return { child, done };
}

/** Ends the benchmark early (BULK_ONE_PROCESS_ONLY), through the same clean-up. */
class Done extends Error {}

const fmt = (n: number, digits = 0) =>
  n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** Counts the results of a JSON Lines file by status, and the distinct domains (read as a stream: it may be a gigabyte). */
async function countResults(
  file: string,
): Promise<{ lines: number; distinct: number; byStatus: Record<string, number> }> {
  const byStatus: Record<string, number> = {};
  const domains = new Set<string>();
  let lines = 0;
  const input = createReadStream(file);
  for await (const line of createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) {
    if (line === "") continue;
    lines++;
    const m = /^\{"domain":"([^"]*)","status":"([a-z-]+)"/.exec(line);
    if (m === null) continue;
    domains.add(m[1] ?? "");
    byStatus[m[2] ?? "?"] = (byStatus[m[2] ?? "?"] ?? 0) + 1;
  }
  return { lines, distinct: domains.size, byStatus };
}

const synthetic = syntheticDomains(N);
const zone: DnsFixture = { version: 1, records: synthetic.records };
const dir = mkdtempSync(join(tmpdir(), "eaa-bulk-bench-"));
console.log(
  `bulk benchmark: ${fmt(N)} generated domains, Knot behind dnsdist adding ${DELAY_MS} ms per answer; ${availableParallelism()} CPU cores; Node ${process.version}`,
);
let started = performance.now();
const knot = await startKnot({ ".": zone });
const dnsdist = await startDnsdist({ upstreamPort: knot.port, delayMs: DELAY_MS });
console.log(`  (Knot loaded the zone and answered in ${fmt((performance.now() - started) / 1000, 1)} s)`);
const resolver = `udp://127.0.0.1:${dnsdist.port}`;
const lists = new Map<number, string>();
for (const n of [...new Set([1000, 10_000, QUEUE_N, N])].filter((n) => n <= N)) {
  const file = join(dir, `domains-${n}.txt`);
  writeFileSync(file, `${synthetic.domains.slice(0, n).join("\n")}\n`);
  lists.set(n, file);
}

try {
  // One process, concurrency 16 / 64 / 256, then the cost curve at 64.
  const check = async (n: number, concurrency: number) => {
    const out = join(dir, `out-${n}-${concurrency}.jsonl`);
    const r = await runCli([
      "check",
      "--domains-file",
      lists.get(n) ?? "",
      "--resolver",
      resolver,
      "--format",
      "jsonl",
      "--output",
      out,
      "--concurrency",
      String(concurrency),
    ]).done;
    console.log(
      `  check ${fmt(n)} domains, concurrency ${concurrency}: ${fmt(r.ms / 1000, 1)} s, ${fmt(n / (r.ms / 1000), 1)} domains/s, peak RSS ${r.maxRssMb} MB, CPU ${fmt(r.cpuMs / 1000, 1)} s, exit ${r.code}`,
    );
    const counted = await countResults(out);
    const row = {
      n,
      concurrency,
      seconds: r.ms / 1000,
      perSecond: n / (r.ms / 1000),
      maxRssMb: r.maxRssMb,
      cpuSeconds: r.cpuMs / 1000,
      ...counted,
    };
    console.log(
      `    output: ${fmt(counted.lines)} lines, ${fmt(counted.distinct)} distinct, ${JSON.stringify(counted.byStatus)}`,
    );
    if (counted.lines !== n) console.log(`    ! expected ${n} lines; stderr: ${r.stderr.slice(-500)}`);
    rmSync(out, { force: true });
    return row;
  };
  console.log(`\none process (check --domains-file --format jsonl), ${fmt(N)} domains:`);
  const byConcurrency = [];
  for (const c of CONCURRENCIES) byConcurrency.push(await check(N, c));
  const peak = Math.max(...byConcurrency.map((r) => r.maxRssMb));
  console.log(`  peak RSS at most ${peak} MB (target < 300 MB): ${peak < 300 ? "met" : "NOT met"}`);

  // BULK_ONE_PROCESS_ONLY=1: the runs above only (the cost curve and the queue take half an hour more).
  if (process.env.BULK_ONE_PROCESS_ONLY === "1") throw new Done();
  console.log("\ncost curve (concurrency 64):");
  const curve = [];
  for (const n of [1000, 10_000].filter((x) => x < N)) curve.push(await check(n, 64));
  const at64 = byConcurrency.find((r) => r.concurrency === 64);
  if (at64) {
    curve.push(at64);
    console.log(
      `  check ${fmt(N)} domains, concurrency 64: (from above) ${fmt(at64.seconds, 1)} s, peak RSS ${at64.maxRssMb} MB`,
    );
  }
  console.log(
    `  ${curve.map((r) => `${fmt(r.n)}: ${fmt(r.seconds, 1)} s, ${r.maxRssMb} MB`).join(" | ")} (time grows with the domains; memory does not)`,
  );

  // The queue: 1 worker, then 3.
  console.log(`\nqueue (redis-server, ${fmt(QUEUE_N)} domains, ${QUEUE_CONCURRENCY} at once per worker):`);
  const redis = await startRedis();
  try {
    const rates: Record<number, number> = {};
    for (const workers of [1, 3]) {
      const name = `bench-${workers}`;
      const queueArgs = ["--redis", redis.url, "--queue", name];
      const add = await runCli(["queue", "add", ...queueArgs, "--domains-file", lists.get(QUEUE_N) ?? ""]).done;
      if (add.code !== 0) throw new Error(`queue add failed: ${add.stderr}`);
      const opened = await openQueue(redis.url, name);
      if (!opened.ok) throw new Error(opened.error);
      const t0 = performance.now();
      const running = Array.from({ length: workers }, () =>
        runCli([
          "worker",
          ...queueArgs,
          "--resolver",
          resolver,
          "--concurrency",
          String(QUEUE_CONCURRENCY),
          "--rate-limit",
          "0",
          "--exit-when-drained",
        ]),
      );
      let completed = 0;
      while (completed < QUEUE_N) {
        await new Promise((r) => setTimeout(r, 250));
        const c = await opened.open.queue.getJobCounts("completed", "failed");
        completed = (c.completed ?? 0) + (c.failed ?? 0);
        if (running.every((w) => w.child.exitCode !== null) && completed < QUEUE_N) break;
      }
      const seconds = (performance.now() - t0) / 1000;
      const results = await Promise.all(running.map((w) => w.done));
      await opened.open.close();
      rates[workers] = completed / seconds;
      const out = join(dir, `queue-${workers}.jsonl`);
      const collect = await runCli(["queue", "collect", ...queueArgs, "-o", out]).done;
      const counted = await countResults(out);
      console.log(
        `  ${workers} worker${workers === 1 ? "" : "s"}: ${fmt(completed)} domains in ${fmt(seconds, 1)} s, ${fmt(rates[workers] ?? 0, 1)} domains/s; peak RSS per worker ${results.map((r) => r.maxRssMb).join(", ")} MB, CPU ${results.map((r) => fmt(r.cpuMs / 1000, 1)).join(", ")} s; collect: ${fmt(counted.lines)} lines, ${fmt(counted.distinct)} distinct, ${JSON.stringify(counted.byStatus)}, exit ${collect.code}`,
      );
      const cache = results.map((r) =>
        /shared DNS cache: ([\d,]+) answers read, ([\d,]+) questions asked upstream/.exec(r.stderr),
      );
      console.log(`    shared cache: ${cache.map((m) => (m ? `${m[1]} read / ${m[2]} asked` : "?")).join("; ")}`);
    }
    const ratio = (rates[3] ?? 0) / (rates[1] ?? 1);
    console.log(`  3 workers / 1 worker: ${fmt(ratio, 2)}x (target >= 2.5x; ${availableParallelism()} cores here)`);
  } finally {
    await redis.stop();
  }
} catch (error) {
  if (!(error instanceof Done)) throw error;
} finally {
  started = performance.now();
  await dnsdist.stop();
  await knot.stop();
  rmSync(dir, { recursive: true, force: true });
}
