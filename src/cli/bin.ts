#!/usr/bin/env node
/**
 * The `email-auth-audit` executable: checks the Node.js version before loading anything else (an
 * older Node prints one line and exits 2, no stack trace), then runs the command line (main.ts).
 */
import { nodeVersionProblem } from "./node-version.ts";

const problem = nodeVersionProblem(process.versions.node);
if (problem !== undefined) {
  process.stderr.write(`${problem}\n`);
  process.exit(2);
}
await import("./main.ts");
