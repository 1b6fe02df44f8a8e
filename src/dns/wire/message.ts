import { randomInt } from "node:crypto";
import type { DecodedPacket } from "dns-packet";
import * as dnsPacket from "dns-packet";
import { errorAnswer, failedAnswer, MAX_CNAME_CHAIN, recordsAnswer } from "../answer.ts";
import { normalizeName } from "../names.ts";
import type { DnsAnswer, RecordOf, RRType } from "../types.ts";
import { convertRecord } from "./records.ts";

/** EDNS0 UDP payload size: the value the DNS Flag Day 2020 agreed on to avoid fragmentation. */
export const EDNS_UDP_PAYLOAD = 1232;

/** A query on the wire and what a reply must echo to be accepted. */
export interface WireQuery {
  id: number;
  name: string;
  type: string;
  edns: boolean;
  bytes: Buffer;
}

/**
 * Builds a recursive query with a random 16-bit ID (RFC 5452 §4.3) and, unless disabled, EDNS0
 * (RFC 6891). With `dnssec`, the query sets the AD bit (RFC 6840 §5.7: "give me the AD bit") and,
 * with EDNS0, the DO bit (RFC 3225 §3), so that a validating resolver says whether it validated.
 */
export function buildQuery(name: string, type: string, edns = true, dnssec = false): WireQuery {
  const id = randomInt(0, 0x10000);
  const bytes = dnsPacket.encode({
    type: "query",
    id,
    flags: dnsPacket.RECURSION_DESIRED | (dnssec ? dnsPacket.AUTHENTIC_DATA : 0),
    questions: [{ type: type as dnsPacket.RecordType, name, class: "IN" }],
    additionals: edns
      ? [
          {
            type: "OPT",
            name: ".",
            udpPayloadSize: EDNS_UDP_PAYLOAD,
            extendedRcode: 0,
            ednsVersion: 0,
            // dns-packet encodes `flags`; `flag_do` is what it decodes (RFC 3225 §3: the DO bit).
            flags: dnssec ? dnsPacket.DNSSEC_OK : 0,
            flag_do: dnssec,
            options: [],
          },
        ]
      : [],
  });
  return { id, name: normalizeName(name), type, edns, bytes };
}

/** Either an acceptable reply or why it was ignored. */
export type ReplyCheck = { ok: true; packet: DecodedPacket } | { ok: false; reason: string };

/**
 * Decodes a reply and accepts it only when it answers *our* question: same ID, QR set, exactly one
 * question with the same name (case-insensitively, RFC 4343), type and class (RFC 5452 §4.1-4.2).
 * Anything else (garbage, a truncated packet, a spoofed or stale reply) is ignored, not trusted.
 */
export function checkReply(query: WireQuery, bytes: Buffer): ReplyCheck {
  let packet: DecodedPacket;
  try {
    packet = dnsPacket.decode(bytes);
  } catch (error) {
    return { ok: false, reason: `undecodable reply (${(error as Error).message})` };
  }
  if (packet.id !== query.id) return { ok: false, reason: `reply ID ${packet.id} does not match query ID ${query.id}` };
  if (!packet.flag_qr) return { ok: false, reason: "reply has QR=0 (it is a query)" };
  const questions = packet.questions ?? [];
  const q = questions[0];
  if (questions.length !== 1 || q === undefined)
    return { ok: false, reason: `reply has ${questions.length} questions` };
  if (normalizeName(q.name) !== query.name) return { ok: false, reason: `reply is for another name (${q.name})` };
  if (String(q.type).toUpperCase() !== query.type.toUpperCase())
    return { ok: false, reason: `reply is for another type (${q.type})` };
  if (q.class !== undefined && q.class !== "IN") return { ok: false, reason: `reply is for class ${q.class}` };
  return { ok: true, packet };
}

/** RCODE from the header (RFC 1035 §4.1.1) plus the EDNS extended bits are not needed here. */
export function rcodeOf(packet: DecodedPacket): number {
  return (packet.flags ?? 0) & 0x0f;
}

const RCODE_NAMES: Record<number, string> = {
  0: "NOERROR",
  1: "FORMERR",
  2: "SERVFAIL",
  3: "NXDOMAIN",
  4: "NOTIMP",
  5: "REFUSED",
};

