/**
 * SPF (RFC 7208) data types: parsed records, results, traces. Everything here is plain,
 * JSON-serialisable data. The ABNF of RFC 7208 §12 is quoted beside the type it describes.
 */
import type { DnsEvidence } from "../dns/evidence.ts";

/**
 * ```abnf
 * qualifier        = "+" / "-" / "?" / "~"
 * ```
 * A missing qualifier means "+" (RFC 7208 §4.6.2).
 */
export type SpfQualifier = "+" | "-" | "~" | "?";

/** The seven results of check_host() (RFC 7208 §2.6). */
export type SpfResult = "pass" | "fail" | "softfail" | "neutral" | "none" | "permerror" | "temperror";

/** All results, in a stable order. */
export const SPF_RESULTS: readonly SpfResult[] = [
  "pass",
  "fail",
  "softfail",
  "neutral",
  "none",
  "permerror",
  "temperror",
];

/**
 * ```abnf
 * mechanism        = ( all / include / a / mx / ptr / ip4 / ip6 / exists )
 * ```
 */
export type SpfMechanismName = "all" | "include" | "a" | "mx" | "ptr" | "ip4" | "ip6" | "exists";

/** Mechanisms whose evaluation asks DNS and counts toward the limit of 10 (RFC 7208 §4.6.4). */
export const DNS_MECHANISMS: ReadonlySet<SpfMechanismName> = new Set(["include", "a", "mx", "ptr", "exists"]);

/**
 * A directive: an optional qualifier and a mechanism (RFC 7208 §4.6.1, §5).
 *
 * ```abnf
 * directive        = [ qualifier ] mechanism
 * all              = "all"
 * include          = "include"  ":" domain-spec
 * a                = "a"      [ ":" domain-spec ] [ dual-cidr-length ]
 * mx               = "mx"     [ ":" domain-spec ] [ dual-cidr-length ]
 * ptr              = "ptr"    [ ":" domain-spec ]
 * ip4              = "ip4"      ":" ip4-network   [ ip4-cidr-length ]
 * ip6              = "ip6"      ":" ip6-network   [ ip6-cidr-length ]
 * exists           = "exists"   ":" domain-spec
 * dual-cidr-length = [ ip4-cidr-length ] [ "/" ip6-cidr-length ]
 * ip4-cidr-length  = "/" ("0" / %x31-39 0*1DIGIT) ; value range 0-32
 * ip6-cidr-length  = "/" ("0" / %x31-39 0*2DIGIT) ; value range 0-128
 * ```
 */
export interface SpfMechanism {
  kind: "mechanism";
  /** The qualifier in effect ("+" when none was written). */
  qualifier: SpfQualifier;
  /** Whether the qualifier was written in the record. */
  qualifierWritten: boolean;
  /** The mechanism name, lower case. */
  mechanism: SpfMechanismName;
  /** The domain-spec as written (include, exists; optional for a, mx, ptr). */
  domainSpec?: string;
  /** The network as written (ip4, ip6). */
  network?: string;
  /** The IPv4 prefix length, when written (a, mx, ip4). */
  cidr4?: number;
  /** The IPv6 prefix length, when written (a, mx, ip6). */
  cidr6?: number;
  /** The macro letters used by the domain-spec, lower case, in order of first use (empty when static). */
  macros: string[];
  /** Offset of the term's first character in the record (0-based, in UTF-16 code units). */
  position: number;
  /** The term as written. */
  text: string;
}

/**
 * A modifier (RFC 7208 §6).
 *
 * ```abnf
 * modifier         = redirect / explanation / unknown-modifier
 * redirect         = "redirect" "=" domain-spec
 * explanation      = "exp" "=" domain-spec
 * unknown-modifier = name "=" macro-string
 *                    ; where name is not any known modifier
 * name             = ALPHA *( ALPHA / DIGIT / "-" / "_" / "." )
 * ```
 */
export interface SpfModifier {
  kind: "modifier";
  /** The modifier name, lower case (`redirect`, `exp`, or an unknown name kept as is in lower case). */
  name: string;
  /** The value after "=", as written. */
  value: string;
  /** The macro letters used by the value, lower case, in order of first use. */
  macros: string[];
  position: number;
  text: string;
}

/** One term of a record. */
export type SpfTerm = SpfMechanism | SpfModifier;

/** What went wrong in a record; each code is one kind of syntax error. */
export type SpfErrorCode =
  | "not-spf" // no "v=spf1" version section (§4.5)
  | "non-ascii" // a character above 0x7E (§3.1: records are US-ASCII)
  | "control-character" // a control character (terms are separated by SP only, §4.6.1)
  | "unknown-mechanism" // (§4.6.1, §12)
  | "invalid-modifier-name" // (§6, §12 `name`)
  | "duplicate-modifier" // redirect or exp twice (§6)
  | "invalid-cidr" // bad prefix length (§5.6, §12)
  | "invalid-ip4" // (§5.6)
  | "invalid-ip6" // (§5.6)
  | "invalid-macro" // malformed macro-expand (§7.1)
  | "macro-not-allowed" // c, r, t outside explanation text (§7.2)
  | "invalid-domain-spec" // domain-end is not a toplabel nor a macro (§7.1)
  | "missing-domain-spec" // include, exists without a domain-spec; "a:" etc. with an empty one
  | "unexpected-argument"; // e.g. "all:x", "ptr/24", "include:x/24"

