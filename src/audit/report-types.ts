/**
 * The audit report: what `audit()` and `checkDomains()` return, what the JSON format prints and
 * what every other format renders. Plain JSON; its JSON Schema is `schema/report.schema.json`
 * (src/audit/report-schema.ts), and the tests validate every report they make against it.
 */

import type { SeverityCounts } from "../common/severity.ts";
import type { QueryLogEntry } from "../dns/budget.ts";
import type { Finding } from "../rules/types.ts";

/** SPF results (RFC 7208 §2.6). */
export type SpfResultName = "pass" | "fail" | "softfail" | "neutral" | "none" | "permerror" | "temperror";
/** DKIM outcome of one signature as the path would produce it (RFC 6376 §6.1, RFC 8601 §2.7.1). */
export type DkimResultName = "pass" | "fail" | "neutral" | "none" | "permerror" | "temperror";
/** DMARC result (RFC 9989 / RFC 7489 §11.2). */
export type DmarcResultName = "pass" | "fail" | "none" | "temperror" | "permerror";

/** How a path leaves the organisation. */
export interface PathVia {
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
  result: SpfResultName;
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
  via: PathVia;
  /** The envelope (RFC5321.MailFrom) domain and where it came from. */
  mailFrom: { domain: string; source: "path" | "provider-custom" | "provider-default" | "from-domain" };
  spf: {
    /** The overall result: the worst over the egress IPs. */
    result: SpfResultName;
    domain: string;
    /** Whether `domain` aligns with the From domain under the DMARC record's `aspf`. */
    aligned: boolean;
    ips: SpfIpResult[];
    /** Where the egress IPs came from (the description, DNS, or the provider's SPF include). */
    ipsSource: "org" | "dns" | "provider-spf";
  };
  dkim: {
    domain: string;
    selector: string;
    result: DkimResultName;
    aligned: boolean;
    reason?: string;
    keyBits?: number;
  }[];
  dmarc: {
    result: DmarcResultName;
    alignedBy: ("spf" | "dkim")[];
    /** The policy that applies to this From domain and which tag gave it; null when there is no record. */
    policy: { p: "none" | "quarantine" | "reject"; source: "p" | "sp" | "np" } | null;
    /** Where the record was found. */
    recordDomain?: string;
  };
  /** `pass`: SPF and DKIM both aligned; `fragile`: one of them; `fail`: DMARC would fail. */
  verdict: "pass" | "fragile" | "fail";
}

/** One node of a domain's SPF include/redirect tree, as shown in reports. */
export interface SpfTreeNode {
  domain: string;
  /** How this node was reached: `include`, `redirect`, or `root`. */
  via: "root" | "include" | "redirect";
  record: string | null;
  /** DNS-querying terms in this record itself (RFC 7208 §4.6.4). */
  lookups: number;
  /** Lookups of this node and everything below it. */
  totalLookups: number;
  error?: string;
  children: SpfTreeNode[];
}

/** What one domain publishes, summarised. */
export interface DomainReport {
  domain: string;
  sends: boolean;
  spf: {
    status: "ok" | "missing" | "invalid" | "multiple" | "temperror";
    record: string | null;
    lookups: number;
    voidLookups: number;
    tree: SpfTreeNode | null;
  };
  dmarc: {
    status: "ok" | "missing" | "invalid" | "multiple" | "temperror";
    record: string | null;
    /** The name the record was found at. */
    recordDomain: string | null;
    policy: "none" | "quarantine" | "reject" | null;
    subdomainPolicy: "none" | "quarantine" | "reject" | null;
  };
  mx: { status: string; hosts: string[]; nullMx: boolean };
  dkim: { selector: string; status: string; keyBits?: number; target?: string; provider?: string }[];
  /** Providers recognised from this domain's DNS (SPF includes, DKIM CNAME targets, MX). */
  providers: { id: string; name: string; evidence: string[] }[];
}

/** The whole report. */
export interface AuditReport {
  /** Report format version. */
  version: 1;
  kind: "audit" | "check";
  tool: { name: "email-auth-audit"; version: string };
  generatedAt: string;
  /** The organisation audited (for `check`, a description synthesised from the domains). */
  org: { name: string; domains: { name: string; sends: boolean }[] };
  paths: PathVerdict[];
  domains: DomainReport[];
  findings: Finding[];
  dns: {
    /** Questions sent to the resolver. */
    questions: number;
    /** Distinct (name, type) pairs among them; equal to `questions` when nothing was asked twice. */
    unique: number;
    log: QueryLogEntry[];
  };
  summary: {
    /** `fail` when any error finding, `warn` when any warning, else `pass`. */
    status: "pass" | "warn" | "fail";
    paths: { total: number; pass: number; fragile: number; fail: number };
    findings: SeverityCounts;
  };
}
