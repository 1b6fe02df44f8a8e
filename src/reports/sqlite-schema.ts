/**
 * The SQLite store's schema, as numbered migrations: a database records the version it is at
 * (`schema_version`) and opening it applies the missing steps in one transaction each.
 */
import type { DatabaseSync } from "node:sqlite";

/** Step n (1-based) brings a database from version n-1 to n. Append; never edit a released step. */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE reports (
    id INTEGER PRIMARY KEY,
    reporter TEXT NOT NULL,
    report_id TEXT NOT NULL,
    policy_domain TEXT NOT NULL,
    email TEXT NOT NULL,
    version TEXT,
    schema TEXT NOT NULL,
    begin_at TEXT NOT NULL,
    end_at TEXT NOT NULL,
    begin_s INTEGER NOT NULL,
    end_s INTEGER NOT NULL,
    policy TEXT NOT NULL,
    record_count INTEGER NOT NULL,
    message_count INTEGER NOT NULL,
    problems TEXT NOT NULL,
    source TEXT NOT NULL,
    imported_at TEXT NOT NULL
  );
  CREATE UNIQUE INDEX reports_key ON reports (reporter, report_id, policy_domain);
  CREATE INDEX reports_domain_time ON reports (policy_domain, begin_s);
  CREATE TABLE records (
    report INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    source_ip TEXT NOT NULL,
    count INTEGER NOT NULL,
    disposition TEXT,
    dkim TEXT,
    spf TEXT,
    header_from TEXT,
    envelope_from TEXT,
    envelope_to TEXT,
    reasons TEXT,
    dkim_auth TEXT,
    spf_auth TEXT
  );
  CREATE INDEX records_report ON records (report);
  CREATE TABLE tls_reports (
    id INTEGER PRIMARY KEY,
    reporter TEXT NOT NULL,
    report_id TEXT NOT NULL,
    policy_domains TEXT NOT NULL,
    begin_s INTEGER NOT NULL,
    end_s INTEGER NOT NULL,
    report TEXT NOT NULL,
    source TEXT NOT NULL,
    imported_at TEXT NOT NULL
  );
  CREATE UNIQUE INDEX tls_reports_key ON tls_reports (reporter, report_id);
  CREATE TABLE files (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    file TEXT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT,
    outcome TEXT NOT NULL CHECK (outcome IN ('imported', 'duplicate', 'refused')),
    reason TEXT,
    message TEXT,
    reporter TEXT,
    report_id TEXT,
    policy_domain TEXT,
    records INTEGER
  );
  CREATE INDEX files_at ON files (at);
  `,
];

/** The schema version this code writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/**
 * Brings `db` to `SCHEMA_VERSION`. Returns the version found, or an error when the database is
 * newer than this code (written by a later release): it is then left untouched.
 */
export function migrate(db: DatabaseSync): { ok: true; from: number } | { ok: false; error: string } {
  db.exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
  const row = db.prepare("SELECT max(version) AS v FROM schema_version").get() as { v: number | null } | undefined;
  const from = row?.v ?? 0;
  if (from > SCHEMA_VERSION)
    return {
      ok: false,
      error: `the database is at schema version ${from}, newer than this release (${SCHEMA_VERSION})`,
    };
  for (let v = from + 1; v <= SCHEMA_VERSION; v++) {
    db.exec("BEGIN IMMEDIATE");
    try {
      db.exec(MIGRATIONS[v - 1] ?? "");
      db.prepare("INSERT INTO schema_version (version) VALUES (?)").run(v);
      db.exec("COMMIT");
    } catch (e) {
      db.exec("ROLLBACK");
      return { ok: false, error: `migration to version ${v} failed: ${(e as Error).message}` };
    }
  }
  return { ok: true, from };
}
