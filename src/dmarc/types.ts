/**
 * DMARC types: the policy record (RFC 7489 §6.3 and RFC 9989 §4.7 tags), diagnostics, and the
 * shared vocabulary of the DMARC module. Everything here is plain JSON-serialisable data.
 */
import type { Severity } from "../common/severity.ts";

/**
 * Which specification decides: `rfc9989` (DMARCbis, the default: DNS Tree Walk, `np`/`psd`/`t`,
 * no `pct`/`rf`/`ri`) or `rfc7489` (the Public Suffix List, `pct`/`rf`/`ri`).
 */
export type DmarcSpec = "rfc9989" | "rfc7489";

/**
 * How strictly records are read. `strict`: what the RFC grammar says. `lenient`: also what
 * receivers accept in practice (as OpenDMARC does): leading whitespace, `p=n` for `p=none`,
 * `fo:0` for `fo=0`, a lower-case `v=dmarc1`, repeated tags (the first wins). Lenient never rejects
 * what strict accepts; every leniency used is a diagnostic.
 */
export type DmarcMode = "strict" | "lenient";

/**
 * The DMARC result of a message (RFC 8601 §2.7.1, RFC 9989 §5.3, RFC 7489 §11.2):
 * - `pass`: an aligned SPF or DKIM pass;
 * - `fail`: a policy applies and no identifier aligns;
 * - `none`: no DMARC record applies;
 * - `temperror`: a DNS failure (the record, or an Organizational Domain needed for alignment);
 * - `permerror`: a record applies but is unusable.
 */
export type DmarcResult = "pass" | "fail" | "none" | "temperror" | "permerror";

/** Every DMARC result, in a stable order. */
export const DMARC_RESULTS: readonly DmarcResult[] = ["pass", "fail", "none", "temperror", "permerror"];

/** A Domain Owner Assessment Policy (RFC 9989 §4.7 `dmarc-request`). */
export type DmarcPolicy = "none" | "quarantine" | "reject";

/** Identifier Alignment mode as written in `adkim`/`aspf` (RFC 9989 §4.7 `dmarc-rors`). */
export type AlignmentFlag = "r" | "s";

/** Alignment mode as a word (RFC 9989 §3.2.10). */
export type AlignmentMode = "relaxed" | "strict";

/** Every tag this module knows: RFC 7489 §6.3 plus RFC 9989 §4.7. */
export type DmarcTagName =
  | "v"
  | "p"
  | "sp"
  | "np"
  | "adkim"
  | "aspf"
  | "pct"
  | "rua"
  | "ruf"
  | "fo"
  | "rf"
  | "ri"
  | "psd"
  | "t";

/** The tags in a stable order (registry order of RFC 9989 §9.3, then the removed ones). */
export const DMARC_TAGS: readonly DmarcTagName[] = [
  "v",
  "p",
  "sp",
  "np",
  "adkim",
  "aspf",
  "fo",
  "psd",
  "rua",
  "ruf",
  "t",
  "pct",
  "rf",
  "ri",
];

/** A `fo` option (RFC 9989 §4.7 `dmarc-fo`). */
export type FailureOption = "0" | "1" | "d" | "s";

/** A reference to an RFC section, e.g. `{ rfc: 9989, section: "4.7" }` (Appendix: `"C.5.2"`). */
export interface DmarcRfcRef {
  rfc: number;
  section: string;
}

/**
 * Every diagnostic code of the DMARC module (docs/dmarc.md, "Diagnostics codes", lists each with
 * its severity). A closed list: a rule that names a code not in it does not compile.
 */
export const DMARC_DIAGNOSTIC_CODES = [
  "dmarc-empty",
  "dmarc-version-missing",
  "dmarc-version-not-first",
  "dmarc-version-invalid",
  "dmarc-leading-whitespace",
  "dmarc-version-case",
  "dmarc-malformed-tag",
  "dmarc-empty-tag",
  "dmarc-colon-as-equals",
  "dmarc-invalid-character",
  "dmarc-invalid-value",
  "dmarc-lenient-value",
  "dmarc-duplicate-tag",
  "dmarc-unknown-tag",
  "dmarc-removed-tag",
  "dmarc-tag-not-in-rfc7489",
  "dmarc-tag-name-case",
  "dmarc-p-missing",
  "dmarc-p-not-second",
  "dmarc-policy-fallback",
  "dmarc-policy-unusable",
  "dmarc-fo-without-ruf",
  "dmarc-uri-invalid",
  "dmarc-uri-empty",
  "dmarc-uri-invalid-mailto",
  "dmarc-uri-not-mailto",
  "dmarc-uri-size-limit",
  "dmarc-uri-count",
  "dmarc-multiple-records",
  "dmarc-non-dmarc-txt",
  "dmarc-record-ignored",
  "dmarc-record-cname",
  "dmarc-methods-differ",
  "dmarc-existence-unknown",
  "dmarc-from-public-suffix",
  "dmarc-from-domain-invalid",
  "dmarc-report-destination-unauthorized",
  "dmarc-report-destination-temperror",
  "dmarc-report-override-host",
  "dmarc-report-destinations-truncated",
  "from-domain-missing",
  "from-domain-invalid",
  "from-domain-multiple",
] as const;

/** A stable DMARC diagnostic code. */
export type DmarcDiagnosticCode = (typeof DMARC_DIAGNOSTIC_CODES)[number];

