/** Writing the report where the user asked, and the exit code it earns. */
import { resolve } from "node:path";
import { counts } from "../audit/accept.ts";
import { atLeast, type Severity } from "../common/severity.ts";
import type { Finding } from "../rules/types.ts";
import type { CliDeps } from "./deps.ts";
import type { CommonSettings } from "./options.ts";
import { checkDistinct, checkOutput, writeOutput } from "./safe-write.ts";

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

/** The input files the common flags name: `--catalog FILE` and `--resolver fixture:FILE`. */
export function settingsInputs(settings: Pick<CommonSettings, "catalog" | "resolver">): string[] {
  const files: string[] = [];
  if (settings.catalog !== undefined) files.push(settings.catalog);
  if (settings.resolver.kind === "fixture") files.push(settings.resolver.file);
  return files;
}

/**
 * Checks `--output` and `--record` before the run: neither a symbolic link, a folder nor one of
 * `inputs`, and not the same file. A refusal is a CliError (exit 2), before any DNS question.
 */
export async function checkOutputs(
  cwd: string,
  settings: Pick<CommonSettings, "output" | "record">,
  inputs: readonly string[],
): Promise<void> {
  const absolute = inputs.map((f) => resolve(cwd, f));
  const outputs = [settings.output, settings.record]
    .filter((f): f is string => f !== undefined)
    .map((f) => ({ path: resolve(cwd, f), shown: f }));
  checkDistinct(outputs);
  for (const o of outputs) await checkOutput(o.path, o.shown, absolute);
}

/**
 * Writes the formatted report to `--output FILE` or standard output. A file is written safely
 * (src/cli/safe-write.ts): not through a symbolic link, not over one of `inputs` (the run's input
 * files, relative to the working folder), through a temporary file renamed into place.
 */
export async function emit(
  deps: CliDeps,
  text: string,
  output: string | undefined,
  inputs: readonly string[] = [],
): Promise<void> {
  if (output === undefined) {
    deps.stdout.write(text);
    return;
  }
  await writeOutput(
    resolve(deps.cwd, output),
    output,
    text,
    inputs.map((f) => resolve(deps.cwd, f)),
  );
}
