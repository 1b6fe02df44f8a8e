/**
 * Types of the static analysis of a domain's SPF tree ({@link analyzeSpf}): plain,
 * JSON-serialisable data describing the whole include/redirect tree with its DNS evidence, the
 * lookup counts a receiver would make, the authorised networks and the findings.
 */
import type { Severity } from "../common/severity.ts";
import type { DnsEvidence } from "../dns/evidence.ts";
import type { ParsedSpf, SpfProblem, SpfProblemCode, SpfResult, SpfTerm } from "./types.ts";

/** How a node of the tree was reached. */
export type SpfNodeVia = "root" | "include" | "redirect";

/**
 * The state of a node's record.
 * - `ok`: one SPF record, no syntax error;
 * - `none`: no SPF record (or NXDOMAIN): the checked domain gives "none", an include or redirect "permerror";
 * - `multiple`: several SPF records (permerror, §4.5);
 * - `syntax-error`: the record has syntax errors (permerror, §4.6); its good terms are still analysed;
 * - `temperror`: the TXT lookup failed;
 * - `malformed`: the domain is not a valid multi-label name (§4.3);
 * - `loop`: the domain is already on the path from the root (include/redirect loop); not expanded again;
 * - `not-expanded`: the analysis stopped here (tree size cap), not a property of the record.
 */
export type SpfNodeStatus =
  | "ok"
  | "none"
  | "multiple"
  | "syntax-error"
  | "temperror"
  | "malformed"
  | "loop"
  | "not-expanded";

/** Sizes relevant to DNS transport (RFC 7208 §3.3, §3.4). */
export interface SpfRecordSize {
  /** Octets of the selected SPF record (its strings joined). */
  recordBytes: number;
  /** §3.4: "the combined length of the DNS name and the text of all the records of a given type" (TXT). */
  answerBytes: number;
  /** Octets of each character-string of the SPF record's RR (each must be at most 255, RFC 1035 §3.3). */
  strings: number[];
}

/** One term of a node, with what the analysis found out about it. */
export interface SpfTermAnalysis {
  term: SpfTerm;
  /** Counts toward the limit of 10 when evaluated (include, a, mx, ptr, exists, redirect). */
  countsLookup: boolean;
  /** False for terms a receiver never evaluates: after "all", or a redirect beside "all". */
  reachable: boolean;
  /** Why the term's outcome depends on the message (macros) or on the client's PTR records (ptr); absent when static. */
  dynamic?: string;
  /** The <target-name> of a static term (include, a, mx, ptr, exists, redirect). */
  target?: string;
  /** The DNS answers this term needs (a, mx, exists: address/MX answers; include/redirect: see `child`). */
  evidence: DnsEvidence[];
  /** a, mx: the networks the term authorises (addresses with the term's prefix lengths). */
  networks?: { ipv4: string[]; ipv6: string[] };
  /** mx: how many MX names it looks up (§4.6.4 limit 10). */
  mxNames?: number;
  /**
   * Void lookups this term makes for an IPv4 / IPv6 client that matches nothing (0 or 1 each). For a
   * dynamic term (macros, ptr) this is the worst case, and `dynamic` says why the name is not known.
   */
  voidLookups?: { ipv4: number; ipv6: number };
  /** Why `voidLookups` is a worst case rather than what DNS showed (dynamic terms only). */
  voidWorstCase?: string;
  /** A problem a receiver hits at this term (DNS error, MX limit, malformed target...). */
  problem?: SpfProblem<SpfTermProblemCode>;
  /** Set when the term can never match: after "all", or its networks are all matched by earlier terms. */
  neverMatches?: string;
  /** include, redirect: the target's record. */
  child?: SpfTreeNode;
}

/** One record of the tree. */
export interface SpfTreeNode {
  domain: string;
  via: SpfNodeVia;
  /** 0 for the root, +1 per include or redirect. */
  depth: number;
  /** Domains from the root to here (this one included). */
  path: string[];
  status: SpfNodeStatus;
  /** The TXT answer of the domain (absent for loop/not-expanded/malformed). */
  txt?: DnsEvidence;
  /** The selected SPF record. */
  record?: string;
  /** All SPF records, when there are several. */
  records?: string[];
  /** The parse of the record: terms and syntax errors side by side. */
  parse?: ParsedSpf;
  size?: SpfRecordSize;
  problem?: SpfProblem;
  terms: SpfTermAnalysis[];
}

