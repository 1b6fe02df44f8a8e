import { randomInt } from "node:crypto";
import type { Answer, DecodedPacket } from "dns-packet";
import * as dnsPacket from "dns-packet";
import { failedAnswer, recordsAnswer } from "../answer.ts";
import { normalizeName } from "../names.ts";
import type { DnsAnswer, MxRecord, RecordOf, RRType } from "../types.ts";

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

/** Builds a recursive query with a random 16-bit ID (RFC 5452 §4.3) and, unless disabled, EDNS0 (RFC 6891). */
export function buildQuery(name: string, type: string, edns = true): WireQuery {
  const id = randomInt(0, 0x10000);
  const bytes = dnsPacket.encode({
    type: "query",
    id,
    flags: dnsPacket.RECURSION_DESIRED,
    questions: [{ type: type as dnsPacket.RecordType, name, class: "IN" }],
    additionals: edns
      ? [
          {
            type: "OPT",
            name: ".",
            udpPayloadSize: EDNS_UDP_PAYLOAD,
            extendedRcode: 0,
            ednsVersion: 0,
            flags: 0,
            flag_do: false,
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

/** Reads the character-strings of TXT-like RDATA (RFC 1035 §3.3.14). */
function characterStrings(data: Buffer): string[] {
  const out: string[] = [];
  let offset = 0;
  while (offset < data.length) {
    const len = data[offset] ?? 0;
    out.push(data.toString("utf8", offset + 1, Math.min(data.length, offset + 1 + len)));
    offset += 1 + len;
  }
  return out;
}

function stripDot(name: string): string {
  return name.length > 1 && name.endsWith(".") ? name.slice(0, -1) : name;
}

/** Converts one decoded RR's data to our record shape for `type`. */
function convertRecord(type: string, rr: Answer): unknown {
  const data = (rr as { data?: unknown }).data;
  switch (type) {
    case "TXT":
      return (Array.isArray(data) ? data : [data]).map((d) => (Buffer.isBuffer(d) ? d.toString("utf8") : String(d)));
    case "SPF":
      return Buffer.isBuffer(data) ? characterStrings(data) : [String(data)];
    case "MX": {
      const mx = data as { preference?: number; exchange?: string };
      const exchange = stripDot(mx.exchange ?? "");
      return { preference: mx.preference ?? 0, exchange: exchange === "." ? "" : exchange } satisfies MxRecord;
    }
    case "A":
    case "AAAA":
      return String(data).toLowerCase();
    case "PTR":
    case "NS":
    case "CNAME":
      return stripDot(String(data));
    case "SOA": {
      const s = data as dnsPacket.SoaData;
      return `${s.mname}. ${s.rname}. ${s.serial} ${s.refresh} ${s.retry} ${s.expire} ${s.minimum}`;
    }
    default:
      // RFC 3597 §5 generic presentation for types we do not model.
      if (Buffer.isBuffer(data)) return `\\# ${data.length} ${data.toString("hex")}`;
      return JSON.stringify(data);
  }
}

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

/** Maps an accepted reply to a {@link DnsAnswer}: RCODE → status, CNAME chain followed within the answer section. */
export function replyToAnswer<T extends RRType>(
  name: string,
  type: T,
  packet: DecodedPacket,
  server: string,
): DnsAnswer<T> {
  const rcode = rcodeOf(packet);
  const qname = normalizeName(name);
  const answers = packet.answers ?? [];
  const chain: string[] = [];
  let current = qname;
  let ttl = Number.POSITIVE_INFINITY;
  // Follow CNAMEs inside the answer (RFC 1034 §3.6.2); bounded by the number of RRs, loops stop it.
  if (type !== "CNAME") {
    for (let step = 0; step <= answers.length; step++) {
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
    return failedAnswer(qname, type, "error", `${RCODE_NAMES[rcode] ?? `RCODE ${rcode}`} from ${server}`, {
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
