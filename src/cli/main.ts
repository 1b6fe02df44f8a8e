/**
 * The `email-auth-audit` executable: runs the command line (program.ts) with the process's
 * arguments, streams and environment, and exits with its code. See docs/cli.md.
 */
import { processDeps } from "./deps.ts";
import { run } from "./program.ts";

// `email-auth-audit check ... | head`: a reader that stops early is not an error of ours.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw error;
});

process.exitCode = await run(process.argv.slice(2), processDeps());
