/**
 * What the command handlers need from the outside world, injected so that tests can run them
 * in-process with fake audit functions and captured output.
 */
import { type AuditOptions, audit, type CheckOptions, checkDomain } from "../audit/api.ts";
import type { AuditReport } from "../audit/report-types.ts";
import { plan } from "../plan/plan.ts";
import type { Plan, PlanOptions } from "../plan/types.ts";

/** A place to write text; `isTTY` says whether it is a terminal, `columns` how wide it is. */
export interface OutStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** The handlers' dependencies. */
export interface CliDeps {
  audit: (org: unknown, options: AuditOptions) => Promise<AuditReport>;
  checkDomain: (domain: string, options: CheckOptions) => Promise<AuditReport>;
  /** `plan` (default: the library's). */
  plan?: (org: unknown, options: PlanOptions) => Promise<Plan>;
  stdout: OutStream;
  stderr: OutStream;
  /** The environment (`NO_COLOR`, `FORCE_COLOR`, `COLUMNS`). */
  env: Readonly<Record<string, string | undefined>>;
  /** Relative file names resolve against this folder. */
  cwd: string;
  /** Milliseconds clock for the bulk summary's elapsed time. */
  now?: () => number;
  /** What `-` reads (`reports import -`); default the process's standard input. */
  stdin?: AsyncIterable<Uint8Array>;
}

/** The real dependencies of the `email-auth-audit` process. */
export function processDeps(): CliDeps {
  return {
    audit,
    checkDomain,
    plan,
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    now: () => performance.now(),
    stdin: process.stdin,
  };
}
