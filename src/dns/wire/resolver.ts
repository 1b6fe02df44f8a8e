import { isIP } from "node:net";
import { abortedAnswer, errorAnswer, failedAnswer, invalidNameAnswer, MAX_CNAME_CHAIN } from "../answer.ts";
import { normalizeName } from "../names.ts";
import type { DnsAnswer, DnsStatus, ResolveOptions, Resolver, RRType } from "../types.ts";
import type { ServerAddress } from "./address.ts";
import { buildQuery, isIncompleteChain, rcodeOf, replyToAnswer } from "./message.ts";
import { parseServer, systemServers } from "./servers.ts";
import { tcpExchange } from "./tcp.ts";
import { type ExchangeResult, serverLabel } from "./transport.ts";
import { udpExchange } from "./udp.ts";

/** Options of {@link DnsResolver}. */
export interface DnsResolverOptions {
  /**
   * Servers to ask, in order (`"192.0.2.53"`, `"127.0.0.1:5353"`, `"[2001:db8::53]:53"`). Default: the
   * system's, from `dns.getServers()` (resolv.conf), or 127.0.0.1:53 when it lists none.
   */
  servers?: (string | ServerAddress)[];
  /** Milliseconds to wait for each attempt. Default 2000. */
  timeoutMs?: number;
  /** Attempts per server before moving to the next. Default 2. */
  attempts?: number;
  /** Ask over TCP only (RFC 7766), e.g. for `tcp://` servers. Default false: UDP, then TCP on TC. */
  tcpOnly?: boolean;
  /** Send EDNS0 (RFC 6891) with a 1232-octet payload. Default true; a FORMERR reply is retried without it. */
  edns?: boolean;
  /**
   * Ask for DNSSEC validation status: the query sets the AD bit (RFC 6840 §5.7) and the EDNS0 DO
   * bit (RFC 3225), and every answer carries `authenticated` (the reply's AD bit; `false` when no
   * reply came). Point it at a validating resolver you trust over a trusted path. Default false.
   */
  dnssec?: boolean;
}

/** Statuses after which the next server is tried (RFC 1035 §7.2: another server may do better). */
const TRY_NEXT: ReadonlySet<DnsStatus> = new Set(["timeout", "servfail", "refused", "error"]);

/**
 * Real DNS over UDP (and TCP when a reply is truncated) with `dns-packet`. Each question uses a
 * fresh socket and a random 16-bit ID; a reply is accepted only when its ID, question and QR bit
 * match, and only from the server's own address and port. Never throws for a DNS outcome.
 *
 * When a server leaves an alias unresolved, the chain is continued with follow-up questions
 * (RFC 1034 §5.3.3); each goes through the caller's {@link ResolveOptions.account} when there is one,
 * so that a `QueryBudgetResolver` above counts (and may refuse) it.
 */
export class DnsResolver implements Resolver {
  readonly servers: readonly ServerAddress[];
  readonly #timeoutMs: number;
  readonly #attempts: number;
  readonly #tcpOnly: boolean;
  readonly #edns: boolean;
  readonly #dnssec: boolean;

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
    this.#dnssec = options.dnssec ?? false;
  }

  async resolve<T extends RRType>(name: string, type: T, options?: ResolveOptions): Promise<DnsAnswer<T>> {
    const answer = await this.#resolve(name, type, options);
    if (this.#dnssec && answer.authenticated === undefined) answer.authenticated = false;
    return answer;
  }

  async #resolve<T extends RRType>(name: string, type: T, options?: ResolveOptions): Promise<DnsAnswer<T>> {
    const signal = options?.signal;
    const qname = normalizeName(name);
    const qtype = type.toUpperCase() as T;
    const invalid = invalidNameAnswer(qname, qtype);
    if (invalid !== undefined) return invalid;
    // Follow an alias the server left unresolved by asking for its target (RFC 1034 §5.3.3),
    // keeping the whole chain; bounded like every chain, and loops stop it.
    let answer = await this.#resolveOnce(qname, qtype, signal);
    const chain: string[] = [];
    let authenticated = answer.authenticated;
    while (isIncompleteChain(answer)) {
      chain.push(...answer.cnameChain);
      const target = chain[chain.length - 1] ?? qname;
      if (chain.length > MAX_CNAME_CHAIN || new Set(chain).size !== chain.length || chain.includes(qname)) {
        return failedAnswer(qname, qtype, "servfail", `CNAME chain longer than ${MAX_CNAME_CHAIN} or looping`, {
          cnameChain: chain,
        });
      }
      const ask = () => this.#resolveOnce(target, qtype, signal);
      answer = await (options?.account === undefined ? ask() : options.account(target, qtype, ask));
      // RFC 4035 §3.2.3: the whole answer is authentic only if every part of it is.
      if (authenticated !== undefined) authenticated = authenticated && answer.authenticated === true;
      if (!isIncompleteChain(answer)) {
        const whole: DnsAnswer<T> = { ...answer, name: qname, cnameChain: [...chain, ...answer.cnameChain] };
        if (authenticated !== undefined) whole.authenticated = authenticated;
        return whole;
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
        if (signal?.aborted) return abortedAnswer(qname, qtype, signal);
        last = answer;
        if (!TRY_NEXT.has(answer.status)) return answer;
        // A definite SERVFAIL/REFUSED is not retried on the same server; a timeout is.
        if (answer.status !== "timeout") break;
      }
    }
    const final = last ?? errorAnswer(qname, qtype, "transport", "no servers");
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
      const query = buildQuery(name, type, edns, this.#dnssec);
      const label = serverLabel(server, transport);
      const result: ExchangeResult =
        transport === "udp"
          ? await udpExchange(server, query, this.#timeoutMs, signal)
          : await tcpExchange(server, query, this.#timeoutMs, signal);
      switch (result.kind) {
        case "aborted":
          return abortedAnswer(name, type, signal);
        case "error":
          // A connection that only carried unacceptable replies was hostile or broken: malformed.
          return result.ignored === undefined
            ? errorAnswer(name, type, "transport", `${label}: ${result.message}`)
            : errorAnswer(name, type, "malformed", `${label}: ${result.message}${result.ignored.describe()}`);
        case "timeout":
          return failedAnswer(
            name,
            type,
            "timeout",
            `${label}: no answer within ${this.#timeoutMs} ms${result.ignored.describe()}`,
          );
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
          return replyToAnswer(name, type, packet, label, this.#dnssec);
        }
      }
    }
    return errorAnswer(name, type, "transport", `${serverLabel(server, transport)}: gave up after repeated retries`);
  }
}
