/**
 * Runs the command line in this process and prints `{ms, maxRssMb, cpuMs, code}` as the last line
 * of stderr (peak resident memory and CPU time, user + system, of this process).
 */
import { processDeps } from "../../src/cli/deps.ts";
import { run } from "../../src/cli/program.ts";

const started = performance.now();
const code = await run(process.argv.slice(2), processDeps());
const ms = performance.now() - started;
const usage = process.resourceUsage();
process.stderr.write(
  `\n${JSON.stringify({ ms, maxRssMb: Math.round(usage.maxRSS / 1024), cpuMs: Math.round((usage.userCPUTime + usage.systemCPUTime) / 1000), code })}\n`,
);
process.exitCode = code;
