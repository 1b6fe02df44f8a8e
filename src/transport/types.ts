/**
 * Shared result types of the transport-security checks (MTA-STS RFC 8461, TLS-RPT RFC 8460,
 * DANE for SMTP RFC 7672, BIMI). Every result is plain JSON-serialisable data.
 */
import type { DnsStatus } from "../dns/types.ts";

/** A standard and section a diagnostic comes from. `rfc` 0 with `doc` names a draft or vendor document. */
export interface TransportRef {
  /** RFC number, or 0 for a document that is not an RFC (see `doc`). */
  rfc: number;
  section: string;
  /** The document when it is not an RFC (`draft-brand-indicators-for-message-identification`). */
  doc?: string;
}

/** How bad a diagnostic is. `error`: senders ignore or reject; `warning`: works but fragile; `info`: worth knowing. */
export type TransportSeverity = "error" | "warning" | "info";

/**
 * One finding of a parser or check. `code` is stable (tests and rules match on it); `start`/`end`
 * are 0-based offsets (UTF-16 code units, end exclusive) into the text the parser was given, and
 * `line` is 1-based for multi-line texts (MTA-STS policies, SVG).
 */
export interface TransportDiagnostic {
  code: string;
  severity: TransportSeverity;
  message: string;
  refs: TransportRef[];
  start?: number;
  end?: number;
  line?: number;
  /** The field, tag or element concerned (`max_age`, `rua`, `script`). */
  field?: string;
  /** The DNS name or host concerned (`_25._tcp.mx1.example.com`). */
  name?: string;
}

/** The evidence of one DNS question: what was asked and what came back. */
export interface DnsEvidence {
  name: string;
  type: string;
  status: DnsStatus;
  ttl: number;
  cnameChain: string[];
  detail?: string;
  /**
   * Whether the answer was DNSSEC-validated (the AD bit from a validating resolver). Absent when the
   * resolver does not say (which is "not known", never "unsigned").
   */
  authenticated?: boolean;
  /** The records as presentation text (TXT joined without separator, RFC 7208 §3.3). */
  records: string[];
}

/**
 * The outcome of looking up a published record:
 * - `absent`: a definite answer that there is none (NXDOMAIN, NODATA, or only unrelated TXT records);
 * - `unknown`: the lookup failed (timeout, SERVFAIL, REFUSED, error): we could not tell;
 * - `multiple`: several records of the kind, which makes them all void;
 * - `invalid`: exactly one record, with errors that make receivers ignore it;
 * - `valid`: exactly one usable record (it may still carry warnings).
 */
export type RecordOutcome = "absent" | "unknown" | "multiple" | "invalid" | "valid";
