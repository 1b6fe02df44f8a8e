/**
 * The report database of the `reports`, `audit --reports` and `init --from-reports` commands:
 * where it is by default, opening it, and the `--since DAYS` window.
 *
 * Default: `$EMAIL_AUTH_AUDIT_DB` when set, else `dmarc-reports.db` in the working folder.
 */
import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import { openSqliteReportStore, type SqliteReportStore } from "../reports/sqlite-store.ts";
import type { CliDeps } from "./deps.ts";
import { CliError } from "./errors.ts";

/** The database file name used when neither `--db` nor `EMAIL_AUTH_AUDIT_DB` gives one. */
export const DEFAULT_DB = "dmarc-reports.db";

/** The database path: `--db`, else `$EMAIL_AUTH_AUDIT_DB`, else {@link DEFAULT_DB}; relative to the working folder. */
export function dbPath(flag: string | undefined, deps: Pick<CliDeps, "cwd" | "env">): string {
  const given = flag ?? deps.env.EMAIL_AUTH_AUDIT_DB;
  return resolve(deps.cwd, given === undefined || given === "" ? DEFAULT_DB : given);
}

/**
 * Opens the database. With `create: false` a missing file is an error (a typo must not read an
 * empty new database and report that nothing was seen).
 */
export async function openDb(path: string, create: boolean): Promise<SqliteReportStore> {
  if (!create) {
    const info = await stat(path).catch(() => undefined);
    if (info === undefined)
      throw new CliError(
        `no report database at ${path}: import reports first (email-auth-audit reports import PATH... --db ${path})`,
      );
    if (!info.isFile()) throw new CliError(`${path} is not a file`);
  }
  const opened = await openSqliteReportStore(path);
  if (!opened.ok) throw new CliError(opened.error);
  return opened.store;
}

/** `--since DAYS`: the instant DAYS days before now (ISO 8601). */
export function sinceDays(days: number | undefined, now: number = Date.now()): string | undefined {
  return days === undefined ? undefined : new Date(now - days * 86_400_000).toISOString();
}
