/**
 * Verdicts: what a receiver would conclude about mail on each sending path, drawn from the
 * gathered facts by the protocol modules (SPF results from check_host, DMARC alignment and results
 * from `evaluateDmarc`). Plain JSON; part of the audit report.
 */
import type { DkimResult } from "../dkim/types.ts";
import type { DmarcEvaluation } from "../dmarc/evaluate.ts";
import type { DmarcResult } from "../dmarc/types.ts";
import type { GatheredFacts, GatheredPath } from "../facts/types.ts";
import type { SpfResult } from "../spf/types.ts";

/**
 * The audit could not tell: the outcome depends on a fact it could not establish (a DNS failure,
 * a selector the description does not give, egress addresses it could not read). Never "fail".
 */
export type Unknown = "unknown";

/** Whether an identifier aligns with the From domain; `unknown` when an Organizational Domain or the mode could not be read. */
export type AlignedState = boolean | Unknown;

/** How a path leaves the organisation. */
export interface VerdictVia {
  kind: "smartHost" | "provider" | "direct";
  /** The smart host or provider id from the organisation description. */
  id?: string;
  /** For providers: the catalog id and the provider's name. */
  catalog?: string;
  name?: string;
}

/** SPF as a receiver would see it for one egress IP. */
export interface SpfIpResult {
  ip: string;
  result: SpfResult;
  /** The term that decided, e.g. `include:spf.protection.outlook.com`, and the domain whose record held it. */
  matched?: { term: string; domain: string };
  explanation?: string;
}

/** The verdict for one (path, From domain). */
export interface PathVerdict {
  /** The path id from the organisation description. */
  id: string;
  description?: string;
  fromDomain: string;
  via: VerdictVia;
  /** The envelope (RFC5321.MailFrom) domain and where it came from. */
  mailFrom: { domain: string; source: "path" | "provider-custom" | "provider-default" | "from-domain" };
  spf: {
    /**
     * The overall result: the worst over the egress IPs (a definite failure of one address is a
     * failure; a temperror of one is a temperror). `unknown` when the egress addresses are not all
     * known (a failed question, a catalog that names no network, an unconfirmed catalog fact).
     */
    result: SpfResult | Unknown;
    domain: string;
    /** Whether `domain` aligns with the From domain under the DMARC record's `aspf`. */
    aligned: AlignedState;
    ips: SpfIpResult[];
    /** Where the egress IPs came from (the description, DNS, or the provider's SPF include). */
    ipsSource: "org" | "dns" | "provider-spf";
    /** Why the result is `unknown`. */
    reason?: string;
    /**
     * What puts a passing SPF at risk: a record the provider requires for the path is missing or
     * wrong (Amazon SES falls back to its own MAIL FROM domain when the custom one has no MX).
     */
    risks?: string[];
  };
  dkim: {
    domain: string;
    selector: string;
    /** What a verifier would give the signature (RFC 6376 §6.1, RFC 8601 §2.7.1). */
    result: DkimResult | Unknown;
    aligned: AlignedState;
    reason?: string;
    keyBits?: number;
  }[];
  dmarc: {
    result: DmarcResult;
    alignedBy: ("spf" | "dkim")[];
    /** The policy that applies to this From domain and which tag gave it; null when there is no record (or it is unknown). */
    policy: { p: "none" | "quarantine" | "reject"; source: "p" | "sp" | "np" } | null;
    /** Where the record was found. */
    recordDomain?: string;
  };
  /**
   * `pass`: SPF and DKIM both aligned; `fragile`: exactly one of them; `fail`: neither, DMARC
   * would fail; `unknown`: the outcome depends on a fact the audit could not establish (see `open`).
   */
  verdict: "pass" | "fragile" | "fail" | Unknown;
  /** With `unknown`: what could not be established, one line each. */
  open?: string[];
}

/** A gathered path with its DMARC evaluation and verdict: what the path rules read. */
export interface PathFacts extends GatheredPath {
  dmarc: DmarcEvaluation;
  verdict: PathVerdict;
}

/** The facts and verdicts of one audit: everything a rule reads. */
export interface AuditFacts extends Omit<GatheredFacts, "paths"> {
  paths: PathFacts[];
}
