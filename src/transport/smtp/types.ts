/**
 * Result types of the SMTP probe. Everything here is plain JSON data: strings, numbers, booleans,
 * arrays and objects (no Buffer, no Date, no class instance).
 */

/** A complete SMTP reply (RFC 5321 §4.2): one code and the text of each line, in order. */
export interface SmtpReply {
  /** The three-digit reply code (RFC 5321 §4.2.1: first digit 2–5). */
  code: number;
  /** The enhanced status code of the first line when present (RFC 3463, e.g. `5.7.1`). */
  enhanced: string | null;
  /** The text after the code and separator of each line (may be empty). At most {@link SmtpLimits.maxReplyLines}. */
  lines: string[];
}

/**
 * Why a step could not complete:
 * - `timeout`: the step's own time limit passed; `deadline`: the probe's overall deadline passed;
 *   `aborted`: the caller's AbortSignal fired;
 * - `dns`: the host name did not resolve (only when no connect address is given); `refused`: the
 *   TCP connection was refused; `unreachable`: no route to the host or network;
 * - `reset`: the connection was reset; `closed`: the server closed the connection;
 * - `tls`: the TLS handshake failed (the detail has OpenSSL's reason);
 * - `malformed`: the server's bytes are not an SMTP reply (RFC 5321 §4.2); `oversize`: a line or a
 *   reply exceeded the probe's bounds; `unexpected-reply`: a well-formed reply with a code this
 *   step does not allow;
 * - `rejected`: the server refused the step (a 4xx/5xx to a command, or a banner other than 220);
 * - `error`: any other socket error (the detail has its code).
 */
export type ProbeCause =
  | "timeout"
  | "deadline"
  | "aborted"
  | "dns"
  | "refused"
  | "unreachable"
  | "reset"
  | "closed"
  | "tls"
  | "malformed"
  | "oversize"
  | "unexpected-reply"
  | "rejected"
  | "error";

/** The steps of a probe, in the order they run. */
export const PROBE_STEPS = [
  "connect",
  "banner",
  "ehlo",
  "starttls",
  "tls",
  "ehloAfterTls",
  "authBeforeTls",
  "relay",
  "quit",
] as const;

/** A step of a probe. */
export type ProbeStepName = (typeof PROBE_STEPS)[number];

/** Why a step was not run although nothing failed. */
export type SkipReason =
  /** STARTTLS was not offered, so there is no TLS handshake or second EHLO. */
  | "starttls-not-offered"
  /** The port speaks TLS from the first byte (465, RFC 8314 §3.3): no STARTTLS, nothing is sent in clear. */
  | "implicit-tls"
  /** The caller turned the step off (`relayTest: false`). */
  | "disabled";

/** A step that completed: its value and how long it took. */
export interface StepOk<T> {
  status: "ok";
  ms: number;
  value: T;
}

/**
 * A step that could not complete, or was never reached because an earlier step failed: never read
 * this as "absent". `step` names the step where the failure happened (this one or an earlier one).
 */
export interface StepUnknown {
  status: "unknown";
  cause: ProbeCause;
  step: ProbeStepName;
  detail: string;
  /** The reply that stopped the step, when a reply did (`rejected`, `unexpected-reply`). */
  reply?: SmtpReply;
  /** Time spent in this step, when the failure happened in it. */
  ms?: number;
}

/** A step that did not apply. */
export interface StepSkipped {
  status: "skipped";
  reason: SkipReason;
}

/** The outcome of one step. */
export type Step<T> = StepOk<T> | StepUnknown | StepSkipped;

/** Where the probe connected. */
export interface ConnectInfo {
  /** The remote address actually connected to. */
  address: string;
  port: number;
  family: "IPv4" | "IPv6" | "unknown";
}

/** The greeting (RFC 5321 §3.1, §4.3.1: 220 to accept, 554 to refuse). */
export interface BannerInfo {
  reply: SmtpReply;
  /** The code is 220: the server will talk to us. */
  accepted: boolean;
  /** The first word of the first line (the server's name by RFC 5321 §4.1.1.1), or null. */
  domain: string | null;
}

