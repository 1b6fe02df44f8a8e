/** SMTP TLS report types (RFC 8460 §4). Plain JSON data; absent optional values are `null`. */
import type { RefusalError, ReportProblem } from "./types.ts";

/** RFC 8460 §4.3 result types (plus `sts-policy-fetch-error`, seen from Mail.ru); others kept as written. */
export type TlsResultType =
  | "starttls-not-supported"
  | "certificate-host-mismatch"
  | "certificate-expired"
  | "certificate-not-trusted"
  | "validation-failure"
  | "tlsa-invalid"
  | "dnssec-invalid"
  | "dane-required"
  | "sts-policy-fetch-error"
  | "sts-policy-invalid"
  | "sts-webpki-invalid"
  | (string & Record<never, never>);

/** One `failure-details` entry (RFC 8460 §4.4). */
export interface TlsFailureDetail {
  resultType: TlsResultType;
  sendingMtaIp: string | null;
  receivingMxHostname: string | null;
  receivingMxHelo: string | null;
  receivingIp: string | null;
  failedSessionCount: number;
  additionalInformation: string | null;
  failureReasonCode: string | null;
}

/** One entry of `policies`: the policy applied, its session counts and failure details. */
export interface TlsPolicyResult {
  /** `policy-type`: "sts", "tlsa", "no-policy-found" (others kept as written). */
  policyType: string;
  /** `policy-string` lines (a JSON array given as a string is decoded, as Microsoft sends it). */
  policyString: string[];
  /** `policy-domain`; null when the reporter omitted it (sys4/tlsrpt-reporter issue 51). */
  policyDomain: string | null;
  mxHost: string[];
  successfulSessions: number;
  failedSessions: number;
  /** Failed sessions summed per `result-type` (from the failure details). */
  sessionsByResultType: Record<string, number>;
  failures: TlsFailureDetail[];
}

/** A parsed TLS report (RFC 8460 §4.4). */
export interface TlsReport {
  organizationName: string;
  contactInfo: string | null;
  reportId: string;
  /** `date-range/start-datetime`, ISO 8601 UTC. */
  begin: string;
  /** `date-range/end-datetime`, ISO 8601 UTC. */
  end: string;
  policies: TlsPolicyResult[];
}

/** The result of `parseTlsReport`: never a throw. */
export type TlsParseResult =
  | { ok: true; report: TlsReport; problems: ReportProblem[] }
  | { ok: false; error: RefusalError };
