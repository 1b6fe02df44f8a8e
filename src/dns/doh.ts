import { abortReason, failedAnswer } from "./answer.ts";
import { nameProblem, normalizeName } from "./names.ts";
import type { DnsAnswer, ResolveOptions, Resolver, RRType } from "./types.ts";
import { buildQuery, checkReply, replyToAnswer } from "./wire/message.ts";

/** The media type of RFC 8484 §6. */
const DNS_MESSAGE = "application/dns-message";
/** A DNS message is at most 65535 octets (RFC 8484 §6 refers to RFC 1035 §4.2.2). */
const MAX_MESSAGE = 0xffff;

/** A `fetch`-compatible function (the global one, undici's, or a test's). */
export type FetchLike = (
  input: string,
  init: { method: string; headers: Record<string, string>; body?: Uint8Array; signal: AbortSignal },
) => Promise<{
  ok: boolean;
  status: number;
  headers: { get(name: string): string | null };
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
  /** Extra trusted CA certificate(s) in PEM, e.g. a test's self-signed one. Uses undici with its own agent. */
  ca?: string | string[];
  /** A custom fetch (takes precedence over `ca`). */
  fetch?: FetchLike;
}

function base64url(bytes: Buffer): string {
  return bytes.toString("base64").replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/**
 * DNS over HTTPS (RFC 8484) through `fetch`: `application/dns-message` with GET or POST. The query
 * ID is 0 as RFC 8484 §4.1 recommends; the reply's question must still match ours.
 */
export class DohResolver implements Resolver {
  readonly url: string;
  readonly #method: "GET" | "POST";
  readonly #timeoutMs: number;
  readonly #ca: string[] | undefined;
  #fetch: FetchLike | undefined;

  constructor(options: DohResolverOptions) {
    const parsed = new URL(options.url);
    if (parsed.protocol !== "https:" && parsed.protocol !== "http:")
      throw new TypeError(`DohResolver: not an http(s) URL: ${options.url}`);
    this.url = options.url;
    this.#method = options.method ?? "GET";
    this.#timeoutMs = options.timeoutMs ?? 5000;
    this.#ca = options.ca === undefined ? undefined : Array.isArray(options.ca) ? options.ca : [options.ca];
    this.#fetch = options.fetch;
  }

  async #fetcher(): Promise<FetchLike> {
    if (this.#fetch !== undefined) return this.#fetch;
    if (this.#ca !== undefined) {
      const undici = await import("undici");
      const dispatcher = new undici.Agent({ connect: { ca: this.#ca } });
      this.#fetch = (input, init) => undici.fetch(input, { ...init, dispatcher }) as ReturnType<FetchLike>;
    } else {
      this.#fetch = (input, init) => fetch(input, init as RequestInit) as ReturnType<FetchLike>;
    }
    return this.#fetch;
  }

  async resolve<T extends RRType>(name: string, type: T, options?: ResolveOptions): Promise<DnsAnswer<T>> {
    const qname = normalizeName(name);
    const qtype = type.toUpperCase() as T;
    const problem = nameProblem(qname);
    if (problem !== undefined)
      return failedAnswer(qname, qtype, "error", `invalid name ${JSON.stringify(qname)}: ${problem}`);
    const query = buildQuery(qname, qtype);
    query.bytes.writeUInt16BE(0, 0);
    query.id = 0;
    const timeout = AbortSignal.timeout(this.#timeoutMs);
    const signal = options?.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
    const label = `doh ${this.url}`;
    try {
      const doFetch = await this.#fetcher();
      const response =
        this.#method === "GET"
          ? await doFetch(`${this.url}${this.url.includes("?") ? "&" : "?"}dns=${base64url(query.bytes)}`, {
              method: "GET",
              headers: { accept: DNS_MESSAGE },
              signal,
            })
          : await doFetch(this.url, {
              method: "POST",
              headers: { accept: DNS_MESSAGE, "content-type": DNS_MESSAGE },
              body: query.bytes,
              signal,
            });
      if (!response.ok) return failedAnswer(qname, qtype, "error", `${label}: HTTP ${response.status}`);
      const contentType = (response.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase();
      if (contentType !== DNS_MESSAGE)
        return failedAnswer(
          qname,
          qtype,
          "error",
          `${label}: content-type ${JSON.stringify(contentType)}, expected ${DNS_MESSAGE}`,
        );
      const body = Buffer.from(await response.arrayBuffer());
      if (body.length > MAX_MESSAGE)
        return failedAnswer(qname, qtype, "error", `${label}: reply larger than a DNS message`);
      const check = checkReply(query, body);
      if (!check.ok) return failedAnswer(qname, qtype, "error", `${label}: ${check.reason}`);
      return replyToAnswer(qname, qtype, check.packet, label);
    } catch (error) {
      if (options?.signal?.aborted) return failedAnswer(qname, qtype, "error", abortReason(options.signal));
      if (timeout.aborted)
        return failedAnswer(qname, qtype, "timeout", `${label}: no answer within ${this.#timeoutMs} ms`);
      const cause = (error as { cause?: { message?: string } }).cause?.message;
      return failedAnswer(qname, qtype, "error", `${label}: ${(error as Error).message}${cause ? ` (${cause})` : ""}`);
    }
  }
}
