/**
 * The audit report: what `audit()` and `checkDomains()` return, what the JSON format prints and
 * what every other format renders. Plain JSON; its JSON Schema is `schema/report.schema.json`
 * (src/audit/report-schema.ts), and the tests validate every report they make against it.
 */

import type { SeverityCounts } from "../common/severity.ts";
import type { QueryLogEntry } from "../dns/budget.ts";
import type { Finding } from "../rules/types.ts";
import type { PathVerdict } from "../verdicts/types.ts";
import type { TransportReport } from "./report-transport-types.ts";

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

/** One source of the sender inventory: an address sending as a From domain, classified. */
export interface SenderRow {
  ip: string;
  fromDomain: string;
  /** `path` (a described path), `provider` (a known provider no path describes), `forwarder`, `unknown`. */
  class: "path" | "provider" | "forwarder" | "unknown";
  /** For `path`: the path id. */
  path?: string;
  /** The provider it belongs to (for `unknown`, a likely one from an unconfirmed PTR name). */
  provider?: string;
  /** Reverse DNS: the first PTR name, or why there is none. */
  ptr: { status: "found" | "none" | "unknown" | "not-asked"; name?: string; confirmed?: boolean };
  messages: number;
  dmarcPass: number;
  dkimAligned: number;
  spfAligned: number;
  /** Why this class, in words. */
  why: string;
}

/** Messages per class on one UTC day (the HTML chart). */
export interface SenderDay {
  day: string;
  path: number;
  provider: number;
  forwarder: number;
  unknown: number;
}

/**
 * Who really sends as the organisation's domains, from DMARC aggregate reports (present when the
 * audit was given reports). Rows are bounded: the most voluminous first, `more` counts the rest.
 */
export interface SenderInventory {
  /** The window asked for (null: open) and the span the reports cover. */
  window: { since: string | null; until: string | null; first: string | null; last: string | null };
  reports: number;
  /** Reporting organisations (at most 20). */
  reporters: string[];
  records: number;
  messages: number;
  /** Sources and messages per class, in the order path, provider, forwarder, unknown. */
  classes: { class: SenderRow["class"]; sources: number; messages: number; dmarcPass: number }[];
  rows: SenderRow[];
  /** Sources left out of `rows` (and any beyond the audit's source limit). */
  more: number;
  /** From domains in the reports that the description does not list (at most 20). */
  unlistedDomains: { domain: string; messages: number; dmarcPass: number; sources: number }[];
  days: SenderDay[];
  /** Reverse lookups: asked, the bound, addresses beyond it, failed questions. */
  ptr: { asked: number; limit: number; notAsked: number; failed: number };
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
  /** The sender inventory from DMARC aggregate reports, when the audit was given reports. */
  senders?: SenderInventory;
  /**
   * Transport security: what each domain that receives mail publishes (MTA-STS, TLS-RPT, DANE) and
   * BIMI, and the SMTP probes when the audit probed. Absent when transport checks were turned off.
   */
  transport?: TransportReport;
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
    /**
     * `fail` when any error finding, `warn` when any warning, else `pass`; findings the description
     * accepts and findings in the baseline do not count.
     */
    status: "pass" | "warn" | "fail";
    paths: { total: number; pass: number; fragile: number; fail: number; unknown: number };
    /** Every finding, by severity (accepted and baselined ones too). */
    findings: SeverityCounts;
    /** Findings the description accepts (not counted for the status). */
    accepted?: number;
    /** Findings in the baseline the audit was given, not accepted (not counted for the status). */
    baselined?: number;
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
