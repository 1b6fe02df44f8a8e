/** The probe's options, their defaults and their validation (bad input is a typed error, never a throw). */

import { isIP } from "node:net";
import { domainToASCII } from "node:url";
import { isDocumentationAddress } from "../https-fetch.ts";
import type { SmtpLimits, TlsMode } from "./types.ts";

/** Time limits of each step, ms. */
export interface SmtpTimeouts {
  /** TCP connection. */
  connect: number;
  /** The 220 greeting. RFC 5321 §4.5.3.2.1 lets a client wait 5 minutes; a probe need not, but some servers pause on purpose (Postfix postscreen). */
  banner: number;
  /** Each command's reply (EHLO, STARTTLS, MAIL, RCPT). */
  command: number;
  /** The TLS handshake. */
  tls: number;
  /** The reply to QUIT (the probe closes the connection either way). */
  quit: number;
}

/** Options of {@link probeSmtp}. */
export interface SmtpProbeOptions {
  /** Port: 25 (MX), 587 (submission, RFC 6409) or 465 (submission over implicit TLS, RFC 8314). Default 25. */
  port?: number;
  /**
   * The IP address to connect to instead of resolving the host name (the certificate is still
   * checked for the host name). Audits pass the addresses they resolved; tests pass 127.0.0.1.
   */
  address?: string;
  /** Default: `implicit` on 465, `starttls` elsewhere. */
  tlsMode?: TlsMode;
  /** The name sent with EHLO. Default: the address literal of the local end (RFC 5321 §4.1.4), e.g. `[192.0.2.1]`. */
  ehloName?: string;
  /** Trusted roots for the certificate check (PEM). Default: node's bundled Mozilla roots. */
  ca?: string | Buffer | Array<string | Buffer>;
  /** Run the relay test (MAIL FROM and RCPT TO, never DATA). Default true. */
  relayTest?: boolean;
  /** The outside sender of the relay test. Default `relay-probe@example.net` (RFC 2606). */
  relayFrom?: string;
  /** The outside recipient of the relay test. Default `relay-probe@example.com` (RFC 2606). */
  relayTo?: string;
  /** Time limits per step, ms. */
  timeouts?: Partial<SmtpTimeouts>;
  /** The whole probe's deadline, ms. Default 60,000. */
  deadlineMs?: number;
  signal?: AbortSignal;
  /** Bounds on what the server may send. */
  limits?: Partial<SmtpLimits>;
  /** The current time (ms since the epoch) for certificate expiry. Default `Date.now()`. */
  now?: number;
}

/** Defaults of the time limits. */
export const DEFAULT_TIMEOUTS: SmtpTimeouts = {
  connect: 10_000,
  banner: 30_000,
  command: 20_000,
  tls: 15_000,
  quit: 3_000,
};
export const DEFAULT_DEADLINE_MS = 60_000;
export const DEFAULT_RELAY_FROM = "relay-probe@example.net";
export const DEFAULT_RELAY_TO = "relay-probe@example.com";

/** Defaults of the bounds. */
export const DEFAULT_SMTP_LIMITS: SmtpLimits = {
  maxLineBytes: 4096,
  maxReplyLines: 200,
  maxBufferedBytes: 65_536,
  maxChain: 10,
  maxTranscript: 200,
  maxTranscriptEntry: 512,
};

const MAX_TIMEOUT_MS = 600_000;
const MAX_DEADLINE_MS = 3_600_000;

/** The options after defaults and checks. */
export interface ProbeSettings {
  host: string;
  port: number;
  address: string | null;
  tlsMode: TlsMode;
  ehloName: string | null;
  ca: SmtpProbeOptions["ca"];
  relayTest: boolean;
  relayFrom: string;
  relayTo: string;
  timeouts: SmtpTimeouts;
  deadlineMs: number;
  signal: AbortSignal | undefined;
  limits: SmtpLimits;
  now: number;
}

const LABEL = /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/;

/** The host name in A-label form, lower-case, without a trailing dot; an IP literal as is; null when neither. */
export function normalizeHost(host: unknown): string | null {
  if (typeof host !== "string") return null;
  const trimmed = host.trim().replace(/\.$/, "");
  if (trimmed.length === 0 || trimmed.length > 253) return null;
  if (isIP(trimmed) !== 0) return trimmed.toLowerCase();
  const ascii = domainToASCII(trimmed);
  if (ascii.length === 0 || ascii.length > 253) return null;
  return ascii.split(".").every((label) => LABEL.test(label)) ? ascii : null;
}

