/** The MX hosts of a domain, for the MTA-STS and DANE checks (RFC 5321 §5.1, RFC 7505). */
import type { Resolver } from "../dns/types.ts";
import { ask, isUnknown } from "./dns-evidence.ts";
import type { DnsEvidence } from "./types.ts";

/** At most this many MX hosts are examined. */
export const MAX_MX_HOSTS = 20;

/** What {@link lookupMx} returns. */
export interface MxLookup {
  /**
   * - `ok`: MX records, `hosts` in preference order;
   * - `none`: no MX RRset (NXDOMAIN or NODATA): mail goes to the domain itself (implicit MX, RFC 5321 §5.1);
   * - `null-mx`: a single "." MX: the domain accepts no mail (RFC 7505);
   * - `unknown`: the lookup failed;
   * - `given`: the hosts were supplied by the caller, not looked up.
   */
  status: "ok" | "none" | "null-mx" | "unknown" | "given";
  hosts: string[];
  dns?: DnsEvidence;
}

/** Looks up the MX hosts of `domain` (deduplicated, lower-case, in preference order, at most {@link MAX_MX_HOSTS}). */
export async function lookupMx(resolver: Resolver, domain: string, signal?: AbortSignal): Promise<MxLookup> {
  const { answer, evidence } = await ask(resolver, domain, "MX", signal ? { signal } : undefined);
  if (answer.status !== "ok")
    return { status: isUnknown(answer.status) ? "unknown" : "none", hosts: [], dns: evidence };
  const sorted = [...answer.records].sort((x, y) => x.preference - y.preference);
  const hosts = [...new Set(sorted.map((mx) => mx.exchange.toLowerCase().replace(/\.$/, "")).filter((h) => h !== ""))];
  if (hosts.length === 0) return { status: "null-mx", hosts: [], dns: evidence };
  return { status: "ok", hosts: hosts.slice(0, MAX_MX_HOSTS), dns: evidence };
}

/** The hosts the caller gave, normalised the same way. */
export function givenMx(hosts: readonly string[]): MxLookup {
  const list = [...new Set(hosts.map((h) => h.toLowerCase().replace(/\.$/, "")).filter((h) => h !== ""))];
  return { status: "given", hosts: list.slice(0, MAX_MX_HOSTS) };
}
