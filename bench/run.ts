/**
 * `npm run bench`: runs every `bench/*.bench.ts` (or those named on the command line) one after
 * the other in a fresh Node process each, so that one benchmark's caches and JIT state do not
 * colour the next. Each prints its own figures (ratios against peers run side by side).
 */
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith(".bench.ts"))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.startsWith(w)))
  .sort();
let failed = 0;
for (const file of files) {
  console.log(`\n=== ${file} ===`);
  const result = spawnSync(process.execPath, ["--no-warnings", join(here, file)], { stdio: "inherit" });
  if (result.status !== 0) failed++;
}
if (files.length === 0) console.log("no benchmarks matched");
process.exit(failed > 0 ? 1 : 0);
