/**
 * `--exchange DIR`: reading a folder of Exchange exports for `init` and `audit`, and telling the
 * user what the reader could not read (every problem, errors first, on standard error). A folder
 * that does not exist, or from which no export at all could be read, is an input error (exit 2).
 * Each file is decoded by the reader itself (`decodeText`: UTF-8, UTF-8 with BOM, UTF-16 LE/BE).
 */
import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import type { ExchangeConfig, ExchangeProblem } from "../exchange/index.ts";
import { readExchangeConfig } from "../exchange/index.ts";
import { printable } from "../report/printable.ts";
import type { OutStream } from "./deps.ts";
import { CliError, messageOf } from "./errors.ts";

/** One problem as one line: `error: onprem/send.xml: Get-SendConnector "X": MaxMessageSize: ...`. */
function problemLine(p: ExchangeProblem): string {
  const where = [
    p.file,
    p.object !== undefined ? `${p.cmdlet ?? "object"} ${JSON.stringify(p.object)}` : "",
    p.property ?? "",
  ]
    .filter((s) => s !== "")
    .join(": ");
  return `  ${p.severity}: ${printable(where)}: ${printable(p.message)}`;
}

/** Writes the reader's problems to `stream`, errors first, with a count; nothing when there are none. */
export function reportProblems(config: ExchangeConfig, stream: OutStream): void {
  const errors = config.problems.filter((p) => p.severity === "error");
  const warnings = config.problems.filter((p) => p.severity === "warning");
  if (errors.length + warnings.length === 0) return;
  const count = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  const parts = [
    errors.length > 0 ? count(errors.length, "error") : "",
    warnings.length > 0 ? count(warnings.length, "warning") : "",
  ];
  stream.write(`The Exchange exports were read with ${parts.filter((p) => p !== "").join(" and ")}:\n`);
  for (const p of [...errors, ...warnings]) stream.write(`${problemLine(p)}\n`);
}

/** The absolute path of `--exchange DIR`, checked to be a folder. */
export async function exchangeFolder(cwd: string, dir: string): Promise<string> {
  const path = resolve(cwd, dir);
  try {
    const s = await stat(path);
    if (!s.isDirectory())
      throw new CliError(`--exchange ${dir}: not a folder (give the folder that holds the export files)`);
  } catch (error) {
    if (error instanceof CliError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(`--exchange ${dir}: ${code === "ENOENT" ? "no such folder" : messageOf(error)}`);
  }
  return path;
}

/**
 * Reads the exports of `--exchange DIR` and reports the reader's problems on `stderr`. Throws a
 * {@link CliError} when the folder is missing or no export could be read from it.
 */
export async function readExchangeFolder(
  cwd: string,
  dir: string,
  stderr: OutStream,
): Promise<{ config: ExchangeConfig; path: string }> {
  const path = await exchangeFolder(cwd, dir);
  const config = await readExchangeConfig(path);
  reportProblems(config, stderr);
  if (!config.files.some((f) => f.objects > 0))
    throw new CliError(
      `no Exchange export could be read from ${dir} (docs/exchange.md says which commands write them)`,
    );
  return { config, path };
}
