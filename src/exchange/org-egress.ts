/**
 * Egress addresses of connectors that deliver by DNS: the A and AAAA records of the connector's
 * `Fqdn` (its EHLO name). They are a guess (NAT and proxies change what receivers see), so every
 * path built from them is marked for the admin to confirm. A lookup that fails is unknown, not
 * absent: it is reported with its cause, never read as "no address".
 */
import { resolveSafely } from "../dns/answer.ts";
import type { DnsAnswer, Resolver } from "../dns/types.ts";

/** What the lookups of one name gave. */
export interface EgressLookup {
  name: string;
  ips: string[];
  /** Types whose answer is unknown, with the cause: `A: timeout (…)`. */
  unknown: string[];
  /** Whether both types answered that the name has no such record. */
  absent: boolean;
}

function describe(answer: DnsAnswer): string {
  return `${answer.type}: ${answer.status}${answer.detail ? ` (${answer.detail})` : ""}`;
}

/** Looks up A and AAAA of a name, concurrently, through `resolveSafely`. Never rejects. */
export async function lookupEgress(resolver: Resolver, name: string, signal?: AbortSignal): Promise<EgressLookup> {
  const options = signal === undefined ? undefined : { signal };
  const answers = await Promise.all([
    resolveSafely(resolver, name, "A", options),
    resolveSafely(resolver, name, "AAAA", options),
  ]);
  const ips: string[] = [];
  const unknown: string[] = [];
  let negative = 0;
  for (const a of answers) {
    if (a.status === "ok") ips.push(...(a.records as string[]));
    else if (a.status === "nxdomain" || a.status === "nodata") negative++;
    else unknown.push(describe(a));
  }
  return { name, ips: [...new Set(ips)], unknown, absent: negative === answers.length };
}

/** Looks up each distinct name once, concurrently. */
export async function lookupAll(
  resolver: Resolver | undefined,
  names: readonly string[],
  signal?: AbortSignal,
): Promise<Map<string, EgressLookup>> {
  const out = new Map<string, EgressLookup>();
  if (resolver === undefined) return out;
  const distinct = [...new Set(names.map((n) => n.toLowerCase().replace(/\.$/, "")))];
  const results = await Promise.all(distinct.map((n) => lookupEgress(resolver, n, signal)));
  for (const r of results) out.set(r.name, r);
  return out;
}
