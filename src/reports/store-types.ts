/**
 * The report store interface: what the importer writes and what reconciliation reads. The
 * embedded SQLite store (`openSqliteReportStore`) implements it; a server database can too.
 * Methods are asynchronous so that a networked implementation fits the same shape.
 */
import type { TlsReport } from "./tls-types.ts";
import type {
  AggregateRecord,
  AggregateReportHeader,
  AggregateSchema,
  PublishedPolicy,
  RefusalReason,
  ReportProblem,
} from "./types.ts";

/** Which reports a query covers: a policy domain (and its subdomains) and a time window. */
export interface ReportQuery {
  /** Policy domain; reports for its subdomains are included. All domains when absent. */
  domain?: string;
  /** Reports whose date range ends after this instant (ISO 8601). */
  since?: string;
  /** Reports whose date range begins before this instant (ISO 8601). */
  until?: string;
}

/** A stored aggregate report without its records. */
export interface StoredReport {
  /** The store's own key for the report. */
  ref: number;
  /** `orgName`: with `reportId` and `policyDomain`, the key reports are de-duplicated on. */
  reporter: string;
  reportId: string;
  policyDomain: string;
  email: string;
  version: string | null;
  schema: AggregateSchema;
  begin: string;
  end: string;
  policy: PublishedPolicy;
  recordCount: number;
  /** Messages covered (the records' counts added up). */
  messageCount: number;
  problems: ReportProblem[];
  /** The input it came from (the name chain, e.g. `mail.eml › x.zip › x.xml`). */
  source: string;
  importedAt: string;
}

/** One record with the report it came from: the unit reconciliation reads. */
export interface ObservedRecord extends AggregateRecord {
  reporter: string;
  reportId: string;
  policyDomain: string;
  /** The report's date range (a record has no time of its own). */
  begin: string;
  end: string;
}

/** A stored TLS report (RFC 8460) with its key. */
export interface StoredTlsReport {
  ref: number;
  report: TlsReport;
  source: string;
  importedAt: string;
}

/** What happened to one input (a file, or a document inside one). */
export type FileOutcome = "imported" | "duplicate" | "refused";

/** One line of the files log: every input is recorded, so nothing is lost silently. */
export interface FileLogEntry {
  at: string;
  /** The top-level input (a path, or "-" for standard input). */
  file: string;
  /** The document inside it (the name chain). */
  name: string;
  kind: "aggregate" | "tls" | null;
  outcome: FileOutcome;
  /** Why it was refused (null otherwise). */
  reason: RefusalReason | null;
  message: string | null;
  /** The report's key, when it was read far enough to have one. */
  reporter: string | null;
  reportId: string | null;
  policyDomain: string | null;
  records: number | null;
}

/** A report being written: records arrive in batches, then `commit` decides imported or duplicate. */
export interface PendingAggregate {
  add(records: readonly AggregateRecord[]): Promise<void>;
  /** Stores the report unless (reporter, report id, policy domain) is already stored. */
  commit(
    header: AggregateReportHeader,
    info: { schema: AggregateSchema; problems: ReportProblem[] },
  ): Promise<{ outcome: "imported" | "duplicate"; ref: number | null }>;
  /** Drops what was added (the input was refused half-way). */
  abort(): Promise<void>;
}

/** The store. One pending aggregate report at a time. */
export interface ReportStore {
  beginAggregate(source: string): Promise<PendingAggregate>;
  addTlsReport(report: TlsReport, source: string): Promise<{ outcome: "imported" | "duplicate"; ref: number | null }>;
  logFile(entry: FileLogEntry): Promise<void>;
  listReports(query?: ReportQuery): Promise<StoredReport[]>;
  /** Every record of the matching reports, streamed (memory does not grow with their number). */
  records(query?: ReportQuery): AsyncIterable<ObservedRecord>;
  listTlsReports(query?: ReportQuery): Promise<StoredTlsReport[]>;
  files(query?: { since?: string; outcome?: FileOutcome }): Promise<FileLogEntry[]>;
  close(): Promise<void>;
}
