/**
 * Runs this command line again in a child process with extra V8 flags (bulk-heap.ts), standard
 * streams shared, and ends as the child ends: its exit code, or the signal that ended it. SIGINT
 * and SIGTERM sent to this process are passed on (a terminal's Ctrl-C reaches both: the child
 * handles it, this process waits for it).
 */
import { spawn } from "node:child_process";
import { RESPAWNED_ENV } from "./bulk-heap.ts";

/** Starts the child and resolves with the exit code to end with. */
export function respawn(flags: readonly string[]): Promise<number> {
  const script = process.argv[1] ?? "";
  const child = spawn(process.execPath, [...process.execArgv, ...flags, script, ...process.argv.slice(2)], {
    stdio: "inherit",
    env: { ...process.env, [RESPAWNED_ENV]: "1" },
  });
  const forward = (signal: NodeJS.Signals) => () => {
    child.kill(signal);
  };
  const onInt = forward("SIGINT");
  const onTerm = forward("SIGTERM");
  process.on("SIGINT", onInt);
  process.on("SIGTERM", onTerm);
  return new Promise((resolve) => {
    child.once("error", (error) => {
      process.stderr.write(`error: cannot start the bulk run: ${error.message}\n`);
      resolve(2);
    });
    child.once("exit", (code, signal) => {
      process.off("SIGINT", onInt);
      process.off("SIGTERM", onTerm);
      if (signal !== null) resolve(signal === "SIGINT" ? 130 : 128 + signalNumber(signal));
      else resolve(code ?? 1);
    });
  });
}

function signalNumber(signal: NodeJS.Signals): number {
  return { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 }[signal as string] ?? 1;
}
