/**
 * The embedded report store: SQLite through `node:sqlite` (in the Node runtime since 22.13
 * without a flag, experimental there and in Node 24: Node 22 prints an ExperimentalWarning once).
 * node:sqlite is loaded only when a store is opened, so reading reports never touches it.
 *
 * Reports are de-duplicated on (reporter, report id, policy domain); importing twice is a no-op
 * recorded as "duplicate". A report's records are written in the same transaction as the report,
 * so a report refused half-way leaves nothing behind.
 */
import type { DatabaseSync, StatementSync } from "node:sqlite";
import {
  epoch,
  fileFromRow,
  observedFromRow,
  type Row,
  recordValues,
  reportFilter,
  reportFromRow,
  s,
} from "./sqlite-rows.ts";
import { migrate } from "./sqlite-schema.ts";
import type {
  FileLogEntry,
  ObservedRecord,
  PendingAggregate,
  ReportQuery,
  ReportStore,
  StoredReport,
  StoredTlsReport,
} from "./store-types.ts";
import type { TlsReport } from "./tls-types.ts";
import type { AggregateRecord } from "./types.ts";

/** Opening a store: the store, or why it could not be opened. */
export type OpenStoreResult = { ok: true; store: SqliteReportStore } | { ok: false; error: string };

/**
 * Opens (creating if needed) the SQLite store at `path` (":memory:" for a throw-away one) and
 * brings its schema up to date. Never throws.
 */
export async function openSqliteReportStore(path: string): Promise<OpenStoreResult> {
  let db: DatabaseSync;
  try {
    const sqlite = await import("node:sqlite");
    db = new sqlite.DatabaseSync(path);
    db.exec(
      "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000",
    );
  } catch (e) {
    return { ok: false, error: `cannot open the report database ${path}: ${(e as Error).message}` };
  }
  const migrated = migrate(db);
  if (!migrated.ok) {
    db.close();
    return { ok: false, error: migrated.error };
  }
  return { ok: true, store: new SqliteReportStore(db) };
}

