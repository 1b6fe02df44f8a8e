/**
 * The one evidence shape of the library: a DNS question and its answer, in presentation form.
 * Findings, SPF traces and DKIM lookups all carry it, so every report renders one shape.
 */
import { joinTxt } from "./answer.ts";
import type { DnsAnswer, DnsErrorCause, DnsStatus, MxRecord } from "./types.ts";

/** One DNS question and its answer, as evidence. Plain JSON. */
export interface DnsEvidence {
  /** The name asked. */
  name: string;
  type: string;
  status: DnsStatus;
  /** The records in presentation form (TXT character-strings joined, MX as `pref exchange`). */
  records: string[];
  /** Only for definite answers (ok, NXDOMAIN, NODATA): a failure's TTL means nothing. */
  ttl?: number;
  cnameChain?: string[];
  /** With status `error`: which kind of error (a budget refusal, a malformed answer...). */
  cause?: DnsErrorCause;
  /** Why this answer matters, or the resolver's own words for a failure. */
  note?: string;
  /**
   * Set when a report cut this evidence to its size limits (docs/security.md): how many records
   * are not shown, and how many bytes (UTF-8) of record text are left out, cut-off tails included.
   */
  omitted?: EvidenceOmission;
}

/** What a size limit left out of one piece of evidence: records (or lines) not shown, and their size. */
export interface EvidenceOmission {
  /** Records (DNS) or lines (observations) not shown. */
  count: number;
  /** UTF-8 bytes of text not shown, the cut-off ends of long records or lines included. */
  bytes: number;
}

/** One record in presentation form: TXT strings joined (RFC 7208 §3.3), MX as `pref exchange`. */
export function presentRecord(type: string, record: unknown): string {
  if (Array.isArray(record)) return joinTxt(record.map(String));
  if (type === "MX" && typeof record === "object" && record !== null) {
    const mx = record as MxRecord;
    return `${mx.preference} ${mx.exchange === "" ? "." : mx.exchange}`;
  }
  return String(record);
}

/** A DNS answer as evidence; `note` says why it matters (default: the resolver's detail for a failure). */
export function evidenceOf(answer: DnsAnswer, note?: string): DnsEvidence {
  const definite = answer.status === "ok" || answer.status === "nxdomain" || answer.status === "nodata";
  return evidenceFrom(
    {
      ...answer,
      type: String(answer.type),
      ttl: definite ? answer.ttl : undefined,
      detail: answer.status === "ok" ? undefined : answer.detail,
    },
    note,
  );
}

/** Evidence from an answer-like shape (name, type, status, records of any shape). */
export function evidenceFrom(
  e: {
    name: string;
    type: string;
    status: DnsStatus;
    records: readonly unknown[];
    ttl?: number | undefined;
    cnameChain?: readonly string[];
    detail?: string | undefined;
    cause?: DnsErrorCause | undefined;
  },
  note?: string,
): DnsEvidence {
  const evidence: DnsEvidence = {
    name: e.name,
    type: e.type,
    status: e.status,
    records: e.records.map((r) => presentRecord(e.type, r)),
  };
  if (e.ttl !== undefined) evidence.ttl = e.ttl;
  if (e.cnameChain !== undefined && e.cnameChain.length > 0) evidence.cnameChain = [...e.cnameChain];
  if (e.status === "error" && e.cause !== undefined) evidence.cause = e.cause;
  const why = note ?? e.detail;
  if (why !== undefined) evidence.note = why;
  return evidence;
}
