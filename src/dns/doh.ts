import { isIP } from "node:net";
import { abortedAnswer, errorAnswer, failedAnswer, invalidNameAnswer } from "./answer.ts";
import { checkResponseHead, DNS_MESSAGE, type DohBody, nodeDohExchange, readCapped } from "./doh-http.ts";
import { normalizeName } from "./names.ts";
import type { DnsAnswer, ResolveOptions, Resolver, RRType } from "./types.ts";
import { buildQuery, checkReply, replyToAnswer } from "./wire/message.ts";

/**
 * A `fetch`-compatible function (the global one, or a test's). The resolver passes
 * `redirect: "error"`; when the response has a `body` stream it is read with a size cap, otherwise
 * `arrayBuffer()` is used after the `content-length` check.
 */
export type FetchLike = (
  input: string,
  init: {
    method: string;
    headers: Record<string, string>;
    body?: Uint8Array;
    signal: AbortSignal;
    redirect?: "error";
  },
) => Promise<{
  ok: boolean;
  status: number;
  headers: { get(name: string): string | null };
  body?: AsyncIterable<Uint8Array> | null;
  arrayBuffer(): Promise<ArrayBuffer>;
}>;

/** Options of {@link DohResolver}. */
export interface DohResolverOptions {
  /** The DoH URI template without variables, e.g. `https://dns.example/dns-query` (RFC 8484 §3). */
  url: string;
  /** `GET` (the default: cache-friendly, `?dns=` base64url, RFC 8484 §4.1) or `POST`. */
  method?: "GET" | "POST";
  /** Milliseconds per question. Default 5000. */
  timeoutMs?: number;
  /** Extra trusted CA certificate(s) in PEM, e.g. a test's self-signed one (Node's `https` `ca`, per request). */
  ca?: string | string[];
  /** A custom fetch (then `ca` is not used). */
  fetch?: FetchLike;
  /**
   * Accept an `http://` URL whose host is a loopback address (127.0.0.0/8, ::1, `localhost`), e.g. a
   * local DoH proxy. Without it, only `https://` is accepted: RFC 8484 §5 requires HTTPS, and plain
   * HTTP lets anyone on the path change every answer. Default false.
   */
  allowHttpLoopback?: boolean;
  /** Ask for the AD bit (see `DnsResolverOptions.dnssec`); answers then carry `authenticated`. */
  dnssec?: boolean;
}

function base64url(bytes: Buffer): string {
  return bytes.toString("base64").replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  if (host === "localhost" || host.endsWith(".localhost")) return true;
  if (isIP(host) === 4) return host.startsWith("127.");
  return host === "::1";
}

/**
 * Checks a DoH URL: `https://`, or `http://` to a loopback host when `allowHttpLoopback` is set.
 * Returns the parsed URL or why it is refused.
 */
export function checkDohUrl(
  url: string,
  allowHttpLoopback = false,
): { ok: true; url: URL } | { ok: false; reason: string } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, reason: `not a URL: ${JSON.stringify(url)}` };
  }
  if (parsed.protocol === "https:") return { ok: true, url: parsed };
  if (parsed.protocol === "http:") {
    if (allowHttpLoopback && isLoopback(parsed.hostname)) return { ok: true, url: parsed };
    return {
      ok: false,
      reason: allowHttpLoopback
        ? `http:// is accepted only for a loopback host, not ${parsed.hostname}`
        : "http:// is refused (RFC 8484 §5: DoH uses HTTPS); allowHttpLoopback accepts it for a loopback host",
    };
  }
  return { ok: false, reason: `not an https URL: ${JSON.stringify(url)}` };
}

/**
 * DNS over HTTPS (RFC 8484): `application/dns-message` with GET or POST, through Node's own `https`
 * (per-request CA certificates, no redirects followed) or a given `fetch`. The query ID is 0 as
 * RFC 8484 §4.1 recommends; the reply's question must still match ours. Hardened against hostile
 * servers: a redirect, another media type, a `content-length` over 65,535 or a body that grows past
 * it are refused without reading further.
 */
