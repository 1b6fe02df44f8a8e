/**
 * A diagnostic, not a benchmark: where a bulk run's memory goes. Serves N generated domains (Knot
 * behind dnsdist adding 20 ms), runs `check --domains-file --format jsonl` in this process at the
 * given concurrency, and prints process.memoryUsage() every second (RSS, heap used and total,
 * external and ArrayBuffer memory). Usage: node bench/helpers/memory-trace.ts [N] [CONCURRENCY]
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { getHeapSpaceStatistics } from "node:v8";
import { processDeps } from "../../src/cli/deps.ts";
import { run } from "../../src/cli/program.ts";
import type { DnsFixture } from "../../src/dns/fixture/types.ts";
import { startDnsdist, startKnot } from "../../test/helpers/knot.ts";
import { syntheticDomains } from "./synthetic-domains.ts";

const n = Number(process.argv[2] ?? 3000);
const concurrency = Number(process.argv[3] ?? 256);
const synthetic = syntheticDomains(n);
const zone: DnsFixture = { version: 1, records: synthetic.records };
const knot = await startKnot({ ".": zone });
const dnsdist = await startDnsdist({ upstreamPort: knot.port, delayMs: 20 });
const dir = mkdtempSync(join(tmpdir(), "eaa-memtrace-"));
const list = join(dir, "domains.txt");
writeFileSync(list, `${synthetic.domains.join("\n")}\n`);
const mb = (x: number) => Math.round(x / 1048576);
let peak = 0;
const timer = setInterval(() => {
  const m = process.memoryUsage();
  peak = Math.max(peak, m.rss);
  process.stdout.write(
    `rss ${mb(m.rss)} heapUsed ${mb(m.heapUsed)} heapTotal ${mb(m.heapTotal)} external ${mb(m.external)} arrayBuffers ${mb(m.arrayBuffers)} new ${mb(getHeapSpaceStatistics().find((x) => x.space_name === "new_space")?.space_size ?? 0)}\n`,
  );
}, 1000);
const deps = processDeps();
const quiet = { ...deps, stderr: { write: () => true } as unknown as typeof deps.stderr };
const code = await run(
  [
    "check",
    "--domains-file",
    list,
    "--resolver",
    `udp://127.0.0.1:${dnsdist.port}`,
    "--format",
    "jsonl",
    "-o",
    join(dir, "out.jsonl"),
    "--concurrency",
    String(concurrency),
  ],
  quiet,
);
clearInterval(timer);
process.stdout.write(`exit ${code}, peak rss ${mb(Math.max(peak, process.resourceUsage().maxRSS * 1024))} MB\n`);
await dnsdist.stop();
await knot.stop();
