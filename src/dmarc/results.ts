/**
 * Result types of DMARC discovery, Organizational Domain determination, evaluation and report
 * destination checks. Plain JSON-serialisable data.
 */
import type { DnsStatus, Resolver } from "../dns/types.ts";
import type { DmarcDiagnostic, DmarcMode, DmarcParseResult, DmarcPolicy, DmarcSpec, DmarcUri } from "./types.ts";

/** One `_dmarc.<domain>` TXT question and what it gave (RFC 9989 §4.10 steps 1-2 and 5-6). */
export interface DmarcLookup {
  /** The domain whose record was asked for. */
  domain: string;
  /** The name asked: `_dmarc.<domain>`. */
  name: string;
  status: DnsStatus;
  /** The aliases followed when `_dmarc.<domain>` is a CNAME. */
  cnameChain: string[];
  ttl: number;
  detail?: string;
  /** Every TXT RR at the name, its character-strings joined (RFC 9989 §4.5). */
  txt: string[];
  /** The TXT RRs that are DMARC records (first tag `v=DMARC1`). */
  dmarc: string[];
  /**
   * - `record`: exactly one DMARC record.
   * - `none`: no DMARC record (NXDOMAIN, NODATA, or only other TXT records).
   * - `multiple`: several DMARC records; all are discarded.
   * - `temperror`: SERVFAIL, REFUSED, a timeout or another error: we could not tell.
   */
  outcome: "record" | "none" | "multiple" | "temperror";
  /** The `psd` value of the single record (RFC 9989 §4.7). */
  psd?: "y" | "n" | "u";
}

/** The Organizational Domain of a domain, and how it was found. */
export interface OrgDomainResult {
  /** The domain asked about, normalised (lower-case A-labels). */
  domain: string;
  method: DmarcSpec;
  /** `ok`; `temperror` when a DNS failure left the tree walk undecided; `invalid` for a name that is not a domain. */
  status: "ok" | "temperror" | "invalid";
  orgDomain?: string;
  /** Why this is the Organizational Domain, in words. */
  reason: string;
  /** RFC 7489: the public suffix and the registrable domain (null when the domain is itself a public suffix). */
  publicSuffix?: string;
  registrableDomain?: string | null;
  /** RFC 9989: the tree walk's lookups, in order; those after the point where the walk stopped have `used: false`. */
  walk?: Array<DmarcLookup & { used: boolean }>;
}

/** The policy that applies to a domain, and which tag it came from (RFC 9989 §4.10.1, RFC 7489 §6.6.3). */
export interface AppliedPolicy {
  p: DmarcPolicy;
  source: "p" | "sp" | "np";
  /** The domain whose record holds the policy. */
  policyDomain: string;
}

/** What {@link discoverDmarc} returns. */
export interface DmarcDiscovery {
  /** The Author (RFC5322.From) Domain, normalised. */
  fromDomain: string;
  method: DmarcSpec;
  mode: DmarcMode;
  /**
   * - `found`: a DMARC record applies and its policy is usable.
   * - `invalid`: a DMARC record applies but its policy is unusable (no valid `p` and no valid `rua`,
   *   RFC 9989 §4.10.1): receivers apply no DMARC processing; `record` says why.
   * - `none`: no DMARC record applies (every answer was a definite "no record").
   * - `temperror`: a DNS failure means we could not tell. Never reported as "no record".
   */
  status: "found" | "invalid" | "none" | "temperror";
  reason: string;
  /** The domain whose record applies (the DMARC Policy Domain, RFC 9989 §3.2.5). */
  policyDomain?: string;
  /** `_dmarc.<policyDomain>`. */
  recordName?: string;
  /** The applicable record, parsed (text, tags, diagnostics). */
  record?: DmarcParseResult;
  /** Policy for the From domain itself. */
  policy?: AppliedPolicy;
  /** Policy for subdomains of the From domain, existing and non-existent (the Organizational Domain's record, or the PSD's). */
  subdomainPolicy?: { existing: AppliedPolicy; nonExistent: AppliedPolicy };
  /** Whether the From domain exists in DNS (RFC 9989 §3.2.13: NXDOMAIN means it does not); `unknown` after a DNS failure. */
  fromDomainExists: boolean | "unknown";
  /** The Organizational Domain of the From domain by the method in force. */
  orgDomain: OrgDomainResult;
  /** Every `_dmarc` question asked, in the order of the method. */
  lookups: DmarcLookup[];
  /** Discovery-level diagnostics (multiple records, non-DMARC TXT, CNAMEs, the two methods disagreeing). */
  diagnostics: DmarcDiagnostic[];
  /** What the other method gives, so that a difference can be shown. */
  other: {
    method: DmarcSpec;
    status: DmarcDiscovery["status"];
    policyDomain?: string;
    orgDomain?: string;
    policy?: AppliedPolicy;
  };
}

/** Options shared by the functions that ask DNS. */
export interface DmarcDnsOptions {
  resolver: Resolver;
  /** Default `rfc9989` (the DNS Tree Walk); `rfc7489` uses the Public Suffix List. */
  method?: DmarcSpec;
  /** Default `strict`. */
  mode?: DmarcMode;
  signal?: AbortSignal;
  /**
   * Whether the PSL includes its PRIVATE section (default true: `github.io`, `blogspot.com`... are
   * suffixes, so `a.github.io` and `b.github.io` are different organisations).
   */
  pslPrivateDomains?: boolean;
}

/** Authorisation of one external report destination (RFC 7489 §7.1, RFC 9990 §3). */
export interface ReportDestination {
  tag: "rua" | "ruf";
  uri: DmarcUri;
  /**
   * - `same-organization`: the destination host has the policy domain's Organizational Domain: no authorisation needed.
   * - `authorized`: `<policy-domain>._report._dmarc.<host>` holds a `v=DMARC1` record.
   * - `unauthorized`: it does not (NXDOMAIN, NODATA or no `v=DMARC1` record): receivers will not send there.
   * - `temperror`: a DNS failure: we could not tell.
   * - `unchecked`: no destination host (not a valid URI, or a scheme without one).
   */
  status: "same-organization" | "authorized" | "unauthorized" | "temperror" | "unchecked";
  reason: string;
  /** The destination host's Organizational Domain, and the policy domain's. */
  hostOrgDomain?: string;
  policyOrgDomain?: string;
  /** The authorisation question asked and its answer. */
  queryName?: string;
  answer?: { status: DnsStatus; txt: string[]; cnameChain: string[]; detail?: string };
  /** URIs the authorisation record gives to replace this one (RFC 9990 §3 step 9), with whether each may (same host). */
  overrides?: Array<{ uri: DmarcUri; allowed: boolean }>;
}

/** What {@link checkReportDestinations} returns. */
export interface ReportDestinationsResult {
  policyDomain: string;
  destinations: ReportDestination[];
  /** Destinations that reports will not reach for lack of authorisation. */
  unauthorized: ReportDestination[];
  diagnostics: DmarcDiagnostic[];
}
