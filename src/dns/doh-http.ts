import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import type { DnsErrorCause } from "./types.ts";

/** A DNS message is at most 65,535 octets (RFC 8484 §6 refers to RFC 1035 §4.2.2). */
export const MAX_DOH_BODY = 0xffff;

/** The media type of RFC 8484 §6. */
export const DNS_MESSAGE = "application/dns-message";

/** One HTTP exchange's outcome: the DNS message, or why there is none (with its typed cause). */
export type DohBody = { ok: true; body: Buffer } | { ok: false; cause: DnsErrorCause; detail: string };

/** A request as the DoH resolver makes it. */
export interface DohRequest {
  url: URL;
  method: "GET" | "POST";
  headers: Record<string, string>;
  body?: Buffer;
  ca?: string[];
  signal: AbortSignal;
}

/** The checks every response goes through before its body is read: status, no redirect, media type, size. */
export function checkResponseHead(
  status: number,
  contentType: string | null,
  contentLength: string | null,
): DohBody | undefined {
  // A redirect is refused: the resolver was given one endpoint and trusts that one (issue: a DoH
  // server must not send us elsewhere, possibly to http:// or another host).
  if (status >= 300 && status < 400)
    return { ok: false, cause: "transport", detail: `HTTP ${status}: redirect refused` };
  if (status !== 200) return { ok: false, cause: "transport", detail: `HTTP ${status}` };
  const type = (contentType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  if (type !== DNS_MESSAGE)
    return {
      ok: false,
      cause: "malformed",
      detail: `content-type ${JSON.stringify(type.slice(0, 100))}, expected ${DNS_MESSAGE} (RFC 8484 §6)`,
    };
  if (contentLength !== null) {
    const length = Number(contentLength.trim());
    if (!Number.isSafeInteger(length) || length < 0)
      return {
        ok: false,
        cause: "malformed",
        detail: `bad content-length ${JSON.stringify(contentLength.slice(0, 40))}`,
      };
    if (length > MAX_DOH_BODY)
      return {
        ok: false,
        cause: "malformed",
        detail: `content-length ${length} is larger than a DNS message (65,535 octets)`,
      };
  }
  return undefined;
}

/**
 * Reads a body of at most {@link MAX_DOH_BODY} octets from chunks, stopping (and calling `stop`)
 * as soon as it is larger: the memory a hostile server can make us hold is bounded.
 */
export async function readCapped(
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  stop: () => void,
): Promise<DohBody> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of chunks) {
    size += chunk.length;
    if (size > MAX_DOH_BODY) {
      stop();
      return { ok: false, cause: "malformed", detail: "reply larger than a DNS message (65,535 octets)" };
    }
    parts.push(Buffer.from(chunk));
  }
  return { ok: true, body: Buffer.concat(parts) };
}

/**
 * One DoH exchange with Node's own `https` (or `http` for an allowed loopback URL): the CA
 * certificates are per request (`ca`), redirects are never followed (Node's client does not follow
 * them; they are refused), and the body is read as a stream with a cap. Rejects only for network
 * errors and aborts, which the caller maps to answers.
 */
export function nodeDohExchange(req: DohRequest): Promise<DohBody> {
  return new Promise((resolve, reject) => {
    const send = req.url.protocol === "http:" ? httpRequest : httpsRequest;
    const headers = { ...req.headers };
    if (req.body !== undefined) headers["content-length"] = String(req.body.length);
    const client = send(
      req.url,
      { method: req.method, headers, signal: req.signal, ...(req.ca === undefined ? {} : { ca: req.ca }) },
      (response: IncomingMessage) => {
        const refused = checkResponseHead(
          response.statusCode ?? 0,
          headerText(response.headers["content-type"]),
          headerText(response.headers["content-length"]),
        );
        if (refused !== undefined) {
          response.destroy();
          resolve(refused);
          return;
        }
        readCapped(response, () => response.destroy()).then(resolve, reject);
      },
    );
    client.on("error", reject);
    client.end(req.body);
  });
}

function headerText(value: string | string[] | undefined): string | null {
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(", ") : value;
}