/** Where a term sits in the tree. */
export interface SpfTermRef {
  domain: string;
  term: string;
  position: number;
  /** Domains from the root to `domain`. */
  path: string[];
}

/** The problems a receiver can hit at one term of the tree (see {@link SpfTermAnalysis.problem}). */
export type SpfTermProblemCode = Extract<SpfProblemCode, "dns-error" | "mx-limit" | "malformed-target">;

/**
 * Every code of an {@link SpfFinding} (docs/spf.md lists each with its severity and RFC section).
 * A closed list: a rule that names a code not in it does not compile.
 */
export const SPF_FINDING_CODES = [
  "no-spf-record",
  "include-target-without-record",
  "multiple-records",
  "syntax-error",
  "malformed-domain",
  "dns-error",
  "lookup-limit",
  "void-lookup-limit",
  "mx-limit",
  "include-loop",
  "string-too-long",
  "pass-all",
  "record-too-large",
  "spf-rr-type",
  "neutral-all",
  "missing-all",
  "ptr-mechanism",
  "unreachable-term",
  "redirect-ignored",
  "shadowed-term",
  "void-lookup",
  "duplicate-include",
  "malformed-target",
  "dynamic-term",
  "unknown-modifier",
  "not-expanded",
] as const;

/** What an {@link SpfFinding} is about. */
export type SpfFindingCode = (typeof SPF_FINDING_CODES)[number];

/** One thing an auditor should know about the tree. */
export interface SpfFinding {
  code: SpfFindingCode;
  severity: Severity;
  message: string;
  domain: string;
  term?: string;
  position?: number;
  path: string[];
  rfc: string;
}

/** Networks per family, as merged CIDR lists. */
export interface SpfNetworks {
  ipv4: string[];
  ipv6: string[];
}

/** The analysis of a domain's SPF tree. */
export interface SpfAnalysis {
  domain: string;
  root: SpfTreeNode;
  /** The DNS-querying terms a receiver evaluates for a client that matches nothing (§4.6.4). */
  lookups: {
    count: number;
    limit: number;
    exceeded: boolean;
    /** The first term past the limit, in evaluation order. */
    exceededAt?: SpfTermRef;
    /** An include/redirect loop makes the count unbounded (a receiver stops at the limit). */
    unbounded: boolean;
  };
  /**
   * Void lookups a receiver counts for a client that matches nothing, per client family (§4.6.4
   * limit 2). A dynamic term (macros, ptr) counts at its worst case: for such a client, the name it
   * asks (or the client's PTR name) usually has no records; the term's `dynamic` says why.
   */
  voidLookups: {
    ipv4: number;
    ipv6: number;
    limit: number;
    exceeded: boolean;
    /**
     * The terms counted, in evaluation order. `name` is the name asked (for a dynamic term, the
     * domain-spec as written, or "the client's PTR name"); `dynamic` is set for worst-case counts.
     */
    terms: (SpfTermRef & { name: string; families: ("ipv4" | "ipv6")[]; dynamic?: string })[];
  };
  /** mx terms with the number of MX names each looks up (limit 10 each). */
  mx: (SpfTermRef & { names: number; exceeded: boolean })[];
  /** ptr terms (each looks up the client's PTR names, at most 10 used). */
  ptr: SpfTermRef[];
  /**
   * Networks per result as published (first match wins, includes resolved), for the static part
   * of the tree. Addresses not listed get `otherwise`. Limits are not applied here: see `lookups`.
   */
  networks: {
    pass: SpfNetworks;
    fail: SpfNetworks;
    softfail: SpfNetworks;
    neutral: SpfNetworks;
    /** The result for every address not listed (the final "all", or "neutral" by default, §4.7). */
    otherwise: Extract<SpfResult, "pass" | "fail" | "softfail" | "neutral">;
  };
  /** Include/redirect loops (each listed once, as the path that closes it). */
  loops: string[][];
  /** Domains included more than once in the tree (each inclusion costs lookups again). */
  duplicateIncludes: { domain: string; count: number }[];
  /** Terms whose outcome depends on the message or the client (macros, ptr). */
  dynamic: (SpfTermRef & { reason: string })[];
  findings: SpfFinding[];
  /** Every DNS answer the analysis used, each (name, type) once. */
  dns: DnsEvidence[];
}
