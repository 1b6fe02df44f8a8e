import { createSocket, type Socket } from "node:dgram";
import { createServer, type Server } from "node:net";
import * as dnsPacket from "dns-packet";
import type { DnsAnswer, MxRecord, Resolver } from "../../src/dns/types.ts";

/**
 * A small misbehaving DNS server on 127.0.0.1 (UDP, plus TCP on the same port). The first label of
 * the question picks the misbehaviour, so one server covers every case:
 * - `good`: a correct TXT answer; `wrongid`: the ID is off by one; `wrongq`: the question names another
 *   name; `wrongtype`: another type; `qr0`: QR bit clear; `wrongport`: the right answer from another
 *   socket; `garbage`: random bytes; `cut`: a correct answer cut in half; `ptrloop`: a name whose
 *   compression pointer points at itself; `silent`: no answer; `spoofthengood`: a wrong-ID reply
 *   then the right one; `servfail`/`refused`/`formerr`/`notimp`: that RCODE; `tc`: TC set over UDP,
 *   the full answer over TCP; `tcgarbage`: TC over UDP, garbage over TCP; `ednsformerr`: FORMERR
 *   when the query has EDNS0, a good answer without it; `flood`: 2,000 wrong-ID replies over UDP
 *   (and nothing else); `tcpflood`: TC over UDP, then 2,000 wrong-ID replies over TCP and close;
 *   `chainN` (e.g. `chain8`, `chain12`): a reply whose answer section holds a CNAME chain of N
 *   aliases before the TXT record; `adbit`: a good answer with the AD bit set.
 *
 * With a `zone` (any Resolver, such as a FixtureResolver over `hostileFixture()` of
 * test/helpers/hostile-zone.ts), names under `zoneSuffix` are answered from it instead: its
 * records as they are (TXT of any size, the client retrying over TCP when a reply is over 1,232
 * bytes), its CNAME chains, NXDOMAIN, NODATA, SERVFAIL, REFUSED, and no reply for a timeout.
 *
 * The server binds TCP on port 0 and UDP on the same port, and starts over on another port when
 * that UDP port is taken: no port is ever released and re-bound.
 */
export interface HostileServer {
  port: number;
  /** Queries received, by first label (zone names: not recorded, they are many). */
  seen: string[];
  /** Zone queries answered, and the bytes of their replies (UDP and TCP). */
  zoneStats: { queries: number; bytes: number; tcp: number };
  stop(): Promise<void>;
}

/** Options of {@link startHostileServer}. */
export interface HostileServerOptions {
  /** Answers for names under `zoneSuffix`. */
  zone?: Resolver;
  /** Default `hostile.test`. */
  zoneSuffix?: string;
}

/** Largest UDP reply sent; a longer one is sent truncated (TC), as a server does for a client's EDNS0 size. */
const UDP_MAX = 1232;

const RCODES: Partial<Record<DnsAnswer["status"], number>> = { nxdomain: 3, servfail: 2, refused: 5, error: 2 };

/** The resource records of a zone answer: the CNAME chain, then the records at its end. */
function zoneRecords(q: dnsPacket.Question, answer: DnsAnswer): dnsPacket.Answer[] {
  const names = [q.name, ...answer.cnameChain];
  const out: dnsPacket.Answer[] = [];
  for (let i = 0; i + 1 < names.length; i++)
    out.push({ type: "CNAME", name: names[i] ?? "", ttl: 60, class: "IN", data: names[i + 1] ?? "" });
  if (answer.status !== "ok") return out;
  const owner = names[names.length - 1] ?? q.name;
  for (const record of answer.records) {
    const base = { name: owner, ttl: answer.ttl, class: "IN" as const };
    if (q.type === "TXT") out.push({ ...base, type: "TXT", data: record as string[] });
    else if (q.type === "MX") {
      const mx = record as MxRecord;
      out.push({ ...base, type: "MX", data: { preference: mx.preference, exchange: mx.exchange } });
    } else if (q.type === "A" || q.type === "AAAA" || q.type === "CNAME" || q.type === "PTR" || q.type === "NS")
      out.push({ ...base, type: q.type, data: String(record) } as dnsPacket.Answer);
  }
  return out;
}

/** The reply to a zone question, or undefined for a timeout (no reply). */
async function zoneReply(query: dnsPacket.DecodedPacket, zone: Resolver): Promise<Buffer | undefined> {
  const q = query.questions?.[0];
  if (q === undefined) return undefined;
  const answer = await zone.resolve(q.name, q.type);
  if (answer.status === "timeout") return undefined;
  return answerFor(query, { answers: zoneRecords(q, answer), rcode: RCODES[answer.status] ?? 0 });
}

