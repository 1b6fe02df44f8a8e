/** Writing the report where the user asked, and the exit code it earns. */
import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { counts } from "../audit/accept.ts";
import { atLeast, type Severity } from "../common/severity.ts";
import type { Finding } from "../rules/types.ts";
import type { CliDeps } from "./deps.ts";
import { CliError, messageOf } from "./errors.ts";

/** Exit codes: 0 nothing at or above `--fail-on`, 1 findings (or a domain not checked), 2 usage or input error. */
export const EXIT = { ok: 0, findings: 1, usage: 2 } as const;

/**
 * 1 when any finding is at least as severe as `failOn`, or when any domain could not be checked;
 * else 0. Findings the description accepts and findings in the baseline do not count.
 */
export function exitCodeFor(findings: readonly Finding[], failOn: Severity, notChecked = 0): 0 | 1 {
  if (notChecked > 0) return EXIT.findings;
  return findings.some((f) => counts(f) && atLeast(f.severity, failOn)) ? EXIT.findings : EXIT.ok;
}

/** Writes the formatted report to `--output FILE` or standard output. */
export async function emit(deps: CliDeps, text: string, output: string | undefined): Promise<void> {
  if (output === undefined) {
    deps.stdout.write(text);
    return;
  }
  try {
    await writeFile(resolve(deps.cwd, output), text);
  } catch (error) {
    throw new CliError(`cannot write ${output}: ${messageOf(error)}`);
  }
}
