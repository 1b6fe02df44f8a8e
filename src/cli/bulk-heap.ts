/**
 * V8's young generation for long bulk runs. Under many checks in flight V8 grows the young
 * generation to its largest (two 64 MB semi-spaces), memory that stays resident for the whole run;
 * it can only be bounded when the process starts. So `bin.ts` starts a bulk run (`check
 * --domains-file`, `worker`, `reports import`/`fetch`) as a child process with {@link BULK_V8_FLAGS}. Measured (1,500
 * domains, concurrency 256, in one process): peak RSS 378 MB without, 297 MB with, for about 5%
 * more wall time (docs/scale.md).
 */

/** The flags a bulk run starts with: semi-spaces of at most 8 MB. */
export const BULK_V8_FLAGS: readonly string[] = ["--max-semi-space-size=8"];

/** Set in the child's environment: it is the bulk run, not another launcher. */
export const RESPAWNED_ENV = "EMAIL_AUTH_AUDIT_RESPAWNED";

/**
 * Whether these command-line arguments start a long bulk run: `check --domains-file`, `worker`,
 * `reports import` and `reports fetch` (a year of reports streams through the same way).
 */
export function isBulkRun(args: readonly string[]): boolean {
  const words = args.filter((a) => !a.startsWith("-"));
  const command = words[0];
  if (command === "worker") return true;
  if (command === "reports") return words[1] === "import" || words[1] === "fetch";
  return command === "check" && args.some((a) => a === "--domains-file" || a.startsWith("--domains-file="));
}

/** Whether `bin.ts` should start the run again in a child with {@link BULK_V8_FLAGS}. */
export function needsBulkHeap(
  args: readonly string[],
  execArgv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): boolean {
  if (!isBulkRun(args) || env[RESPAWNED_ENV] === "1") return false;
  return !execArgv.some((a) => a.startsWith("--max-semi-space-size"));
}
