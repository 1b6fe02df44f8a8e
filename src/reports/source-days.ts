/**
 * Records summed per day, From domain and source address: the input reconciliation reads
 * (issue 15 §3). Memory grows with the number of distinct (day, domain, source) keys, not
 * with the number of records.
 */
import type { ObservedRecord } from "./store-types.ts";
import type { Disposition } from "./types.ts";

/** An identifier seen in `auth_results`, with the messages it covered. */
export interface SeenIdentifier {
  domain: string;
  /** DKIM selector, or SPF scope ("mfrom", "helo"); null when the reporter omitted it. */
  detail: string | null;
  result: string | null;
  messages: number;
}

/** One source address sending as one From domain on one day (UTC day of the report's begin). */
export interface SourceDay {
  day: string;
  policyDomain: string;
  /** `header_from` (null when the reporter omitted it). */
  headerFrom: string | null;
  sourceIp: string;
  messages: number;
  /** Messages where DMARC passed (the aligned DKIM or SPF outcome passed). */
  dmarcPass: number;
  dkimAligned: number;
  spfAligned: number;
  dispositions: Record<Disposition | "unknown", number>;
  /** Policy override reasons (`forwarded`, `mailing_list`...), in messages. */
  reasons: Record<string, number>;
  dkim: SeenIdentifier[];
  spf: SeenIdentifier[];
  envelopeFrom: string[];
  reporters: string[];
}

/** Bounds of the per-key lists (a source using thousands of DKIM domains is summarised, not listed). */
const MAX_LIST = 50;

/** Sums records into `SourceDay`s, sorted by day, domain, then messages (most first). */
export async function summarizeSources(
  records: AsyncIterable<ObservedRecord> | Iterable<ObservedRecord>,
): Promise<SourceDay[]> {
  const days = new Map<string, SourceDay>();
  for await (const r of records) {
    const day = r.begin.slice(0, 10);
    const key = `${day}|${r.headerFrom ?? ""}|${r.sourceIp}|${r.policyDomain}`;
    let d = days.get(key);
    if (d === undefined) {
      d = {
        day,
        policyDomain: r.policyDomain,
        headerFrom: r.headerFrom,
        sourceIp: r.sourceIp,
        messages: 0,
        dmarcPass: 0,
        dkimAligned: 0,
        spfAligned: 0,
        dispositions: { none: 0, pass: 0, quarantine: 0, reject: 0, unknown: 0 },
        reasons: {},
        dkim: [],
        spf: [],
        envelopeFrom: [],
        reporters: [],
      };
      days.set(key, d);
    }
    d.messages += r.count;
    if (r.dkim === "pass") d.dkimAligned += r.count;
    if (r.spf === "pass") d.spfAligned += r.count;
    if (r.dkim === "pass" || r.spf === "pass") d.dmarcPass += r.count;
    d.dispositions[r.disposition ?? "unknown"] += r.count;
    for (const reason of r.reasons) {
      const type = reason.type ?? "unknown";
      d.reasons[type] = (d.reasons[type] ?? 0) + r.count;
    }
    for (const a of r.authResults.dkim) addSeen(d.dkim, a.domain, a.selector, a.result, r.count);
    for (const a of r.authResults.spf) addSeen(d.spf, a.domain, a.scope, a.result, r.count);
    addDistinct(d.envelopeFrom, r.envelopeFrom);
    addDistinct(d.reporters, r.reporter);
  }
  return [...days.values()].sort(
    (a, b) =>
      a.day.localeCompare(b.day) ||
      (a.headerFrom ?? "").localeCompare(b.headerFrom ?? "") ||
      b.messages - a.messages ||
      a.sourceIp.localeCompare(b.sourceIp),
  );
}

function addSeen(
  list: SeenIdentifier[],
  domain: string,
  detail: string | null,
  result: string | null,
  n: number,
): void {
  const hit = list.find((x) => x.domain === domain && x.detail === detail && x.result === result);
  if (hit !== undefined) hit.messages += n;
  else if (list.length < MAX_LIST) list.push({ domain, detail, result, messages: n });
}

function addDistinct(list: string[], value: string | null): void {
  if (value !== null && list.length < MAX_LIST && !list.includes(value)) list.push(value);
}
