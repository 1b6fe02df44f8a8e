import { joinTxt } from "../dns/answer.ts";
import type { DnsAnswer, MxRecord } from "../dns/types.ts";
import type { Evidence } from "../rules/types.ts";

/** One record in presentation form: TXT strings joined (RFC 7208 §3.3), MX as `pref exchange`. */
export function presentRecord(type: string, record: unknown): string {
  if (Array.isArray(record)) return joinTxt(record.map(String));
  if (type === "MX" && typeof record === "object" && record !== null) {
    const mx = record as MxRecord;
    return `${mx.preference} ${mx.exchange === "" ? "." : mx.exchange}`;
  }
  return String(record);
}

/** A DNS answer as finding evidence. */
export function evidenceOf(answer: DnsAnswer, note?: string): Evidence {
  // A TTL only for definite answers (a failure's TTL means nothing); the resolver's detail only for failures.
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

/** Evidence in the shape other modules give (name, type, status, records of any shape). */
export function evidenceFrom(
  e: {
    name: string;
    type: string;
    status: string;
    records: readonly unknown[];
    ttl?: number;
    cnameChain?: readonly string[];
    detail?: string;
  },
  note?: string,
): Evidence {
  const evidence: Evidence = {
    name: e.name,
    type: e.type,
    status: e.status,
    records: e.records.map((r) => presentRecord(e.type, r)),
  };
  if (e.ttl !== undefined) evidence.ttl = e.ttl;
  if (e.cnameChain !== undefined && e.cnameChain.length > 0) evidence.cnameChain = [...e.cnameChain];
  const why = note ?? e.detail;
  if (why !== undefined) evidence.note = why;
  return evidence;
}