/** A syntax error, with where it is and the RFC section that makes it one. */
export interface SpfParseError {
  code: SpfErrorCode;
  message: string;
  /** Offset in the record of the offending character or term. */
  position: number;
  /** The term concerned, as written. */
  term?: string;
  /** The rule broken, e.g. "RFC 7208 §5.6". */
  rfc: string;
}

/** The result of {@link parseSpf}: the terms that could be read and every error, side by side. */
export interface ParsedSpf {
  /** True when the record is a valid SPF record (no errors). */
  ok: boolean;
  /** The record text that was parsed. */
  record: string;
  /** Every term that parsed, in record order (terms with errors are left out). */
  terms: SpfTerm[];
  /** Every syntax error; any one of them makes check_host() return permerror (§4.6). */
  errors: SpfParseError[];
}

/**
 * Every code of an {@link SpfProblem}, with the result it gives (see docs/spf.md, "problem codes").
 * A closed list: a rule that names a code not in it does not compile.
 */
export const SPF_PROBLEM_CODES = [
  "invalid-input", // the caller gave no input object or resolver (permerror)
  "invalid-ip", // the client address is not an IP address (permerror, §4.1)
  "malformed-domain", // the checked domain is not a valid multi-label name (none, §4.3)
  "no-record", // NXDOMAIN, no TXT, or no "v=spf1" record (none, §4.5)
  "multiple-records", // several SPF records (permerror, §4.5)
  "syntax-error", // a syntax error anywhere in the record (permerror, §4.6)
  "dns-error", // SERVFAIL, REFUSED, a timeout or another error of a lookup (temperror, §4.4, §5)
  "lookup-limit", // more than 10 DNS-querying terms (permerror, §4.6.4)
  "void-lookup-limit", // more than 2 void lookups (permerror, §4.6.4)
  "mx-limit", // more than 10 MX records for one mx term (permerror, §4.6.4)
  "include-none", // an include of a domain without an SPF record (permerror, §5.2)
  "include-error", // an include failed without a problem of its own (permerror or temperror, §5.2)
  "redirect-none", // a redirect to a domain without an SPF record (permerror, §6.1)
  "time-limit", // past the elapsed-time limit, or aborted by the caller (temperror, §4.6.4)
  "internal-error", // a bug of ours, reported instead of thrown (temperror)
  "include-loop", // the analysis met an include/redirect loop (receivers: permerror at the limit)
  "tree-too-large", // the analysis stopped expanding the tree (its size cap)
  "malformed-target", // a term's target-name is not a valid DNS name (the term never matches, §4.3)
] as const;

/** Why a check ended in permerror, temperror or none, or what a receiver hits at a term. */
export type SpfProblemCode = (typeof SPF_PROBLEM_CODES)[number];

/** Why a check ended in permerror, temperror or none. */
export interface SpfProblem<C extends SpfProblemCode = SpfProblemCode> {
  code: C;
  message: string;
  /** The domain whose record or term caused it. */
  domain: string;
  /** The term concerned, as written. */
  term?: string;
  rfc: string;
}

/** One step of a check_host() trace. */
export type SpfTraceStep =
  /** A DNS answer (presentation form); `cached` when it came from the SpfCache (within its TTL) instead of a question. */
  | ({ step: "dns"; cached?: true } & DnsEvidence)
  | {
      step: "record";
      domain: string;
      /** Nesting: 0 for the checked domain, +1 per include or redirect. */
      depth: number;
      /** The selected SPF record, when there is exactly one. */
      record?: string;
      /** Set when no usable record was found. */
      outcome?: "none" | "permerror" | "temperror";
      reason?: string;
    }
  | {
      step: "term";
      domain: string;
      depth: number;
      term: string;
      position: number;
      outcome: "match" | "no-match";
      reason: string;
      /** DNS-querying terms counted so far, this one included (absent for all, ip4, ip6, which count nothing). */
      dnsLookups?: number;
      /** Void lookups counted so far (absent for all, ip4, ip6). */
      voidLookups?: number;
    }
  | { step: "error"; depth: number; result: "permerror" | "temperror" | "none"; problem: SpfProblem }
  | { step: "explanation"; domain: string; source: "exp" | "default"; text?: string; reason?: string };

/** The term that decided a result, from the checked domain down to the innermost include. */
export interface SpfMatch {
  /** The term of the checked domain's record (or of a redirect target) that matched, as written. */
  term: string;
  /** The domain whose record holds `term`. */
  domain: string;
  position: number;
  /** For an include that matched, the nested terms that produced its "pass", outermost first. */
  via?: { term: string; domain: string; position: number }[];
}

/** The outcome of {@link checkHost}. */
export interface SpfCheckResult {
  result: SpfResult;
  /** On "fail": the expanded exp= text, or the default explanation. */
  explanation?: string;
  /** Where the explanation came from (on "fail"). */
  explanationSource?: "exp" | "default";
  /** The term that decided the result (absent for the default result and errors). */
  matched?: SpfMatch;
  /** Why the result is none, permerror or temperror. */
  problem?: SpfProblem;
  /** DNS-querying terms evaluated (RFC 7208 §4.6.4 limit: 10). */
  dnsLookups: number;
  /** Void lookups (NXDOMAIN or empty answers) of those terms (limit: 2). */
  voidLookups: number;
  /** Every record fetched, every term tried and every DNS question asked, in order. */
  trace: SpfTraceStep[];
}