/** The negative-caching TTL of a reply: min(SOA TTL, SOA MINIMUM) from the authority section (RFC 2308 §5). */
function negativeTtl(packet: DecodedPacket): number {
  for (const rr of packet.authorities ?? []) {
    if (rr.type === "SOA") {
      const soa = rr.data;
      return Math.min(rr.ttl ?? 0, soa.minimum ?? 0);
    }
  }
  return 0;
}

/**
 * Answers that stop at a CNAME whose target the server did not resolve (an authoritative server
 * answering for an alias into a zone it does not hold): NOERROR, no data, no SOA saying "no data
 * at the target". The resolver then asks for the target itself (RFC 1034 §5.3.3, step 3).
 */
const incompleteChains = new WeakSet<object>();

export function isIncompleteChain(answer: DnsAnswer): boolean {
  return incompleteChains.has(answer);
}

/**
 * Maps an accepted reply to a {@link DnsAnswer}: RCODE → status, the CNAME chain followed within
 * the answer section (at most {@link MAX_CNAME_CHAIN} aliases, as every driver: SERVFAIL past it).
 * With `dnssec`, the answer carries the reply's AD bit as `authenticated`.
 */
export function replyToAnswer<T extends RRType>(
  name: string,
  type: T,
  packet: DecodedPacket,
  server: string,
  dnssec = false,
): DnsAnswer<T> {
  const answer = mapReply(name, type, packet, server);
  if (dnssec) answer.authenticated = packet.flag_ad === true;
  return answer;
}

function mapReply<T extends RRType>(name: string, type: T, packet: DecodedPacket, server: string): DnsAnswer<T> {
  const rcode = rcodeOf(packet);
  const qname = normalizeName(name);
  const answers = packet.answers ?? [];
  const chain: string[] = [];
  let current = qname;
  let ttl = Number.POSITIVE_INFINITY;
  // Follow CNAMEs inside the answer (RFC 1034 §3.6.2): loops and chains past the cap stop it.
  if (type !== "CNAME") {
    for (let step = 0; step <= MAX_CNAME_CHAIN; step++) {
      const alias = answers.find(
        (rr): rr is dnsPacket.StringAnswer => rr.type === "CNAME" && normalizeName(rr.name) === current,
      );
      if (alias === undefined) break;
      const target = normalizeName(String(alias.data));
      ttl = Math.min(ttl, alias.ttl ?? 0);
      if (target === qname || chain.includes(target)) {
        return failedAnswer(qname, type, "servfail", `CNAME loop at ${target} (from ${server})`, {
          cnameChain: [...chain, target],
        });
      }
      chain.push(target);
      if (chain.length > MAX_CNAME_CHAIN) {
        return failedAnswer(qname, type, "servfail", `CNAME chain longer than ${MAX_CNAME_CHAIN} (from ${server})`, {
          cnameChain: chain,
        });
      }
      current = target;
    }
  }
  if (rcode === 3)
    return failedAnswer(qname, type, "nxdomain", `${current}: NXDOMAIN from ${server}`, {
      ttl: negativeTtl(packet),
      cnameChain: chain,
    });
  if (rcode === 2) return failedAnswer(qname, type, "servfail", `SERVFAIL from ${server}`, { cnameChain: chain });
  if (rcode === 5) return failedAnswer(qname, type, "refused", `REFUSED from ${server}`, { cnameChain: chain });
  if (rcode !== 0)
    return errorAnswer(qname, type, "rcode", `${RCODE_NAMES[rcode] ?? `RCODE ${rcode}`} from ${server}`, {
      cnameChain: chain,
    });
  const matching = answers.filter((rr) => String(rr.type).toUpperCase() === type && normalizeName(rr.name) === current);
  if (matching.length === 0) {
    const answer = failedAnswer(qname, type, "nodata", `${current} has no ${type} records (from ${server})`, {
      ttl: negativeTtl(packet),
      cnameChain: chain,
    });
    const soa = (packet.authorities ?? []).some((rr) => rr.type === "SOA");
    if (chain.length > 0 && !soa) incompleteChains.add(answer);
    return answer;
  }
  for (const rr of matching) ttl = Math.min(ttl, (rr as { ttl?: number }).ttl ?? 0);
  const records = matching.map((rr) => convertRecord(type, rr)) as RecordOf<T>[];
  return recordsAnswer(qname, type, records, Number.isFinite(ttl) ? ttl : 0, chain);
}
