/**
 * Finding a domain's SPF record (RFC 7208 §4.4 record lookup, §4.5 selecting records), and the MX
 * exchanges an mx term looks up (§5.4).
 */
import { joinTxt } from "../dns/answer.ts";
import { nameProblem } from "../dns/names.ts";
import type { DnsAnswer, MxRecord } from "../dns/types.ts";
import { isSpfRecord } from "./parse.ts";

/** The outcome of selecting the SPF record among a name's TXT records. */
export type SpfSelection =
  | { status: "found"; record: string }
  /** No TXT record starts with "v=spf1" (or the name does not exist): result "none" (§4.5). */
  | { status: "none"; reason: string }
  /** Several records start with "v=spf1": permerror (§4.5). */
  | { status: "multiple"; records: string[]; reason: string }
  /** A DNS error or timeout: temperror (§4.4). */
  | { status: "temperror"; reason: string };

/**
 * Selects the SPF record from a TXT answer. §3.3: the character-strings of one RR are
 * concatenated without separator; several RRs are several records. §4.5: records that do not
 * begin with "v=spf1" (followed by SP or the end) are discarded; none left is "none", more than
 * one is "permerror".
 */
export function selectSpfRecord(answer: DnsAnswer): SpfSelection {
  switch (answer.status) {
    case "ok":
      break;
    case "nxdomain":
      return { status: "none", reason: `${answer.name} does not exist (NXDOMAIN)` };
    case "nodata":
      return { status: "none", reason: `${answer.name} has no TXT records` };
    default:
      // §4.4: "If the DNS lookup returns a server failure (RCODE 2) or some other error (RCODE
      // other than 0 or 3), or if the lookup times out, then check_host() terminates immediately
      // with the result "temperror"."
      return {
        status: "temperror",
        reason: `TXT lookup of ${answer.name} failed: ${answer.status}${answer.detail ? ` (${answer.detail})` : ""}`,
      };
  }
  const found: string[] = [];
  for (const rr of answer.records) {
    const text = Array.isArray(rr) ? joinTxt(rr as string[]) : String(rr);
    if (isSpfRecord(text)) found.push(text);
  }
  if (found.length === 0) return { status: "none", reason: `no TXT record of ${answer.name} begins with "v=spf1"` };
  if (found.length > 1) {
    return {
      status: "multiple",
      records: found,
      reason: `${answer.name} has ${found.length} SPF records (RFC 7208 §4.5: permerror)`,
    };
  }
  return { status: "found", record: found[0] as string };
}

/** MX exchanges in preference order; a null MX (RFC 7505, exchange ".") and names DNS cannot ask are left out. */
export function sortedExchanges(records: readonly MxRecord[]): string[] {
  let sorted = exchangesOf.get(records);
  if (sorted === undefined) {
    sorted = [...records]
      .sort((x, y) => x.preference - y.preference)
      .map((r) => r.exchange)
      .filter((e) => e !== "" && nameProblem(e) === undefined);
    exchangesOf.set(records, sorted);
  }
  return sorted;
}

/** Per records array: answers from a cache share theirs. */
const exchangesOf = new WeakMap<readonly MxRecord[], string[]>();