function answerFor(
  query: dnsPacket.DecodedPacket,
  overrides: Partial<dnsPacket.Packet> & { rcode?: number } = {},
): Buffer {
  const q = query.questions?.[0] ?? { name: "x", type: "TXT" as const, class: "IN" as const };
  const { rcode = 0, ...rest } = overrides;
  return dnsPacket.encode({
    type: "response",
    id: query.id ?? 0,
    flags: dnsPacket.RECURSION_DESIRED | dnsPacket.RECURSION_AVAILABLE | rcode,
    questions: [q],
    answers:
      rcode === 0
        ? [{ type: "TXT", name: q.name, ttl: 120, class: "IN", data: ["hello from " + q.name.split(".")[0]] }]
        : [],
    ...rest,
  });
}

/** A reply whose answer section is a chain of `length` CNAMEs from the question's name, then the TXT. */
function chainAnswer(query: dnsPacket.DecodedPacket, length: number): Buffer {
  const q = query.questions?.[0] ?? { name: "x", type: "TXT" as const, class: "IN" as const };
  const names = [q.name, ...Array.from({ length }, (_, i) => `c${i + 1}.chain.example`)];
  const answers: dnsPacket.Answer[] = names.slice(0, -1).map((name, i) => ({
    type: "CNAME",
    name,
    ttl: 60,
    class: "IN",
    data: names[i + 1] ?? "",
  }));
  answers.push({ type: "TXT", name: names[names.length - 1] ?? "", ttl: 60, class: "IN", data: ["end of chain"] });
  return answerFor(query, { answers });
}

/** Binds TCP on port 0, then UDP on the same port; another port when that UDP port is taken. */
async function bindPair(): Promise<{ udp: Socket; tcp: Server; port: number }> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const tcp = createServer();
    await new Promise<void>((resolve, reject) => {
      tcp.once("error", reject);
      tcp.listen(0, "127.0.0.1", resolve);
    });
    const port = (tcp.address() as { port: number }).port;
    const udp = createSocket("udp4");
    const bound = await new Promise<boolean>((resolve) => {
      udp.once("error", () => resolve(false));
      udp.bind(port, "127.0.0.1", () => resolve(true));
    });
    if (bound) return { udp, tcp, port };
    udp.close();
    await new Promise<void>((resolve) => tcp.close(() => resolve()));
  }
  throw new Error("no port free for both TCP and UDP");
}

