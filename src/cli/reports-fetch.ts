/**
 * `email-auth-audit reports fetch --imap URL --folder NAME [--password-env VAR] [--db FILE]`:
 * imports the reports in an IMAP folder (TLS required) into the report database, then moves
 * what was imported to another folder (or flags it). The password is read from the environment
 * variable `--password-env` names (default `DMARC_IMAP_PASSWORD`), never from the command line
 * or the URL.
 */
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { printable } from "../report/printable.ts";
import { fetchReportsFromImap } from "../reports/imap.ts";
import type { CliDeps } from "./deps.ts";
import { CliError, messageOf } from "./errors.ts";
import { EXIT } from "./output.ts";
import { dbPath, openDb } from "./reports-db.ts";

/** The variable the password is read from when `--password-env` is not given. */
export const DEFAULT_PASSWORD_ENV = "DMARC_IMAP_PASSWORD";

export interface ReportsFetchFlags {
  imap: string;
  folder: string;
  passwordEnv: string;
  db?: string;
  after: "move" | "flag";
  moveTo?: string;
  ca?: string;
  maxMessages?: number;
}

/** Runs `reports fetch`; returns the exit code. */
export async function reportsFetchCommand(flags: ReportsFetchFlags, deps: CliDeps): Promise<number> {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(flags.passwordEnv))
    throw new CliError(`--password-env takes the name of an environment variable, not a value`);
  let ca: Buffer | undefined;
  if (flags.ca !== undefined) {
    try {
      ca = await readFile(resolve(deps.cwd, flags.ca));
    } catch (error) {
      throw new CliError(`cannot read the CA file ${flags.ca}: ${messageOf(error)}`);
    }
  }
  const path = dbPath(flags.db, deps);
  const store = await openDb(path, true);
  try {
    const result = await fetchReportsFromImap({
      url: flags.imap,
      folder: flags.folder,
      passwordEnv: flags.passwordEnv,
      env: deps.env,
      store,
      after: flags.after,
      ...(flags.moveTo !== undefined ? { moveTo: flags.moveTo } : {}),
      ...(ca !== undefined ? { tls: { ca } } : {}),
      ...(flags.maxMessages !== undefined ? { maxMessages: flags.maxMessages } : {}),
    });
    if (!result.ok) throw new CliError(result.error);
    deps.stdout.write(
      `${result.messages} message${result.messages === 1 ? "" : "s"} read from ${printable(flags.folder)}: ${result.imported} imported, ${result.duplicates} duplicate${result.duplicates === 1 ? "" : "s"}, ${result.refused} refused; ${result.done} ${flags.after === "move" ? "moved" : "flagged"} → ${printable(path)}\n`,
    );
    if (result.refused > 0)
      deps.stdout.write(
        "What was refused, and why, is in the database's files log (email-auth-audit reports summary counts it).\n",
      );
    return result.refused > 0 ? EXIT.findings : EXIT.ok;
  } finally {
    await store.close();
  }
}
