/**
 * Picking the one record of a kind out of a TXT RRset, as senders do: RFC 8461 §3.1 (MTA-STS) and
 * RFC 8460 §3 (TLS-RPT) discard records that do not begin with the version, and treat anything but
 * exactly one remaining record as "no record". Near misses (`V=STSv1`, `v = STSv1`) are kept apart
 * so that the owner hears about them.
 */
import { joinTxt } from "../dns/answer.ts";
import type { DnsAnswer } from "../dns/types.ts";
import { isDefiniteAbsence } from "./dns-evidence.ts";
import { looksLikeVersion } from "./fields.ts";

/** The TXT records at a name, sorted by kind. */
export interface TxtSelection {
  /** Every TXT RR, character-strings joined without separator (RFC 8461 §3.1, RFC 8460 §3). */
  txt: string[];
  /** Records that begin exactly with the version and a delimiter (or end): the ones senders use. */
  records: string[];
  /** Records that look like the kind but do not begin exactly right: senders discard them. */
  nearMisses: string[];
  /** `absent` (definite), `unknown` (the lookup failed), or `present` (`txt` may still hold no record of the kind). */
  lookup: "absent" | "unknown" | "present";
}

/** At most this many TXT records are examined at one name. */
export const MAX_TXT_RECORDS = 50;

/** Sorts the TXT records of `answer` for `version` (`STSv1`, `TLSRPTv1`, `BIMI1`). */
export function selectTxt(answer: DnsAnswer<"TXT">, version: string): TxtSelection {
  if (answer.status !== "ok") {
    return { txt: [], records: [], nearMisses: [], lookup: isDefiniteAbsence(answer.status) ? "absent" : "unknown" };
  }
  const txt = answer.records.slice(0, MAX_TXT_RECORDS).map((strings) => joinTxt(strings));
  const exact = new RegExp(`^v=${version}[ \\t]*(;|$)`);
  const records: string[] = [];
  const nearMisses: string[] = [];
  for (const text of txt) {
    if (exact.test(text)) records.push(text);
    else if (looksLikeVersion(text, version)) nearMisses.push(text);
  }
  return { txt, records, nearMisses, lookup: "present" };
}
