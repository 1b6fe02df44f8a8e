/** Rows of the SQLite store to and from the plain report types. */
import type { SQLOutputValue } from "node:sqlite";
import type { FileLogEntry, ObservedRecord, StoredReport } from "./store-types.ts";
import type { AggregateRecord, AggregateSchema, PublishedPolicy, RefusalReason, ReportProblem } from "./types.ts";

export type Row = Record<string, SQLOutputValue>;

export function s(v: SQLOutputValue | undefined): string {
  return typeof v === "string" ? v : v === null || v === undefined ? "" : String(v);
}

export function sn(v: SQLOutputValue | undefined): string | null {
  return typeof v === "string" ? v : null;
}

export function n(v: SQLOutputValue | undefined): number {
  return typeof v === "number" ? v : typeof v === "bigint" ? Number(v) : 0;
}

function json<T>(v: SQLOutputValue | undefined, fallback: T): T {
  if (typeof v !== "string") return fallback;
  try {
    return JSON.parse(v) as T;
  } catch {
    return fallback;
  }
}

/** The column values of one record, in the order of the INSERT in sqlite-store.ts. */
export function recordValues(ref: number, r: AggregateRecord): (string | number | null)[] {
  return [
    ref,
    r.sourceIp,
    r.count,
    r.disposition,
    r.dkim,
    r.spf,
    r.headerFrom,
    r.envelopeFrom,
    r.envelopeTo,
    r.reasons.length === 0 ? null : JSON.stringify(r.reasons),
    r.authResults.dkim.length === 0 ? null : JSON.stringify(r.authResults.dkim),
    r.authResults.spf.length === 0 ? null : JSON.stringify(r.authResults.spf),
  ];
}

export function reportFromRow(row: Row): StoredReport {
  return {
    ref: n(row.id),
    reporter: s(row.reporter),
    reportId: s(row.report_id),
    policyDomain: s(row.policy_domain),
    email: s(row.email),
    version: sn(row.version),
    schema: s(row.schema) as AggregateSchema,
    begin: s(row.begin_at),
    end: s(row.end_at),
    policy: json<PublishedPolicy>(row.policy, {
      domain: s(row.policy_domain),
      p: null,
      sp: null,
      np: null,
      adkim: null,
      aspf: null,
      pct: null,
      t: null,
      discoveryMethod: null,
    }),
    recordCount: n(row.record_count),
    messageCount: n(row.message_count),
    problems: json<ReportProblem[]>(row.problems, []),
    source: s(row.source),
    importedAt: s(row.imported_at),
  };
}

export function observedFromRow(row: Row): ObservedRecord {
  return {
    reporter: s(row.reporter),
    reportId: s(row.report_id),
    policyDomain: s(row.policy_domain),
    begin: s(row.begin_at),
    end: s(row.end_at),
    sourceIp: s(row.source_ip),
    count: n(row.count),
    disposition: sn(row.disposition) as AggregateRecord["disposition"],
    dkim: sn(row.dkim) as AggregateRecord["dkim"],
    spf: sn(row.spf) as AggregateRecord["spf"],
    reasons: json(row.reasons, []),
    headerFrom: sn(row.header_from),
    envelopeFrom: sn(row.envelope_from),
    envelopeTo: sn(row.envelope_to),
    authResults: { dkim: json(row.dkim_auth, []), spf: json(row.spf_auth, []) },
  };
}

export function fileFromRow(row: Row): FileLogEntry {
  return {
    at: s(row.at),
    file: s(row.file),
    name: s(row.name),
    kind: sn(row.kind) as FileLogEntry["kind"],
    outcome: s(row.outcome) as FileLogEntry["outcome"],
    reason: sn(row.reason) as RefusalReason | null,
    message: sn(row.message),
    reporter: sn(row.reporter),
    reportId: sn(row.report_id),
    policyDomain: sn(row.policy_domain),
    records: row.records === null ? null : n(row.records),
  };
}

/** Seconds since the epoch of an ISO instant (0 when it does not parse). */
export function epoch(iso: string): number {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? 0 : Math.floor(ms / 1000);
}

/** The WHERE clause and values of a report query over `reports` aliased `r`. */
export function reportFilter(
  query: { domain?: string; since?: string; until?: string },
  table = "r",
): { where: string; values: (string | number)[] } {
  const parts: string[] = [];
  const values: (string | number)[] = [];
  if (query.domain !== undefined) {
    const d = query.domain.trim().toLowerCase().replace(/\.$/, "");
    parts.push(`(${table}.policy_domain = ? OR ${table}.policy_domain LIKE ? ESCAPE '\\')`);
    values.push(d, `%.${d.replace(/[\\%_]/g, (c) => `\\${c}`)}`);
  }
  if (query.since !== undefined) {
    parts.push(`${table}.end_s > ?`);
    values.push(epoch(query.since));
  }
  if (query.until !== undefined) {
    parts.push(`${table}.begin_s < ?`);
    values.push(epoch(query.until));
  }
  return { where: parts.length === 0 ? "" : `WHERE ${parts.join(" AND ")}`, values };
}