/** One EHLO extension line: the keyword upper-cased and its parameters (RFC 5321 §4.1.1.1). */
export interface EhloExtension {
  keyword: string;
  params: string[];
}

/** The answer to EHLO (or HELO when EHLO was refused, RFC 5321 §3.2). */
export interface EhloInfo {
  reply: SmtpReply;
  /** EHLO was refused and HELO accepted: the server offers no extensions at all. */
  helo: boolean;
  /** The server's name from the first line, or null. */
  domain: string | null;
  /** Every extension line after the first, at most {@link SmtpLimits.maxReplyLines}. */
  extensions: EhloExtension[];
  /** `STARTTLS` is among the extensions (RFC 3207 §4). */
  starttls: boolean;
  /** The SASL mechanisms of `AUTH` (RFC 4954 §3), upper-cased, deduplicated; `AUTH=` (pre-RFC form) counts too. */
  auth: string[];
  /** `SIZE` limit in octets (RFC 1870), null when absent or unlimited/unparsable. */
  size: number | null;
}

/** Whether STARTTLS is offered on a port that starts in clear (RFC 3207). */
export interface StarttlsInfo {
  offered: boolean;
}

/** A certificate as the server presented it, with the fields read by node:crypto's X509Certificate. */
export interface CertificateInfo {
  /** DER, base64 (for DANE TLSA matching, RFC 6698 §2.1). */
  der: string;
  /** PEM of the same certificate. */
  pem: string;
  /** Subject, one `KEY=value` per line joined with `, ` (node's format). */
  subject: string;
  /** The subject's common name (the last CN), or null. */
  commonName: string | null;
  /** The DNS names of the subjectAltName extension (RFC 5280 §4.2.1.6), lower-cased. */
  dnsNames: string[];
  /** The IP addresses of the subjectAltName extension. */
  ipAddresses: string[];
  issuer: string;
  /** ISO 8601 instants. */
  validFrom: string;
  validTo: string;
  serialNumber: string;
  /** SHA-256 of the DER, colon-separated hex (node's format). */
  fingerprint256: string;
  /** Subject and issuer are the same and the certificate verifies with its own key. */
  selfSigned: boolean;
  /** basicConstraints CA flag. */
  ca: boolean;
  /** The public key: `rsa`, `ec`, `ed25519`... and its size in bits when known. */
  keyType: string;
  keyBits: number | null;
}

/** The TLS session and how the certificate verified. */
export interface TlsInfo {
  /** Negotiated protocol as node reports it: `TLSv1.3`, `TLSv1.2`, `TLSv1.1`, `TLSv1`, `SSLv3`. */
  protocol: string;
  /** Negotiated cipher: OpenSSL name, IANA name and the protocol version that introduced it. */
  cipher: { name: string; standardName: string; version: string };
  /** The name sent as SNI (RFC 6066 §3) and checked against the certificate; null for an IP literal host. */
  serverName: string | null;
  /**
   * Certificates leaf first, as node reports them: those the server sent, completed with issuers
   * found in the CA set when the server left them out. At most {@link SmtpLimits.maxChain}.
   */
  chain: CertificateInfo[];
  /** The chain verifies to a trusted root of the CA set (node:tls's own verification). */
  chainTrusted: boolean;
  /** OpenSSL's verification error code when not trusted (e.g. `CERT_HAS_EXPIRED`, `DEPTH_ZERO_SELF_SIGNED_CERT`). */
  chainError: string | null;
  /** The leaf is valid for `serverName` (RFC 6125 via `tls.checkServerIdentity`). */
  nameMatches: boolean;
  /** Why the name check failed (node's message), or null. */
  nameError: string | null;
  /** The leaf's notAfter is in the past / notBefore in the future. */
  expired: boolean;
  notYetValid: boolean;
  /** Whole days until the leaf expires (negative once expired), rounded down; null without a leaf certificate. */
  daysToExpiry: number | null;
  /** Trusted, valid for the name and in its validity period: what a verifying sender (MTA-STS, RFC 8461 §4.2) requires. */
  valid: boolean;
  /** Bytes the server sent after its STARTTLS reply and before the handshake; discarded (RFC 3207 §5, CVE-2011-0411). */
  discardedBytes: number;
}

