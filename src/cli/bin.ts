#!/usr/bin/env node
/**
 * The `email-auth-audit` executable: checks the Node.js version before loading anything else (an
 * older Node prints one line and exits 2, no stack trace), then runs the command line (main.ts);
 * a long bulk run starts again in a child process with a bounded young generation (bulk-heap.ts).
 */
import { BULK_V8_FLAGS, needsBulkHeap } from "./bulk-heap.ts";
import { nodeVersionProblem } from "./node-version.ts";

const problem = nodeVersionProblem(process.versions.node);
if (problem !== undefined) {
  process.stderr.write(`${problem}\n`);
  process.exit(2);
}
if (needsBulkHeap(process.argv.slice(2), process.execArgv, process.env)) {
  const { respawn } = await import("./respawn.ts");
  process.exitCode = await respawn(BULK_V8_FLAGS);
} else {
  await import("./main.ts");
}