export class DohResolver implements Resolver {
  readonly url: string;
  readonly #parsed: URL;
  readonly #method: "GET" | "POST";
  readonly #timeoutMs: number;
  readonly #ca: string[] | undefined;
  readonly #fetch: FetchLike | undefined;
  readonly #dnssec: boolean;

  /** Throws a TypeError for a URL that is not `https://` (see `allowHttpLoopback`). */
  constructor(options: DohResolverOptions) {
    const checked = checkDohUrl(options.url, options.allowHttpLoopback ?? false);
    if (!checked.ok) throw new TypeError(`DohResolver: ${checked.reason}`);
    this.url = options.url;
    this.#parsed = checked.url;
    this.#method = options.method ?? "GET";
    this.#timeoutMs = options.timeoutMs ?? 5000;
    this.#ca = options.ca === undefined ? undefined : Array.isArray(options.ca) ? options.ca : [options.ca];
    this.#fetch = options.fetch;
    this.#dnssec = options.dnssec ?? false;
  }

  async #exchange(query: Buffer, signal: AbortSignal): Promise<DohBody> {
    const headers: Record<string, string> = { accept: DNS_MESSAGE };
    const url =
      this.#method === "GET" ? `${this.url}${this.url.includes("?") ? "&" : "?"}dns=${base64url(query)}` : this.url;
    if (this.#method === "POST") headers["content-type"] = DNS_MESSAGE;
    const body = this.#method === "POST" ? query : undefined;
    if (this.#fetch === undefined) {
      const request = { url: new URL(url), method: this.#method, headers, signal };
      return nodeDohExchange({
        ...request,
        ...(body === undefined ? {} : { body }),
        ...(this.#ca === undefined ? {} : { ca: this.#ca }),
      });
    }
    const response = await this.#fetch(url, {
      method: this.#method,
      headers,
      signal,
      redirect: "error",
      ...(body === undefined ? {} : { body }),
    });
    const refused = checkResponseHead(
      response.status,
      response.headers.get("content-type"),
      response.headers.get("content-length"),
    );
    if (refused !== undefined) return refused;
    if (response.body !== undefined && response.body !== null) return readCapped(response.body, () => {});
    return readCapped([new Uint8Array(await response.arrayBuffer())], () => {});
  }

  async resolve<T extends RRType>(name: string, type: T, options?: ResolveOptions): Promise<DnsAnswer<T>> {
    const qname = normalizeName(name);
    const qtype = type.toUpperCase() as T;
    if (options?.signal?.aborted) return abortedAnswer(qname, qtype, options.signal);
    const invalid = invalidNameAnswer(qname, qtype);
    if (invalid !== undefined) return invalid;
    const answer = await this.#resolve(qname, qtype, options);
    if (this.#dnssec && answer.authenticated === undefined) answer.authenticated = false;
    return answer;
  }

  async #resolve<T extends RRType>(qname: string, qtype: T, options?: ResolveOptions): Promise<DnsAnswer<T>> {
    const query = buildQuery(qname, qtype, true, this.#dnssec);
    query.bytes.writeUInt16BE(0, 0);
    query.id = 0;
    const timeout = AbortSignal.timeout(this.#timeoutMs);
    const signal = options?.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
    const label = `doh ${this.#parsed.origin}${this.#parsed.pathname}`;
    try {
      const reply = await this.#exchange(query.bytes, signal);
      if (!reply.ok) return errorAnswer(qname, qtype, reply.cause, `${label}: ${reply.detail}`);
      const check = checkReply(query, reply.body);
      if (!check.ok) return errorAnswer(qname, qtype, "malformed", `${label}: ${check.reason}`);
      return replyToAnswer(qname, qtype, check.packet, label, this.#dnssec);
    } catch (error) {
      if (options?.signal?.aborted) return abortedAnswer(qname, qtype, options.signal);
      if (timeout.aborted)
        return failedAnswer(qname, qtype, "timeout", `${label}: no answer within ${this.#timeoutMs} ms`);
      const message = error instanceof Error ? error.message : String(error);
      const cause = (error as { cause?: { message?: string } }).cause?.message;
      return errorAnswer(qname, qtype, "transport", `${label}: ${message}${cause ? ` (${cause})` : ""}`);
    }
  }
}