/**
 * One deviation or notable fact, with where it is and which RFC text says so. `code` is stable
 * (rules are built on it); `message` is for people. `severity` `error`: the RFC is violated and a
 * receiver may ignore part or all of the record.
 */
export interface DmarcDiagnostic {
  code: DmarcDiagnosticCode;
  severity: Severity;
  message: string;
  /** 0-based offsets into the record text, `end` exclusive; absent for discovery-level diagnostics. */
  start?: number;
  end?: number;
  /** The tag concerned, lower-case. */
  tag?: string;
  /** The DNS name concerned (discovery and report-destination diagnostics). */
  name?: string;
  refs: DmarcRfcRef[];
}

/** One reporting URI from `rua` or `ruf` (RFC 9989 §4.6, §4.8 `dmarc-uri`). */
export interface DmarcUri {
  /** The URI without any size suffix, as written. */
  uri: string;
  /** The scheme, lower-case (`mailto`, `https`...). Empty when the URI has none. */
  scheme: string;
  /** The mailbox of a `mailto:` URI, percent-decoded (RFC 6068 `addr-spec`). */
  address?: string;
  /**
   * The destination host (RFC 7489 §7.1, RFC 9990 §3 step 1): the domain of a `mailto:` address or
   * the host of an `http(s)` authority; lower-case A-labels.
   */
  host?: string;
  /** The size suffix as written (`10m`), RFC 7489 §6.2; obsolete in RFC 9989 §4.8. */
  sizeLimit?: string;
  /** The size limit in octets (`10m` = 10 × 2^20). */
  maxBytes?: number;
  /** Whether the URI is usable as a report destination (syntax valid, destination extractable). */
  valid: boolean;
  start: number;
  end: number;
}

/** One tag as written in the record. */
export interface DmarcTag {
  /** Lower-case name. */
  name: string;
  /** The name exactly as written. */
  rawName: string;
  value: string;
  start: number;
  end: number;
  valueStart: number;
  valueEnd: number;
  /** Whether the tag is defined by the spec in force (unknown tags are ignored, RFC 9989 §4.7). */
  known: boolean;
  /** Whether its value was used (false when invalid, duplicated, unknown or removed by the spec). */
  used: boolean;
}

/**
 * Whether the record's policy can be applied (RFC 7489 §6.6.3 step 6, RFC 9989 §4.10.1).
 * - `ok`: `p` (and `sp`/`np` when present) valid.
 * - `fallback-none`: `p` missing or invalid, or `sp`/`np` invalid, but `rua` holds a valid URI:
 *   receivers act as if the record said `p=none`.
 * - `unusable`: the same without a valid `rua`: receivers apply no DMARC processing.
 */
export type PolicyStatus = "ok" | "fallback-none" | "unusable";

/**
 * The record's effective values, every tag filled in (from the record or by default).
 * `defaulted` says which were not taken from the record.
 */
export interface DmarcRecord {
  v: "DMARC1";
  /** Policy for the domain itself (`none` under `fallback-none`). */
  p: DmarcPolicy;
  /** Policy for existing subdomains: `sp`, else `p`. */
  sp: DmarcPolicy;
  /** Policy for non-existent subdomains: `np`, else `sp`, else `p` (RFC 9989 §4.7). RFC 7489 has no `np`: `sp`. */
  np: DmarcPolicy;
  adkim: AlignmentFlag;
  aspf: AlignmentFlag;
  fo: FailureOption[];
  /** `y`: a Public Suffix Domain; `n`: an Organizational Domain; `u`: unknown (RFC 9989 §4.7). */
  psd: "y" | "n" | "u";
  /** Test mode (RFC 9989 §4.7): `y` asks receivers to apply a policy one level weaker. */
  t: "y" | "n";
  /** Valid report URIs; invalid ones are only in the diagnostics. */
  rua: DmarcUri[];
  ruf: DmarcUri[];
  /** RFC 7489 `pct` (0-100, default 100). Removed by RFC 9989 (Appendix C.5.2) but parsed for information. */
  pct: number;
  /** RFC 7489 `rf` (default `["afrf"]`); removed by RFC 9989. */
  rf: string[];
  /** RFC 7489 `ri` in seconds (default 86400); removed by RFC 9989. */
  ri: number;
  /** Tags whose value is a default: absent, invalid, ignored, or not defined by the spec in force. */
  defaulted: DmarcTagName[];
}

/** What {@link parseDmarc} returns. */
export interface DmarcParseResult {
  /** The text parsed (TXT character-strings already joined, RFC 9989 §4.5). */
  text: string;
  mode: DmarcMode;
  spec: DmarcSpec;
  /**
   * Whether this is a DMARC record: its first tag is `v=DMARC1` (RFC 9989 §4.7, RFC 7489 §6.3).
   * A TXT record that is not is ignored by discovery.
   */
  isDmarc: boolean;
  /** Whether the policy can be applied; meaningful only when `isDmarc`. */
  policyStatus: PolicyStatus;
  /** The effective record, when `isDmarc`. */
  record?: DmarcRecord;
  /** Every tag-spec as written, in order. */
  tags: DmarcTag[];
  /** Every deviation, in order of position. `errors` counts those of severity `error`. */
  diagnostics: DmarcDiagnostic[];
  errors: number;
}

/** Options of {@link parseDmarc}. */
export interface DmarcParseOptions {
  /** Default `strict`. */
  mode?: DmarcMode;
  /** Default `rfc9989`. */
  spec?: DmarcSpec;
}
