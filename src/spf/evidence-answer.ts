/**
 * Answers back from evidence: an analysis keeps its DNS answers as {@link DnsEvidence}
 * (presentation form, plain JSON), and `authorizes` evaluates clients over them. TXT records come
 * back as one character-string each (SPF joins them anyway, RFC 7208 §3.3), MX records from
 * `preference exchange`, and failures with their note as the detail.
 */
import { failedAnswer, recordsAnswer } from "../dns/answer.ts";
import type { DnsEvidence } from "../dns/evidence.ts";
import type { DnsAnswer, MxRecord, RecordOf, RRType } from "../dns/types.ts";

const mxMemo = new WeakMap<readonly string[], MxRecord[]>();

/** The MX records of an MX evidence (`10 mx.example.com`; `.` is a null MX, RFC 7505). */
export function mxRecordsOf(evidence: DnsEvidence): MxRecord[] {
  let records = mxMemo.get(evidence.records);
  if (records === undefined) {
    records = [];
    for (const text of evidence.records) {
      const space = text.indexOf(" ");
      const preference = Number(text.slice(0, space));
      if (space < 0 || !Number.isInteger(preference)) continue;
      const exchange = text.slice(space + 1).trim();
      records.push({ preference, exchange: exchange === "." ? "" : exchange });
    }
    mxMemo.set(evidence.records, records);
  }
  return records;
}

/** The answer an evidence shows, as a resolver would have returned it. */
export function answerOf<T extends RRType>(evidence: DnsEvidence, type: T): DnsAnswer<T> {
  const cnameChain = evidence.cnameChain ?? [];
  if (evidence.status !== "ok")
    return failedAnswer(evidence.name, type, evidence.status, evidence.note, { ttl: evidence.ttl ?? 0, cnameChain });
  let records: unknown[];
  if (type === "MX") records = mxRecordsOf(evidence);
  else if (type === "TXT" || type === "SPF") records = evidence.records.map((text) => [text]);
  else records = [...evidence.records];
  return recordsAnswer(evidence.name, type, records as RecordOf<T>[], evidence.ttl ?? 0, cnameChain);
}