/** The server's answer to a stranger's relay attempt (RFC 5321 §3.6.2, §7.1). */
export interface RelayInfo {
  /** The outside addresses used (neither belongs to the probed organisation). */
  mailFrom: string;
  rcptTo: string;
  /** Reply to `MAIL FROM`. */
  mail: SmtpReply;
  /** Reply to `RCPT TO`, or null when `MAIL FROM` was already refused. */
  rcpt: SmtpReply | null;
  /**
   * `accepted`: 2xx to RCPT, the host may relay for strangers (it may also accept and discard);
   * `refused`: 5xx to MAIL or RCPT; `deferred`: 4xx (not accepted now; greylisting may hide a relay).
   */
  verdict: "accepted" | "refused" | "deferred";
  /** The test ran inside TLS. */
  overTls: boolean;
  /** 1 when it ran in the probe's first connection, 2 when a fresh connection was needed (the TLS handshake had failed). */
  connection: 1 | 2;
}

/** The reply to QUIT (RFC 5321 §4.1.1.10). */
export interface QuitInfo {
  reply: SmtpReply;
}

/** How the probe starts TLS: STARTTLS after EHLO (25, 587), or TLS from the first byte (465, RFC 8314). */
export type TlsMode = "starttls" | "implicit";

/** The outcome of probing one (host, port). */
export interface SmtpProbeReport {
  ok: true;
  /** The host name probed, lower-cased without a trailing dot, in A-label form. */
  host: string;
  port: number;
  tlsMode: TlsMode;
  /** The connect address given by the caller, or null when the host name was resolved by the system. */
  address: string | null;
  /** ISO 8601 instant the probe started; total duration in ms. */
  startedAt: string;
  ms: number;
  connect: Step<ConnectInfo>;
  banner: Step<BannerInfo>;
  /** EHLO in clear (STARTTLS mode) or inside TLS (implicit mode). */
  ehlo: Step<EhloInfo>;
  starttls: Step<StarttlsInfo>;
  tls: Step<TlsInfo>;
  /** EHLO again inside TLS (RFC 3207 §4.2). */
  ehloAfterTls: Step<EhloInfo>;
  /** AUTH offered before STARTTLS: credentials could be sent in clear (RFC 4954 §4, RFC 3207 §6). */
  authBeforeTls: Step<{ offered: boolean; mechanisms: string[] }>;
  relay: Step<RelayInfo>;
  quit: Step<QuitInfo>;
  /** Commands sent (`C: `), replies received (`S: `) and events (`*: `), bounded. */
  transcript: string[];
}

/** Bad input: nothing was sent. */
export interface SmtpProbeInputError {
  ok: false;
  host: string;
  port: number;
  error: string;
}

/** What {@link probeSmtp} returns: a report, or why the input was refused. */
export type SmtpProbeResult = SmtpProbeReport | SmtpProbeInputError;

/** Bounds that keep a hostile server from making the probe buffer without end. */
export interface SmtpLimits {
  /** Longest reply line, bytes (RFC 5321 §4.5.3.1.5 allows 512 with CRLF; servers exceed it, so more is allowed). */
  maxLineBytes: number;
  /** Most lines in one reply. */
  maxReplyLines: number;
  /** Most bytes buffered from the server at any time, and most characters of text in one reply. */
  maxBufferedBytes: number;
  /** Most certificates kept from a chain. */
  maxChain: number;
  /** Most transcript entries, and longest entry. */
  maxTranscript: number;
  maxTranscriptEntry: number;
}
