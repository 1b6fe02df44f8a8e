/**
 * Runs the command line in-process with injected fakes (no DNS, no audit implementation needed)
 * and captures what it writes.
 */
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AuditOptions, CheckOptions } from "../../src/audit/api.ts";
import type { AuditReport } from "../../src/audit/report-types.ts";
import type { CliDeps } from "../../src/cli/deps.ts";
import { run } from "../../src/cli/program.ts";
import type { Plan, PlanOptions } from "../../src/plan/types.ts";

export const EXAMPLE_DIR = join(import.meta.dirname, "../../fixtures/examples/contoso");

/** A temporary working folder holding copies of the Contoso org.json, dns.json and dns.https.json (its HTTPS fixture). */
export function workdir(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), "eaa-cli-"));
  cpSync(join(EXAMPLE_DIR, "org.json"), join(dir, "org.json"));
  cpSync(join(EXAMPLE_DIR, "dns.json"), join(dir, "dns.json"));
  cpSync(join(EXAMPLE_DIR, "dns.https.json"), join(dir, "dns.https.json"));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface HarnessOptions {
  cwd: string;
  audit?: (org: unknown, options: AuditOptions) => Promise<AuditReport>;
  checkDomain?: (domain: string, options: CheckOptions) => Promise<AuditReport>;
  /** `plan` (default: the library's own). */
  plan?: (org: unknown, options: PlanOptions) => Promise<Plan>;
  stdoutTTY?: boolean;
  /** The terminal's width, when standard output is one. */
  stdoutColumns?: number;
  stderrTTY?: boolean;
  env?: Record<string, string | undefined>;
}

export interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `argv` against the fakes; returns the exit code and the captured output. */
export async function cli(argv: string[], o: HarnessOptions): Promise<Result> {
  let stdout = "";
  let stderr = "";
  const deps: CliDeps = {
    audit: o.audit ?? (async () => Promise.reject(new Error("audit was not expected in this test"))),
    checkDomain: o.checkDomain ?? (async () => Promise.reject(new Error("checkDomain was not expected in this test"))),
    ...(o.plan !== undefined ? { plan: o.plan } : {}),
    stdout: {
      write: (s: string) => (stdout += s),
      isTTY: o.stdoutTTY ?? false,
      ...(o.stdoutColumns !== undefined ? { columns: o.stdoutColumns } : {}),
    },
    stderr: { write: (s: string) => (stderr += s), isTTY: o.stderrTTY ?? false },
    env: o.env ?? {},
    cwd: o.cwd,
    now: () => 0,
  };
  const code = await run(argv, deps);
  return { code, stdout, stderr };
}