function validEhloName(name: string): boolean {
  if (name.length === 0 || name.length > 255) return false;
  const literal = /^\[(.+)\]$/.exec(name);
  if (literal !== null) {
    const inner = literal[1] ?? "";
    return isIP(inner) === 4 || (inner.startsWith("IPv6:") && isIP(inner.slice(5)) === 6);
  }
  return isIP(name) === 0 && normalizeHost(name) === name.toLowerCase();
}

/** A mailbox `local@domain` safe on a command line: printable ASCII, no space or angle brackets (RFC 5321 §4.1.2). */
export function validMailbox(address: string): boolean {
  if (address.length > 254) return false;
  const at = address.lastIndexOf("@");
  if (at <= 0 || at > 64) return false;
  if (!/^[\x21-\x7e]+$/.test(address) || /[<>]/.test(address)) return false;
  const domain = address.slice(at + 1);
  return normalizeHost(domain) === domain.toLowerCase() && isIP(domain) === 0;
}

function positive(value: unknown, fallback: number, max: number): number | null {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) return null;
  return Math.min(Math.round(value), max);
}

function limits(given: Partial<SmtpLimits> | undefined): SmtpLimits | string {
  const result: SmtpLimits = { ...DEFAULT_SMTP_LIMITS };
  for (const key of Object.keys(DEFAULT_SMTP_LIMITS) as (keyof SmtpLimits)[]) {
    const value = positive(given?.[key], DEFAULT_SMTP_LIMITS[key], 16 * DEFAULT_SMTP_LIMITS[key]);
    if (value === null) return `limits.${key} must be a positive number`;
    result[key] = value;
  }
  return result;
}

/** Applies defaults and checks the options; a string says what is wrong. */
export function settingsFor(hostInput: unknown, options: SmtpProbeOptions): ProbeSettings | string {
  const host = normalizeHost(hostInput);
  if (host === null) return "the host must be a domain name or an IP address";
  const port = options.port ?? 25;
  if (!Number.isInteger(port) || port < 1 || port > 65_535) return "the port must be an integer from 1 to 65535";
  const address = options.address ?? null;
  if (address !== null && (typeof address !== "string" || isIP(address) === 0))
    return "the connect address must be an IP address";
  // Example data uses documentation ranges; nothing legitimate answers there (RFC 5737 §3, RFC 3849).
  const target = address ?? (isIP(host) !== 0 ? host : null);
  if (target !== null && isDocumentationAddress(target))
    return `${target} is a documentation address (RFC 5737, RFC 3849), never routed on the Internet: not contacted`;
  const tlsMode = options.tlsMode ?? (port === 465 ? "implicit" : "starttls");
  if (tlsMode !== "implicit" && tlsMode !== "starttls") return 'tlsMode must be "starttls" or "implicit"';
  const ehloName = options.ehloName ?? null;
  if (ehloName !== null && (typeof ehloName !== "string" || !validEhloName(ehloName)))
    return "the EHLO name must be a domain name or an address literal (RFC 5321 §4.1.3)";
  const relayFrom = options.relayFrom ?? DEFAULT_RELAY_FROM;
  const relayTo = options.relayTo ?? DEFAULT_RELAY_TO;
  if (typeof relayFrom !== "string" || !validMailbox(relayFrom)) return "relayFrom must be a mailbox local@domain";
  if (typeof relayTo !== "string" || !validMailbox(relayTo)) return "relayTo must be a mailbox local@domain";
  const timeouts = { ...DEFAULT_TIMEOUTS };
  for (const key of Object.keys(DEFAULT_TIMEOUTS) as (keyof SmtpTimeouts)[]) {
    const value = positive(options.timeouts?.[key], DEFAULT_TIMEOUTS[key], MAX_TIMEOUT_MS);
    if (value === null) return `timeouts.${key} must be a positive number of milliseconds`;
    timeouts[key] = value;
  }
  const deadlineMs = positive(options.deadlineMs, DEFAULT_DEADLINE_MS, MAX_DEADLINE_MS);
  if (deadlineMs === null) return "deadlineMs must be a positive number of milliseconds";
  const bounds = limits(options.limits);
  if (typeof bounds === "string") return bounds;
  const now = options.now ?? Date.now();
  if (typeof now !== "number" || !Number.isFinite(now)) return "now must be a number of milliseconds";
  return {
    host,
    port,
    address,
    tlsMode,
    ehloName,
    ca: options.ca,
    relayTest: options.relayTest !== false,
    relayFrom,
    relayTo,
    timeouts,
    deadlineMs,
    signal: options.signal,
    limits: bounds,
    now,
  };
}