export async function startHostileServer(options: HostileServerOptions = {}): Promise<HostileServer> {
  const { udp, tcp, port } = await bindPair();
  const other: Socket = createSocket("udp4");
  const seen: string[] = [];
  const zoneStats = { queries: 0, bytes: 0, tcp: 0 };
  const suffix = (options.zoneSuffix ?? "hostile.test").toLowerCase();
  const inZone = (name: string | undefined) =>
    options.zone !== undefined &&
    name !== undefined &&
    (name.toLowerCase() === suffix || name.toLowerCase().endsWith(`.${suffix}`));
  await new Promise<void>((resolve) => other.bind(0, "127.0.0.1", resolve));

  udp.on("message", (bytes, from) => {
    let query: dnsPacket.DecodedPacket;
    try {
      query = dnsPacket.decode(bytes);
    } catch {
      return;
    }
    const q = query.questions?.[0];
    const send = (buf: Buffer, via: Socket = udp) => via.send(buf, from.port, from.address);
    if (options.zone !== undefined && inZone(q?.name)) {
      const zone = options.zone;
      void zoneReply(query, zone).then((reply) => {
        if (reply === undefined) return;
        zoneStats.queries++;
        const out =
          reply.length > UDP_MAX ? answerFor(query, { flags: dnsPacket.TRUNCATED_RESPONSE, answers: [] }) : reply;
        zoneStats.bytes += out.length;
        send(out);
      });
      return;
    }
    const label = q?.name.split(".")[0]?.toLowerCase() ?? "";
    seen.push(label);
    const hasEdns = (query.additionals ?? []).some((rr) => rr.type === "OPT");
    switch (label) {
      case "good":
        return send(answerFor(query));
      case "wrongid":
        return send(answerFor({ ...query, id: ((query.id ?? 0) + 1) & 0xffff }));
      case "wrongq":
        return send(answerFor(query, { questions: [{ name: "evil.example", type: "TXT", class: "IN" }] }));
      case "wrongtype":
        return send(answerFor(query, { questions: [{ name: q?.name ?? "", type: "A", class: "IN" }] }));
      case "qr0": {
        const buf = answerFor(query);
        buf.writeUInt16BE(buf.readUInt16BE(2) & ~0x8000, 2);
        return send(buf);
      }
      case "wrongport":
        return send(answerFor(query), other);
      case "garbage":
        return send(Buffer.from("this is not a DNS message at all, just bytes"));
      case "cut": {
        const buf = answerFor(query);
        return send(buf.subarray(0, Math.floor(buf.length / 2) + 3));
      }
      case "ptrloop": {
        // Header + question whose name is a pointer to itself (offset 12 → 0xC00C).
        const header = Buffer.from(answerFor(query).subarray(0, 12));
        header.writeUInt16BE(1, 4); // QDCOUNT
        header.writeUInt16BE(0, 6);
        const loop = Buffer.from([0xc0, 0x0c, 0x00, 0x10, 0x00, 0x01]);
        return send(Buffer.concat([header, loop]));
      }
      case "silent":
        return;
      case "spoofthengood":
        send(answerFor({ ...query, id: ((query.id ?? 0) + 7) & 0xffff }));
        return setTimeout(() => send(answerFor(query)), 30);
      case "servfail":
        return send(answerFor(query, { rcode: 2 }));
      case "refused":
        return send(answerFor(query, { rcode: 5 }));
      case "formerr":
        return send(answerFor(query, { rcode: 1 }));
      case "notimp":
        return send(answerFor(query, { rcode: 4 }));
      case "ednsformerr":
        return send(hasEdns ? answerFor(query, { rcode: 1 }) : answerFor(query));
      case "tc":
      case "tcgarbage":
      case "tcpflood":
        return send(answerFor(query, { flags: dnsPacket.TRUNCATED_RESPONSE, answers: [] }));
      case "flood": {
        const wrong = answerFor({ ...query, id: ((query.id ?? 0) + 1) & 0xffff });
        for (let i = 0; i < 2000; i++) send(wrong);
        return;
      }
      case "adbit":
        return send(answerFor(query, { flags: dnsPacket.AUTHENTIC_DATA }));
      default:
        if (/^chain\d+$/.test(label)) return send(chainAnswer(query, Number(label.slice(5))));
        return send(answerFor(query, { rcode: 3 }));
    }
  });

  tcp.on("connection", (socket) => {
    socket.on("error", () => {});
    let buffered = Buffer.alloc(0);
    socket.on("data", (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      if (buffered.length < 2 || buffered.length < 2 + buffered.readUInt16BE(0)) return;
      const query = dnsPacket.decode(buffered.subarray(2, 2 + buffered.readUInt16BE(0)));
      const frame = (message: Buffer) => {
        const prefix = Buffer.alloc(2);
        prefix.writeUInt16BE(message.length);
        return Buffer.concat([prefix, message]);
      };
      if (options.zone !== undefined && inZone(query.questions?.[0]?.name)) {
        const zone = options.zone;
        void zoneReply(query, zone).then((reply) => {
          if (reply === undefined) return socket.end();
          zoneStats.queries++;
          zoneStats.tcp++;
          zoneStats.bytes += reply.length;
          socket.end(frame(reply));
        });
        return;
      }
      const label = query.questions?.[0]?.name.split(".")[0]?.toLowerCase() ?? "";
      seen.push(`tcp:${label}`);
      if (label === "tcpflood") {
        const wrong = frame(answerFor({ ...query, id: ((query.id ?? 0) + 1) & 0xffff }));
        socket.end(Buffer.concat(Array.from({ length: 2000 }, () => wrong)));
        return;
      }
      const body =
        label === "tcgarbage"
          ? Buffer.from("garbage over tcp")
          : answerFor(query, {
              answers: [
                {
                  type: "TXT",
                  name: query.questions?.[0]?.name ?? "",
                  ttl: 5,
                  class: "IN",
                  data: ["x".repeat(255), "y".repeat(255), "z".repeat(100)],
                },
              ],
            });
      socket.end(frame(body));
    });
  });

  return {
    port,
    seen,
    zoneStats,
    stop: () =>
      new Promise<void>((resolve) => {
        udp.close();
        other.close();
        tcp.close(() => resolve());
      }),
  };
}
