/**
 * The audit report: what `audit()` and `checkDomains()` return, what the JSON format prints and
 * what every other format renders. Plain JSON; its JSON Schema is `schema/report.schema.json`
 * (src/audit/report-schema.ts), and the tests validate every report they make against it.
 */

import type { SeverityCounts } from "../common/severity.ts";
import type { QueryLogEntry } from "../dns/budget.ts";
import type { Finding } from "../rules/types.ts";
import type { PathVerdict } from "../verdicts/types.ts";

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
    /** A lookup in the tree failed: `lookups` and `voidLookups` are lower bounds. */
    partial?: true;
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
    /** Questions whose answer was not definite (timeout, SERVFAIL, REFUSED, an error, a budget refusal). */
    failed: number;
    log: QueryLogEntry[];
  };
  summary: {
    /** `fail` when any error finding, `warn` when any warning, else `pass`. */
    status: "pass" | "warn" | "fail";
    paths: { total: number; pass: number; fragile: number; fail: number; unknown: number };
    findings: SeverityCounts;
    /**
     * Present when the audit could not see: every question about some audited domain failed, or
     * more than half of all questions failed (docs/audit.md). The CLI exits 2 for `audit`, and
     * calls such a domain "not checked" in `check`.
     */
    blind?: { reason: string; domains: string[] };
    /**
     * Present when the report was cut to its size limits (docs/security.md): what was left out.
     * `findings` and `status` above still count every finding.
     */
    truncated?: {
      /**
       * Findings not listed: past 10 of one rule about one domain (or path), and past the first
       * 5,000 of the report (the least severe).
       */
      findings: number;
      /** Pieces of evidence not shown, over the findings listed (each says its own in `omittedEvidence`). */
      evidence: number;
      /** Records or lines not shown inside the evidence shown (each piece says its own in `omitted`). */
      records: number;
      /** Entries of `dns.log` not listed. */
      log: number;
      /** UTF-8 bytes left out in all: evidence, records, and the ends of long strings. */
      bytes: number;
      /** The same in one sentence, for a reader. */
      note: string;
    };
  };
}
