/**
 * Evidence of transport findings and unknowns, in the one shape reports render: DNS answers as
 * `DnsEvidence`, HTTPS fetches as `ObservedEvidence` of kind `https` (URL, status, content type,
 * the policy lines), SMTP probes as kind `smtp` (the reply lines that prove the point). Bounded:
 * at most 40 lines of a body, 200 characters a line.
 */
import { type DnsEvidence, evidenceFrom } from "../dns/evidence.ts";
import type { FetchResult } from "../transport/fetch-resource.ts";
import { formatReply } from "../transport/smtp/reply.ts";
import type { SmtpReply } from "../transport/smtp/types.ts";
import type { DnsEvidence as TransportDnsEvidence } from "../transport/types.ts";
import type { ObservedEvidence } from "./evidence.ts";

const MAX_LINES = 40;
const MAX_LINE = 200;

const cut = (line: string) => (line.length > MAX_LINE ? `${line.slice(0, MAX_LINE)}…` : line);

/** A transport check's DNS evidence as report evidence (`note` says why it matters; the AD bit is spelled out). */
export function dnsEvidence(e: TransportDnsEvidence, note?: string): DnsEvidence {
  const definite = e.status === "ok" || e.status === "nxdomain" || e.status === "nodata";
  const ad =
    e.authenticated === undefined
      ? undefined
      : e.authenticated
        ? "DNSSEC-validated (AD bit set)"
        : "not DNSSEC-validated (AD bit clear)";
  const words = [note, ad].filter((x): x is string => x !== undefined);
  return evidenceFrom(
    {
      name: e.name,
      type: e.type,
      status: e.status,
      records: e.records,
      cnameChain: e.cnameChain,
      ...(definite ? { ttl: e.ttl } : {}),
      ...(e.detail !== undefined && !definite ? { detail: e.detail } : {}),
    },
    words.length > 0 ? words.join("; ") : undefined,
  );
}

/** The lines of a text body (a policy), at most 40, each cut at 200 characters. */
export function bodyLines(body: string | undefined): string[] {
  if (body === undefined || body === "") return [];
  const lines = body.split(/\r?\n/);
  if (lines[lines.length - 1] === "") lines.pop();
  const out = lines.slice(0, MAX_LINES).map(cut);
  if (lines.length > MAX_LINES) out.push(`… ${lines.length - MAX_LINES} more lines`);
  return out;
}

/** An HTTPS fetch as evidence: status, headers, failure, certificate, and (with `body`) the body's lines. */
export function httpsEvidence(fetch: FetchResult, options: { note?: string; body?: boolean } = {}): ObservedEvidence {
  const lines: string[] = [];
  if (fetch.address !== undefined) lines.push(`address ${fetch.address} port ${fetch.port}`);
  if (fetch.httpStatus !== undefined) lines.push(`HTTP status ${fetch.httpStatus}`);
  if (fetch.contentType !== undefined) lines.push(`Content-Type: ${cut(fetch.contentType)}`);
  else if (fetch.httpStatus === 200) lines.push("Content-Type: (none)");
  if (fetch.location !== undefined) lines.push(`Location: ${cut(fetch.location)}`);
  if (fetch.bytes !== undefined && fetch.outcome !== "ok") lines.push(`${fetch.bytes} bytes read`);
  if (fetch.outcome !== "ok")
    lines.push(
      cut(
        `${fetch.failure ?? "failed"}${fetch.errorCode !== undefined ? ` (${fetch.errorCode})` : ""}: ${fetch.detail}`,
      ),
    );
  const c = fetch.certificate;
  if (c !== undefined) {
    if (c.subject !== undefined) lines.push(cut(`certificate subject: ${c.subject}`));
    if (c.subjectAltName !== undefined) lines.push(cut(`certificate names: ${c.subjectAltName}`));
    if (c.issuer !== undefined) lines.push(cut(`certificate issuer: ${c.issuer}`));
    if (c.validTo !== undefined) lines.push(`certificate valid until: ${c.validTo}`);
  }
  if (options.body === true) {
    const body = bodyLines(fetch.body);
    if (body.length > 0) lines.push("--- body ---", ...body);
  }
  return { kind: "https", source: fetch.url, lines, ...(options.note !== undefined ? { note: options.note } : {}) };
}

/** Where a probe connected, as an evidence source: `smtp://host:port (address)`. */
export function smtpSource(host: string, port: number, address: string | null): string {
  return `smtp://${host.includes(":") ? `[${host}]` : host}:${port}${address !== null && address !== host ? ` (${address})` : ""}`;
}

/** A reply as transcript lines (`S: 250-...`), at most 40. */
export function replyLines(reply: SmtpReply): string[] {
  return formatReply(reply)
    .split("\n")
    .slice(0, MAX_LINES)
    .map((l) => cut(`S: ${l}`));
}

/** SMTP evidence. */
export function smtpEvidence(
  target: { host: string; port: number; address: string | null },
  lines: readonly string[],
  note?: string,
): ObservedEvidence {
  return {
    kind: "smtp",
    source: smtpSource(target.host, target.port, target.address),
    lines: lines.slice(0, MAX_LINES).map(cut),
    ...(note !== undefined ? { note } : {}),
  };
}
