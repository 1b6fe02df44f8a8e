/**
 * `email-auth-audit reports import PATH... [--db FILE]`: reads DMARC aggregate and TLS reports
 * from files, folders, archives, mail (`.eml`, mbox, Maildir) and standard input (`-`) into the
 * report database. Every input is printed with its outcome (imported, duplicate, refused and why)
 * and recorded in the database's files log; a bad file is reported and the rest processed. Exit 0
 * when nothing was refused, 1 when something was, 2 when the database cannot be opened.
 */
import { resolve, sep } from "node:path";
import { printable } from "../report/printable.ts";
import { importReports } from "../reports/import.ts";
import type { FileLogEntry } from "../reports/store-types.ts";
import type { CliDeps } from "./deps.ts";
import { EXIT } from "./output.ts";
import { dbPath, openDb } from "./reports-db.ts";

export interface ReportsImportFlags {
  db?: string;
}

/** One line per input: outcome, name, and what was in it (or why it was refused). */
export function entryLine(e: FileLogEntry): string {
  const what =
    e.outcome === "refused"
      ? `${e.reason ?? "refused"}: ${e.message ?? ""}`
      : `${e.kind === "tls" ? "TLS report" : "aggregate report"} ${e.reporter ?? "?"} ${e.reportId ?? "?"} for ${e.policyDomain ?? "?"}${e.records !== null ? `, ${e.records} ${e.kind === "tls" ? "policies" : "records"}` : ""}`;
  return `${e.outcome.padEnd(9)}  ${printable(e.name)}: ${printable(what)}`;
}

/** Runs `reports import`; returns the exit code. */
export async function reportsImportCommand(paths: string[], flags: ReportsImportFlags, deps: CliDeps): Promise<number> {
  const path = dbPath(flags.db, deps);
  const store = await openDb(path, true);
  try {
    // Paths are relative to the working folder; they are shown as given.
    const prefix = `${deps.cwd.replace(/[\\/]+$/, "")}${sep}`;
    const inputs = paths.map((p) => (p === "-" ? p : resolve(deps.cwd, p)));
    const shown = (e: FileLogEntry): FileLogEntry => ({ ...e, name: e.name.split(prefix).join("") });
    const summary = await importReports(inputs, store, {
      onEntry: (e) => deps.stdout.write(`${entryLine(shown(e))}\n`),
      ...(deps.stdin !== undefined ? { stdin: deps.stdin } : {}),
    });
    deps.stdout.write(
      `${summary.imported} imported, ${summary.duplicates} duplicate${summary.duplicates === 1 ? "" : "s"}, ${summary.refused} refused, ${summary.records} records → ${printable(path)}\n`,
    );
    return summary.refused > 0 ? EXIT.findings : EXIT.ok;
  } finally {
    await store.close();
  }
}
