/** Runs the command line in this process and prints `{ms, maxRssMb, code}` as the last line of stderr. */
import { processDeps } from "../../src/cli/deps.ts";
import { run } from "../../src/cli/program.ts";

const started = performance.now();
const code = await run(process.argv.slice(2), processDeps());
const ms = performance.now() - started;
process.stderr.write(
  `\n${JSON.stringify({ ms, maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024), code })}\n`,
);
process.exitCode = code;
