/** What a domain that sends no mail publishes (M3AAWG parked domains; RFC 7208, RFC 7505). */
import type { DnsAnswer } from "../dns/types.ts";

/** An SPF record that authorises no host at all: exactly `v=spf1 -all`. */
export function rejectsAll(record: string | undefined): boolean {
  return record !== undefined && /^v=spf1\s+-all\s*$/i.test(record);
}

/** A null MX (RFC 7505 §3): one MX record, preference 0 by convention, exchange ".". Mixed with others it is not one. */
export function isNullMx(mx: DnsAnswer<"MX">): boolean {
  return mx.status === "ok" && mx.records.length === 1 && mx.records[0]?.exchange === "";
}
