/**
 * Fetching a published HTTPS resource (an MTA-STS policy, a BIMI logo) the way a sender would, with
 * every DNS question through the caller's Resolver: the host's A and AAAA records first (so that
 * "the host does not exist" and "DNS failed" are told apart, and tests need no real DNS), then one
 * GET per address until one connects.
 */
import type { Resolver } from "../dns/types.ts";
import { ask, isUnknown } from "./dns-evidence.ts";
import {
  type CertificateSummary,
  type HttpsFetch,
  type HttpsRequest,
  type HttpsResponse,
  httpsGet,
} from "./https-fetch.ts";
import type { DnsEvidence } from "./types.ts";

/** Options shared by the checks that fetch over HTTPS. */
export interface FetchOptions {
  /** Trusted CA certificates (PEM) in place of Node's bundle (tests). */
  ca?: string | string[];
  /** The GET itself; default {@link httpsGet}. */
  fetch?: HttpsFetch;
  /** Port to connect to; default 443 (tests use a server on a loopback port). */
  port?: number;
  /** Deadline for the whole fetch in milliseconds; default 20 000. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** Default fetch deadline. RFC 8461 §3.3 suggests senders wait up to a minute; most answer in well under a second. */
export const DEFAULT_FETCH_TIMEOUT_MS = 20_000;
/** Addresses tried per host. */
const MAX_ADDRESSES = 2;

/**
 * Why a fetch gave no usable resource:
 * - `host-not-found`: the host has no A or AAAA record (NXDOMAIN or NODATA for both);
 * - `connect`: no address accepted a TCP connection;
 * - `timeout`: no complete answer before the deadline;
 * - `certificate`: the certificate is not trusted or not valid for the host name;
 * - `tls`: the TLS handshake failed;
 * - `http`: the server broke the HTTP exchange;
 * - `redirect`: a 3xx status (never followed);
 * - `http-status`: any other status than 200;
 * - `too-large`: the body is larger than the cap;
 * - `content-type`: the wrong media type (set by the callers that require one);
 * - `aborted`: the caller aborted;
 * - `unavailable`: no GET was made (an offline run without a recording of the URL, or a
 *   documentation address that is never contacted).
 */
export type FetchFailure =
  | "host-not-found"
  | "connect"
  | "timeout"
  | "certificate"
  | "tls"
  | "http"
  | "redirect"
  | "http-status"
  | "too-large"
  | "content-type"
  | "aborted"
  | "unavailable";

/** The result of {@link fetchResource}: plain data, the evidence of a finding. */
export interface FetchResult {
  url: string;
  host: string;
  port: number;
  /**
   * `ok`: status 200 and a body within the cap; `failed`: see `failure`; `unknown`: the host's A/AAAA
   * lookups failed (timeout, SERVFAIL...), or the run is offline with no recording of the URL
   * (`failure: "unavailable"`), so we could not try.
   */
  outcome: "ok" | "failed" | "unknown";
  failure?: FetchFailure;
  /** What happened, in words. */
  detail: string;
  /** The A and AAAA questions for the host. */
  dns: DnsEvidence[];
  /** The address of the last attempt. */
  address?: string;
  httpStatus?: number;
  contentType?: string;
  location?: string;
  /** Bytes of body read. */
  bytes?: number;
  /** Node's error code for a connection, TLS or certificate failure. */
  errorCode?: string;
  certificate?: CertificateSummary;
  tlsProtocol?: string;
  /** The body (status 200 within the cap only). */
  body?: string;
}

/** Fetches `https://<host><path>` (RFC 8461 §3.3 rules: no redirects, status 200 only, a size cap). */
export async function fetchResource(
  resolver: Resolver,
  host: string,
  path: string,
  maxBytes: number,
  options: FetchOptions & { accept?: string } = {},
): Promise<FetchResult> {
  const port = options.port ?? 443;
  const url = `https://${host}${port === 443 ? "" : `:${port}`}${path}`;
  const base = { url, host, port };
  const opts = options.signal ? { signal: options.signal } : undefined;
  const [a, aaaa] = await Promise.all([ask(resolver, host, "A", opts), ask(resolver, host, "AAAA", opts)]);
  const dns = [a.evidence, aaaa.evidence];
  const addresses = [
    ...(a.answer.status === "ok" ? a.answer.records : []),
    ...(aaaa.answer.status === "ok" ? aaaa.answer.records : []),
  ];
  if (addresses.length === 0) {
    const unknown = [a.answer, aaaa.answer].filter((x) => isUnknown(x.status));
    if (unknown.length > 0) {
      return {
        ...base,
        outcome: "unknown",
        detail: `could not resolve ${host}: ${unknown.map((x) => `${x.type} ${x.status}${x.detail ? ` (${x.detail})` : ""}`).join("; ")}`,
        dns,
      };
    }
    return { ...base, outcome: "failed", failure: "host-not-found", detail: `${host} has no A or AAAA record`, dns };
  }
  const fetch = options.fetch ?? httpsGet;
  const timeoutMs = options.timeoutMs ?? DEFAULT_FETCH_TIMEOUT_MS;
  const deadline = Date.now() + timeoutMs;
  let response: HttpsResponse | undefined;
  let address = "";
  for (const candidate of addresses.slice(0, MAX_ADDRESSES)) {
    address = candidate;
    const request: HttpsRequest = {
      host,
      address,
      port,
      path,
      timeoutMs: Math.max(1, deadline - Date.now()),
      maxBytes,
    };
    if (options.ca !== undefined) request.ca = options.ca;
    if (options.accept !== undefined) request.accept = options.accept;
    if (options.signal !== undefined) request.signal = options.signal;
    try {
      response = await fetch(request);
    } catch (error) {
      response = {
        ok: false,
        kind: "connect",
        message: `fetch threw: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
    if (response.ok || response.kind !== "connect" || Date.now() >= deadline) break;
  }
  return classify({ ...base, dns, address }, response);
}

function classify(base: Omit<FetchResult, "outcome" | "detail">, response: HttpsResponse | undefined): FetchResult {
  if (response === undefined)
    return { ...base, outcome: "failed", failure: "connect", detail: "no address to connect to" };
  const r: FetchResult = { ...base, outcome: "failed", detail: "" };
  if (response.certificate) r.certificate = response.certificate;
  if (!response.ok) {
    r.failure = response.kind;
    if (response.kind === "unavailable") r.outcome = "unknown";
    r.detail = response.message;
    if (response.code !== undefined) r.errorCode = response.code;
    if (response.bytes !== undefined) r.bytes = response.bytes;
    if (response.status !== undefined) r.httpStatus = response.status;
    if (response.headers?.contentType !== undefined) r.contentType = response.headers.contentType;
    return r;
  }
  r.httpStatus = response.status;
  if (response.tlsProtocol !== undefined) r.tlsProtocol = response.tlsProtocol;
  if (response.headers.contentType !== undefined) r.contentType = response.headers.contentType;
  if (response.headers.location !== undefined) r.location = response.headers.location;
  if (response.status >= 300 && response.status < 400) {
    r.failure = "redirect";
    r.detail = `HTTP ${response.status} redirect${r.location ? ` to ${r.location}` : ""}; redirects must not be followed`;
    return r;
  }
  if (response.status !== 200) {
    r.failure = "http-status";
    r.detail = `HTTP status ${response.status}; only 200 is valid`;
    return r;
  }
  r.outcome = "ok";
  r.bytes = response.bytes;
  r.body = response.body ?? "";
  r.detail = `HTTP 200, ${response.bytes} bytes`;
  return r;
}

/** The media type of a Content-Type header, lower-cased, without parameters (`text/plain; charset=utf-8` → `text/plain`). */
export function mediaType(contentType: string | undefined): string | undefined {
  if (contentType === undefined) return undefined;
  return contentType.split(";")[0]?.trim().toLowerCase();
}
