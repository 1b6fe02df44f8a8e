/**
 * Reverse DNS of report sources: the PTR names of each address (RFC 1035 §3.5, RFC 3596 §2.5),
 * bounded (at most `max` distinct addresses, in the order given: most voluminous first; a few
 * questions at a time) and, for names that matter, forward-confirmed (the name's A or AAAA records
 * include the address, as receivers check it: FCrDNS). A PTR name alone is what the address's
 * owner chose to write, so only a confirmed name may say which provider a source belongs to.
 *
 * Unknown is not absent: a timeout or SERVFAIL is "PTR unknown", never "no PTR".
 */
import { parseIp } from "../common/cidr.ts";
import { dnsOutcome, resolveSafely } from "../dns/answer.ts";
import { type DnsEvidence, evidenceOf } from "../dns/evidence.ts";
import { reverseName } from "../dns/names.ts";
import type { DnsStatus, Resolver } from "../dns/types.ts";

/** What reverse DNS says of one address. */
export interface PtrInfo {
  /**
   * `found`: PTR names; `none`: DNS proved there is none (NXDOMAIN, NODATA); `unknown`: the
   * question failed (a timeout, SERVFAIL, a budget refusal...); `not-asked`: beyond the bound.
   */
  status: "found" | "none" | "unknown" | "not-asked";
  /** The PTR names (at most {@link MAX_NAMES}), lower case, no trailing dot. */
  names: string[];
  /**
   * Whether the first name was forward-confirmed: `true`/`false`, `unknown` when the forward
   * question failed, null when it was not asked (no name, or a name that did not need it).
   */
  confirmed: boolean | "unknown" | null;
  /** The DNS status of the PTR question (and of the forward one, for a failure), in words. */
  detail?: string;
  /** The failed question, when one failed (what a `dns-temperror` finding cites). */
  failure?: DnsEvidence;
}

/** Options of {@link lookupPtrs}. */
export interface PtrOptions {
  /** Most distinct addresses asked (default 64). */
  max?: number;
  /** Questions at a time (default 8). */
  concurrency?: number;
  /** Whether a PTR name needs forward confirmation (it would classify the source). Default: none do. */
  confirm?: (name: string) => boolean;
  signal?: AbortSignal;
}

/** PTR names kept per address. */
export const MAX_NAMES = 5;

const NOT_ASKED: PtrInfo = { status: "not-asked", names: [], confirmed: null };

function sameAddress(a: string, b: string): boolean {
  const x = parseIp(a);
  const y = parseIp(b);
  return x !== undefined && y !== undefined && x.family === y.family && x.value === y.value;
}

async function lookupOne(ip: string, resolver: Resolver, options: PtrOptions): Promise<PtrInfo> {
  const name = reverseName(ip);
  if (name === undefined) return { status: "none", names: [], confirmed: null, detail: "not an IP address" };
  const ask = options.signal ? { signal: options.signal } : {};
  const answer = await resolveSafely(resolver, name, "PTR", ask);
  const outcome = dnsOutcome(answer);
  if (outcome === "unknown")
    return {
      status: "unknown",
      names: [],
      confirmed: null,
      detail: describe(answer.status, answer.detail),
      failure: evidenceOf(answer, `the PTR names of ${ip}`),
    };
  if (outcome === "absent") return { status: "none", names: [], confirmed: null, detail: answer.status };
  const names = [...new Set(answer.records.map((r) => String(r).toLowerCase().replace(/\.$/, "")))].slice(0, MAX_NAMES);
  const first = names[0];
  if (first === undefined) return { status: "none", names: [], confirmed: null, detail: "nodata" };
  if (options.confirm?.(first) !== true) return { status: "found", names, confirmed: null };
  const forward = await resolveSafely(resolver, first, ip.includes(":") ? "AAAA" : "A", ask);
  const state = dnsOutcome(forward);
  if (state === "unknown")
    return {
      status: "found",
      names,
      confirmed: "unknown",
      detail: `forward lookup of ${first}: ${describe(forward.status, forward.detail)}`,
      failure: evidenceOf(forward, `forward confirmation of ${first} (PTR of ${ip})`),
    };
  return { status: "found", names, confirmed: forward.records.some((r) => sameAddress(String(r), ip)) };
}

function describe(status: DnsStatus, detail: string | undefined): string {
  return detail === undefined ? status : `${status}: ${detail}`;
}

/**
 * The PTR names of `ips` (asked in the order given, up to `max`; the rest are `not-asked`), each
 * address once. Never throws.
 */
export async function lookupPtrs(
  ips: readonly string[],
  resolver: Resolver,
  options: PtrOptions = {},
): Promise<Map<string, PtrInfo>> {
  const max = Math.max(0, options.max ?? 64);
  const distinct = [...new Set(ips)];
  const out = new Map<string, PtrInfo>();
  const asked = distinct.slice(0, max);
  for (const ip of distinct.slice(max)) out.set(ip, NOT_ASKED);
  let next = 0;
  const worker = async () => {
    while (next < asked.length) {
      const ip = asked[next++] as string;
      out.set(ip, await lookupOne(ip, resolver, options));
    }
  };
  const workers = Math.max(1, Math.min(options.concurrency ?? 8, asked.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return out;
}
