/**
 * The Redis job queue end to end, with a real redis-server and Knot: 5,000 domains, 3 worker
 * processes (the real CLI), one killed with SIGKILL mid-run; `queue collect` then writes every
 * domain exactly once.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openQueue } from "../../src/queue/open.ts";
import type { DomainResult } from "../../src/report/bulk-types.ts";
import { cli } from "../cli/harness.ts";
import { type RunningServer, startKnot } from "../helpers/knot.ts";
import { type RunningRedis, startRedis } from "../helpers/redis.ts";
import { requireBinary } from "../helpers/servers.ts";
import { queueDomains } from "./zone.ts";

const MAIN = join(import.meta.dirname, "../../src/cli/main.ts");
const N = 5000;
const servers = requireBinary("redis-server", "redis-server") && requireBinary("knotd", "knot");

interface Worker {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function startWorkerProcess(args: string[]): Worker {
  const child = spawn(process.execPath, ["--no-warnings", MAIN, "worker", ...args], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, output: () => output, exited };
}

describe.runIf(servers)("the Redis queue: 3 workers, 5,000 domains, one worker killed mid-run", () => {
  let redis: RunningRedis;
  let knot: RunningServer;
  let dir: string;
  const { domains, zone } = queueDomains(N);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "eaa-queue-"));
    writeFileSync(join(dir, "domains.txt"), `${domains.join("\n")}\n`);
    [redis, knot] = await Promise.all([startRedis(), startKnot({ ".": zone })]);
  }, 60_000);

  afterAll(async () => {
    await Promise.all([redis?.stop(), knot?.stop()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it("collects every domain exactly once, checked, after a SIGKILL; the shared cache asks providers once", async () => {
    const queue = ["--redis", redis.url, "--queue", "e2e"];
    const add = await cli(["queue", "add", ...queue, "--domains-file", "domains.txt"], { cwd: dir });
    expect(add.code).toBe(0);
    expect(add.stderr).toContain(`queued ${N.toLocaleString("en-US")} domains in e2e`);
    // Adding again adds nothing: the job id is the domain.
    const again = await cli(["queue", "add", ...queue, "d1.q.example", "d2.q.example"], { cwd: dir });
    expect(again.stderr).toContain(`waiting ${N.toLocaleString("en-US")}, active 0`);

    const workerArgs = [
      ...queue,
      "--resolver",
      `udp://127.0.0.1:${knot.port}`,
      "--concurrency",
      "16",
      "--rate-limit",
      "0",
      "--lock-duration",
      "2000",
      "--exit-when-drained",
    ];
    const workers = [0, 1, 2].map(() => startWorkerProcess(workerArgs));
    const opened = await openQueue(redis.url, "e2e");
    if (!opened.ok) throw new Error(opened.error);
    const { queue: q } = opened.open;
    try {
      // Kill one worker while it holds jobs, once the run is well under way.
      for (;;) {
        const counts = await q.getJobCounts("completed", "active");
        if ((counts.completed ?? 0) >= 1000 && (counts.active ?? 0) > 0) break;
        if (workers.some((w) => w.child.exitCode !== null))
          throw new Error(`a worker exited early:\n${workers.map((w) => w.output()).join("\n")}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      const victim = workers[0]!;
      victim.child.kill("SIGKILL");
      expect(await victim.exited).toBe(null);
      const survivors = workers.slice(1);
      const codes = await Promise.all(survivors.map((w) => w.exited));
      expect(codes, survivors.map((w) => w.output()).join("\n")).toEqual([0, 0]);

      // The killed worker's jobs went back to the queue (stalled) and were checked by the others.
      const stalled = (await q.getJobs(["completed"], 0, N, true)).filter((j) => j.stalledCounter > 0);
      expect(stalled.length).toBeGreaterThan(0);
      const status = await cli(["queue", "status", ...queue, "--json"], { cwd: dir });
      expect(JSON.parse(status.stdout)).toEqual({ waiting: 0, active: 0, delayed: 0, completed: N, failed: 0 });

      // The providers' records were asked upstream about once per name, not once per domain.
      const asked = survivors
        .map((w) => /(\d[\d,]*) questions asked upstream/.exec(w.output())?.[1] ?? "NaN")
        .map((n) => Number(n.replace(/,/g, "")));
      expect(asked.every((n) => Number.isInteger(n))).toBe(true);
      expect(asked.reduce((a, b) => a + b, 0)).toBeLessThan(50);
    } finally {
      for (const w of workers) if (w.child.exitCode === null) w.child.kill("SIGKILL");
      await opened.open.close();
    }

    const collect = await cli(["queue", "collect", ...queue, "-o", "results.jsonl"], { cwd: dir });
    expect(collect.code).toBe(0);
    expect(collect.stderr).toMatch(/^collected 5,000 domains in .*0 not checked/);
    const results = readFileSync(join(dir, "results.jsonl"), "utf8")
      .split("\n")
      .filter((l) => l !== "")
      .map((l) => JSON.parse(l) as DomainResult);
    expect(results).toHaveLength(N);
    expect(new Set(results.map((r) => r.domain))).toEqual(new Set(domains));
    expect(results.filter((r) => r.status !== "checked")).toEqual([]);
    const one = results.find((r) => r.domain === "d7.q.example");
    expect(one?.status === "checked" && one.report.domains[0]?.spf.record).toBe(
      "v=spf1 include:spf.provider-b.example -all",
    );
  }, 600_000);
});
