/**
 * A fix plan: every fix of an audit merged into one consistent set of DNS changes and manual
 * steps, with the audit before and the audit after (over an overlay of the changes). Plain JSON;
 * its schema is `schema/plan.schema.json`.
 */
import type { AuditOptions } from "../audit/api.ts";
import type { AuditReport } from "../audit/report-types.ts";
import type { DnsChange, OverlayConflict } from "../dns/overlay-changes.ts";

/** Options of `plan()`: those of an audit, and how far the plan may go. */
export interface PlanOptions extends Omit<AuditOptions, "verifyFixes" | "baseline"> {
  /**
   * When an SPF record is still over the lookup limits after removing what serves no described
   * path, replace a provider's `include:` by the addresses it publishes (default false). Each
   * flattened include is labelled with the TTL of the provider's records and the risk that its
   * addresses change.
   */
  flatten?: boolean;
  /**
   * Where DMARC aggregate reports go when a record has no `rua` (a `mailto:` URI). Default
   * `mailto:dmarc-reports@<the policy domain>`, with a manual step to make sure that mailbox exists.
   */
  rua?: string;
  /**
   * DKIM key records to publish, by key name (`<selector>._domainkey.<domain>` → the record text,
   * `v=DKIM1; k=rsa; p=...`), for paths that sign with keys the catalog cannot give (your own
   * signing system, a smart host).
   */
  dkimKeys?: Readonly<Record<string, string>>;
}

/** Why a change is in the plan: the rule whose finding it fixes, or the plan's own merging. */
export interface ChangeReason {
  /** The rule id whose finding the change answers (absent for a change the merge alone needs). */
  ruleId?: string;
  /** What the change does, in words. */
  text: string;
}

/** One change of the plan: the whole RRset to publish at a name (`records: []` removes it). */
export interface PlanChange extends DnsChange {
  /** The TTL to publish it with: the current RRset's, or 3600 for a new one. */
  ttl: number;
  /** Why (at least one). */
  reasons: ChangeReason[];
  /**
   * What to know before publishing: each SPF term removed (its cost in lookups and why it serves
   * no described path), each flattened include (its TTL and the risk), each DMARC stage.
   */
  notes: string[];
}

/** A step DNS cannot do: the rule it answers, where, and the exact action. */
export interface ManualStep {
  ruleId: string;
  domain: string;
  path?: string;
  /** The exact action (Markdown: commands and DNS text in code spans). */
  action: string;
}

/** An error finding that the `after` audit still reports. */
export interface RemainingFinding {
  ruleId: string;
  domain: string;
  path?: string;
  message: string;
  /** A manual step covers it (same rule, domain and path): done, it goes away. */
  covered: boolean;
}

/** The plan. */
export interface Plan {
  version: 1;
  kind: "plan";
  tool: { name: "email-auth-audit"; version: string };
  generatedAt: string;
  org: { name: string };
  /** The DNS changes, one per (name, type), in a stable order (by domain, then name, then type). */
  changes: PlanChange[];
  manualSteps: ManualStep[];
  /** Changes that cannot be published together (RFC 2181 §10.1), checked against the zone. */
  conflicts: OverlayConflict[];
  /** The audit as DNS is. */
  before: AuditReport;
  /** The audit over the changes (an `OverlayResolver` over the same cached answers). */
  after: AuditReport;
  summary: {
    /**
     * `clean`: the `after` audit has no error finding; `manual`: every one left is covered by a
     * manual step; `unresolved`: some are not, or the changes conflict. The CLI exits 0 for the
     * first two, 1 for `unresolved`.
     */
    status: "clean" | "manual" | "unresolved";
    /** Error findings before and after (accepted and baselined ones left out). */
    errors: { before: number; after: number };
    remaining: RemainingFinding[];
  };
}
