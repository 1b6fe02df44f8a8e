import { isIP } from "node:net";
import { abortReason, failedAnswer, MAX_CNAME_CHAIN } from "../answer.ts";
import { nameProblem, normalizeName } from "../names.ts";
import type { DnsAnswer, DnsStatus, ResolveOptions, Resolver, RRType } from "../types.ts";
import type { ServerAddress } from "./address.ts";
import { buildQuery, isIncompleteChain, rcodeOf, replyToAnswer } from "./message.ts";
import { parseServer, systemServers } from "./resolv-conf.ts";
import { tcpExchange } from "./tcp.ts";
import { type ExchangeResult, serverLabel } from "./transport.ts";
import { udpExchange } from "./udp.ts";

/** Options of {@link DnsResolver}. */
export interface DnsResolverOptions {
  /** Servers to ask, in order (`"192.0.2.53"`, `"127.0.0.1:5353"`, `"[2001:db8::53]:53"`). Default: `/etc/resolv.conf`. */
  servers?: (string | ServerAddress)[];
  /** Milliseconds to wait for each attempt. Default 2000. */
  timeoutMs?: number;
  /** Attempts per server before moving to the next. Default 2. */
  attempts?: number;
  /** Ask over TCP only (RFC 7766), e.g. for `tcp://` servers. Default false: UDP, then TCP on TC. */
  tcpOnly?: boolean;
  /** Send EDNS0 (RFC 6891) with a 1232-octet payload. Default true; a FORMERR reply is retried without it. */
  edns?: boolean;
}

/** Statuses after which the next server is tried (RFC 1035 §7.2: another server may do better). */
const TRY_NEXT: ReadonlySet<DnsStatus> = new Set(["timeout", "servfail", "refused", "error"]);

/**
 * Real DNS over UDP (and TCP when a reply is truncated) with `dns-packet`. Each question uses a
 * fresh socket and a random 16-bit ID; a reply is accepted only when its ID, question and QR bit
 * match, and only from the server's own address and port. Never throws for a DNS outcome.
 */
export class DnsResolver implements Resolver {
  readonly servers: readonly ServerAddress[];
  readonly #timeoutMs: number;
  readonly #attempts: number;
  readonly #tcpOnly: boolean;
  readonly #edns: boolean;

  constructor(options: DnsResolverOptions = {}) {
    const servers = (options.servers ?? systemServers()).map((s) => (typeof s === "string" ? parseServer(s) : s));
    for (const s of servers) {
      if (isIP(s.host) === 0) throw new TypeError(`DnsResolver: server ${JSON.stringify(s.host)} is not an IP address`);
      if (!Number.isInteger(s.port) || s.port < 1 || s.port > 65535)
        throw new TypeError(`DnsResolver: bad port ${s.port} for ${s.host}`);
    }
    if (servers.length === 0) throw new TypeError("DnsResolver: no servers");
    this.servers = servers;
    this.#timeoutMs = options.timeoutMs ?? 2000;
    this.#attempts = Math.max(1, options.attempts ?? 2);
    this.#tcpOnly = options.tcpOnly ?? false;
    this.#edns = options.edns ?? true;
  }

  async resolve<T extends RRType>(name: string, type: T, options?: ResolveOptions): Promise<DnsAnswer<T>> {
    const signal = options?.signal;
    const qname = normalizeName(name);
    const qtype = type.toUpperCase() as T;
    const problem = nameProblem(qname);
    if (problem !== undefined)
      return failedAnswer(qname, qtype, "error", `invalid name ${JSON.stringify(qname)}: ${problem}`);
    // Follow an alias the server left unresolved by asking for its target (RFC 1034 §5.3.3),
    // keeping the whole chain; bounded like every chain, and loops stop it.
    let answer = await this.#resolveOnce(qname, qtype, signal);
    const chain: string[] = [];
    while (isIncompleteChain(answer)) {
      chain.push(...answer.cnameChain);
      const target = chain[chain.length - 1] ?? qname;
      if (chain.length > MAX_CNAME_CHAIN || new Set(chain).size !== chain.length || chain.includes(qname)) {
        return failedAnswer(qname, qtype, "servfail", `CNAME chain longer than ${MAX_CNAME_CHAIN} or looping`, {
          cnameChain: chain,
        });
      }
      answer = await this.#resolveOnce(target, qtype, signal);
      if (!isIncompleteChain(answer)) {
        return { ...answer, name: qname, cnameChain: [...chain, ...answer.cnameChain] };
      }
    }
    return answer;
  }

  async #resolveOnce<T extends RRType>(
    qname: string,
    qtype: T,
    signal: AbortSignal | undefined,
  ): Promise<DnsAnswer<T>> {
    let last: DnsAnswer<T> | undefined;
    const notes: string[] = [];
    for (const server of this.servers) {
      for (let attempt = 0; attempt < this.#attempts; attempt++) {
        const answer = await this.#ask(server, qname, qtype, signal, notes);
        if (signal?.aborted) return failedAnswer(qname, qtype, "error", abortReason(signal));
        last = answer;
        if (!TRY_NEXT.has(answer.status)) return answer;
        // A definite SERVFAIL/REFUSED is not retried on the same server; a timeout is.
        if (answer.status !== "timeout") break;
      }
    }
    const final = last ?? failedAnswer(qname, qtype, "error", "no servers");
    if (notes.length > 0) final.detail = `${final.detail ?? final.status}; ${notes.join("; ")}`;
    return final;
  }

  async #ask<T extends RRType>(
    server: ServerAddress,
    name: string,
    type: T,
    signal: AbortSignal | undefined,
    notes: string[],
  ): Promise<DnsAnswer<T>> {
    let edns = this.#edns;
    let transport: "udp" | "tcp" = this.#tcpOnly ? "tcp" : "udp";
    // At most: UDP with EDNS, UDP without (FORMERR), then TCP (TC). Bounded loop.
    for (let step = 0; step < 4; step++) {
      const query = buildQuery(name, type, edns);
      const label = serverLabel(server, transport);
      const result: ExchangeResult =
        transport === "udp"
          ? await udpExchange(server, query, this.#timeoutMs, signal)
          : await tcpExchange(server, query, this.#timeoutMs, signal);
      switch (result.kind) {
        case "aborted":
          return failedAnswer(name, type, "error", abortReason(signal));
        case "error":
          return failedAnswer(name, type, "error", `${label}: ${result.message}`);
        case "timeout": {
          const ignored =
            result.ignored.length > 0
              ? ` (ignored ${result.ignored.length} unacceptable replies: ${[...new Set(result.ignored)].slice(0, 3).join("; ")})`
              : "";
          return failedAnswer(name, type, "timeout", `${label}: no answer within ${this.#timeoutMs} ms${ignored}`);
        }
        case "reply": {
          const packet = result.packet;
          if (transport === "udp" && packet.flag_tc) {
            notes.push(`${label} answer truncated, retried over TCP`);
            transport = "tcp";
            continue;
          }
          if (rcodeOf(packet) === 1 && edns) {
            notes.push(`${label} answered FORMERR to EDNS0, retried without it`);
            edns = false;
            continue;
          }
          return replyToAnswer(name, type, packet, label);
        }
      }
    }
    return failedAnswer(name, type, "error", `${serverLabel(server, transport)}: gave up after repeated retries`);
  }
}
