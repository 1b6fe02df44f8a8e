/**
 * DMARC aggregate report types (RFC 7489 Appendix C; RFC 9990, DMARCbis aggregate reporting).
 * Plain JSON data: dates are ISO 8601 strings (UTC), absent optional values are `null`.
 */

/** `policy_published/p`, `sp`, `np` (RFC 7489 §6.3; RFC 9989 §4.7). */
export type PolicyValue = "none" | "quarantine" | "reject";
/** `adkim`, `aspf`: relaxed or strict alignment (RFC 7489 §6.3). */
export type AlignmentMode = "r" | "s";
/** `policy_evaluated/disposition`; `pass` is RFC 9990 only. */
export type Disposition = "none" | "pass" | "quarantine" | "reject";
/** `policy_evaluated/dkim` and `spf`: the DMARC-aligned outcome. */
export type EvaluatedResult = "pass" | "fail";
/** `auth_results/dkim/result` (RFC 7489 Appendix C `DKIMResultType`). */
export type DkimAuthResult = "none" | "pass" | "fail" | "policy" | "neutral" | "temperror" | "permerror";
/** `auth_results/spf/result` (RFC 7489 `SPFResultType`; RFC 9990 adds `policy`). */
export type SpfAuthResult = "none" | "neutral" | "pass" | "fail" | "softfail" | "temperror" | "permerror" | "policy";
/** `auth_results/spf/scope`. */
export type SpfScope = "helo" | "mfrom";

/** One `policy_evaluated/reason` (override reason). `type` is lower-cased, kept as written. */
export interface PolicyOverrideReason {
  /** forwarded, sampled_out, trusted_forwarder, mailing_list, local_policy, other, policy_test_mode... */
  type: string | null;
  comment: string | null;
}

/** One `auth_results/dkim` entry. */
export interface DkimAuth {
  domain: string;
  selector: string | null;
  result: DkimAuthResult | null;
}

/** One `auth_results/spf` entry. */
export interface SpfAuth {
  domain: string;
  scope: SpfScope | null;
  result: SpfAuthResult | null;
}

/** One `record`: a source address and what the receiver saw for `count` messages from it. */
export interface AggregateRecord {
  /** `row/source_ip`, lower-cased (IPv6 as written, not re-compressed). */
  sourceIp: string;
  count: number;
  disposition: Disposition | null;
  /** DMARC-aligned DKIM outcome (`policy_evaluated/dkim`). */
  dkim: EvaluatedResult | null;
  /** DMARC-aligned SPF outcome (`policy_evaluated/spf`). */
  spf: EvaluatedResult | null;
  reasons: PolicyOverrideReason[];
  headerFrom: string | null;
  envelopeFrom: string | null;
  envelopeTo: string | null;
  authResults: { dkim: DkimAuth[]; spf: SpfAuth[] };
}

/** `policy_published`: the DMARC record the receiver applied. */
export interface PublishedPolicy {
  domain: string;
  p: PolicyValue | null;
  sp: PolicyValue | null;
  /** RFC 9990 `np` (non-existent subdomains). */
  np: PolicyValue | null;
  adkim: AlignmentMode | null;
  aspf: AlignmentMode | null;
  /** RFC 7489 only (removed by RFC 9990). */
  pct: number | null;
  /** RFC 9990 `testing` (the RFC 9989 `t` tag): "y" or "n". */
  t: "y" | "n" | null;
  /** RFC 9990 `discovery_method`: "psl" or "treewalk". */
  discoveryMethod: "psl" | "treewalk" | null;
}

/** A parsed aggregate report, exactly the shape issue 15 §1 gives. */
export interface AggregateReport {
  /** `version` as written ("1.0", "2.0"), or null when the reporter omitted it. */
  version: string | null;
  /** `report_metadata/org_name`, or the domain of `email` when empty. */
  orgName: string;
  email: string;
  reportId: string;
  /** `date_range/begin`, ISO 8601 UTC. */
  begin: string;
  /** `date_range/end`, ISO 8601 UTC. */
  end: string;
  policy: PublishedPolicy;
  records: AggregateRecord[];
}

/** The report without its records (what a streaming read returns; records go to a callback). */
export type AggregateReportHeader = Omit<AggregateReport, "records">;

/** Which schema the XML follows (RFC 9990 by namespace or by its new elements, as parsedmarc decides). */
export type AggregateSchema = "rfc7489" | "rfc9990";

/** Something survived while reading (the report is still usable). Bounded: each code/path once. */
export interface ReportProblem {
  code: ReportProblemCode;
  message: string;
}

export type ReportProblemCode =
  | "invalid-utf8"
  | "missing-version"
  | "org-name-from-email"
  | "stray-text"
  | "unknown-value"
  | "invalid-value"
  | "record-skipped"
  | "trailing-content"
  | "wrapped-feedback"
  | "long-span"
  | "multiple-policies";

/** Why an input was refused. `reason` is a stable code, `message` says it in words. */
export interface RefusalError {
  reason: RefusalReason;
  message: string;
}

export type RefusalReason =
  | "empty"
  | "not-xml"
  | "malformed-xml"
  | "dtd-forbidden"
  | "not-a-report"
  | "missing-field"
  | "too-many-records"
  | "too-large"
  | "ratio-exceeded"
  | "too-many-files"
  | "too-deep"
  | "bad-archive"
  | "bad-compression"
  | "bad-json"
  | "unsupported"
  | "unreadable";

/** The result of `parseAggregateReport`: never a throw. */
export type AggregateParseResult =
  | { ok: true; report: AggregateReport; problems: ReportProblem[]; schema: AggregateSchema }
  | { ok: false; error: RefusalError };

/** The result of a streaming read: the header and how many records went to the callback. */
export type AggregateStreamResult =
  | { ok: true; report: AggregateReportHeader; recordCount: number; problems: ReportProblem[]; schema: AggregateSchema }
  | { ok: false; error: RefusalError; recordCount: number };