const INSERT_RECORD = `INSERT INTO records (report, source_ip, count, disposition, dkim, spf, header_from,
  envelope_from, envelope_to, reasons, dkim_auth, spf_auth) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/** The SQLite implementation of `ReportStore`. */
export class SqliteReportStore implements ReportStore {
  readonly #db: DatabaseSync;
  readonly #insertRecord: StatementSync;
  #pending = false;
  #placeholder = 0;
  #closed = false;

  constructor(db: DatabaseSync) {
    this.#db = db;
    this.#insertRecord = db.prepare(INSERT_RECORD);
  }

  async beginAggregate(source: string): Promise<PendingAggregate> {
    if (this.#pending) throw new Error("one pending report at a time: commit or abort the previous one");
    const db = this.#db;
    this.#pending = true;
    db.exec("BEGIN IMMEDIATE");
    // A placeholder row holds the records until the header is known (elements come in any order).
    const placeholder = `\u0000pending ${process.pid} ${Date.now()} ${this.#placeholder++}`;
    const inserted = db
      .prepare(
        `INSERT INTO reports (reporter, report_id, policy_domain, email, schema, begin_at, end_at, begin_s, end_s,
          policy, record_count, message_count, problems, source, imported_at)
         VALUES (?, ?, '', '', '', '', '', 0, 0, '{}', 0, 0, '[]', ?, '')`,
      )
      .run(placeholder, placeholder, source);
    const ref = Number(inserted.lastInsertRowid);
    let records = 0;
    let messages = 0;
    let open = true;
    const finish = (sql: "COMMIT" | "ROLLBACK") => {
      if (!open) return;
      open = false;
      this.#pending = false;
      db.exec(sql);
    };
    return {
      add: async (batch: readonly AggregateRecord[]) => {
        if (!open) return;
        for (const r of batch) {
          this.#insertRecord.run(...recordValues(ref, r));
          records++;
          messages += r.count;
        }
      },
      commit: async (header, info) => {
        if (!open) return { outcome: "duplicate", ref: null };
        const reporter = header.orgName;
        const existing = db
          .prepare("SELECT id FROM reports WHERE reporter = ? AND report_id = ? AND policy_domain = ?")
          .get(reporter, header.reportId, header.policy.domain) as Row | undefined;
        if (existing !== undefined) {
          finish("ROLLBACK");
          return { outcome: "duplicate", ref: Number(existing.id) };
        }
        db.prepare(
          `UPDATE reports SET reporter = ?, report_id = ?, policy_domain = ?, email = ?, version = ?, schema = ?,
            begin_at = ?, end_at = ?, begin_s = ?, end_s = ?, policy = ?, record_count = ?, message_count = ?,
            problems = ?, imported_at = ? WHERE id = ?`,
        ).run(
          reporter,
          header.reportId,
          header.policy.domain,
          header.email,
          header.version,
          info.schema,
          header.begin,
          header.end,
          epoch(header.begin),
          epoch(header.end),
          JSON.stringify(header.policy),
          records,
          messages,
          JSON.stringify(info.problems),
          new Date().toISOString(),
          ref,
        );
        finish("COMMIT");
        return { outcome: "imported", ref };
      },
      abort: async () => finish("ROLLBACK"),
    };
  }

  async addTlsReport(
    report: TlsReport,
    source: string,
  ): Promise<{ outcome: "imported" | "duplicate"; ref: number | null }> {
    const existing = this.#db
      .prepare("SELECT id FROM tls_reports WHERE reporter = ? AND report_id = ?")
      .get(report.organizationName, report.reportId) as Row | undefined;
    if (existing !== undefined) return { outcome: "duplicate", ref: Number(existing.id) };
    const domains = [...new Set(report.policies.map((p) => p.policyDomain).filter((d) => d !== null))];
    const result = this.#db
      .prepare(
        `INSERT INTO tls_reports (reporter, report_id, policy_domains, begin_s, end_s, report, source, imported_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        report.organizationName,
        report.reportId,
        JSON.stringify(domains),
        epoch(report.begin),
        epoch(report.end),
        JSON.stringify(report),
        source,
        new Date().toISOString(),
      );
    return { outcome: "imported", ref: Number(result.lastInsertRowid) };
  }

  async logFile(e: FileLogEntry): Promise<void> {
    this.#db
      .prepare(
        `INSERT INTO files (at, file, name, kind, outcome, reason, message, reporter, report_id, policy_domain, records)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        e.at,
        e.file,
        e.name,
        e.kind,
        e.outcome,
        e.reason,
        e.message,
        e.reporter,
        e.reportId,
        e.policyDomain,
        e.records,
      );
  }

  async listReports(query: ReportQuery = {}): Promise<StoredReport[]> {
    const f = reportFilter(query);
    const where = f.where === "" ? "WHERE r.schema <> ''" : `${f.where} AND r.schema <> ''`;
    const rows = this.#db.prepare(`SELECT * FROM reports r ${where} ORDER BY r.begin_s, r.id`).all(...f.values);
    return (rows as Row[]).map(reportFromRow);
  }

  async *records(query: ReportQuery = {}): AsyncIterable<ObservedRecord> {
    const f = reportFilter(query);
    const where = f.where === "" ? "WHERE r.schema <> ''" : `${f.where} AND r.schema <> ''`;
    const rows = this.#db
      .prepare(
        `SELECT r.reporter, r.report_id, r.policy_domain, r.begin_at, r.end_at, c.* FROM reports r
         JOIN records c ON c.report = r.id ${where} ORDER BY r.begin_s, r.id`,
      )
      .iterate(...f.values);
    for (const row of rows) yield observedFromRow(row as Row);
  }

  async listTlsReports(query: ReportQuery = {}): Promise<StoredTlsReport[]> {
    const parts: string[] = [];
    const values: (string | number)[] = [];
    if (query.domain !== undefined) {
      parts.push("policy_domains LIKE ?");
      values.push(`%${JSON.stringify(query.domain.trim().toLowerCase())}%`);
    }
    if (query.since !== undefined) {
      parts.push("end_s > ?");
      values.push(epoch(query.since));
    }
    if (query.until !== undefined) {
      parts.push("begin_s < ?");
      values.push(epoch(query.until));
    }
    const where = parts.length === 0 ? "" : `WHERE ${parts.join(" AND ")}`;
    const rows = this.#db.prepare(`SELECT * FROM tls_reports ${where} ORDER BY begin_s, id`).all(...values) as Row[];
    return rows.map((row) => ({
      ref: Number(row.id),
      report: JSON.parse(s(row.report)) as TlsReport,
      source: s(row.source),
      importedAt: s(row.imported_at),
    }));
  }

  async files(query: { since?: string; outcome?: FileLogEntry["outcome"] } = {}): Promise<FileLogEntry[]> {
    const parts: string[] = [];
    const values: string[] = [];
    if (query.since !== undefined) {
      parts.push("at >= ?");
      values.push(query.since);
    }
    if (query.outcome !== undefined) {
      parts.push("outcome = ?");
      values.push(query.outcome);
    }
    const where = parts.length === 0 ? "" : `WHERE ${parts.join(" AND ")}`;
    return (this.#db.prepare(`SELECT * FROM files ${where} ORDER BY id`).all(...values) as Row[]).map(fileFromRow);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#db.close();
  }
}
