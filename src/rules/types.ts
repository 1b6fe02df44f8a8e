/**
 * The rules engine's vocabulary. A rule is a small module, like an ESLint rule: `meta` (id,
 * severity, title, description, references, fix) and a pure, synchronous `check` that reads the
 * audit's resolved facts and reports findings. No rule asks DNS: the audit resolves everything
 * first, so rules are cheap, deterministic and testable from fixtures.
 */
import type { Severity } from "../common/severity.ts";
import type { DnsChange } from "../dns/overlay-changes.ts";
import type { Evidence } from "../facts/evidence.ts";

/** A reference: an RFC section or a vendor document. */
export interface Reference {
  /** e.g. "RFC 7208 §4.6.4" or "Microsoft: Set up DKIM". */
  label: string;
  url: string;
}

/** What a rule is about: a domain's own DNS, a sending path, or the organisation description. */
export type RuleScope = "domain" | "path" | "org";

/** A rule's metadata; `docs/rules/<id>.md` is generated from it. */
export interface RuleMeta {
  /** Stable, public id (users filter on it): lower-case, hyphenated. */
  id: string;
  severity: Severity;
  scope: RuleScope;
  /** One line. */
  title: string;
  /** What the rule checks and why it matters (Markdown). */
  description: string;
  references: Reference[];
  /** The generic fix (Markdown); a finding may give a more specific one. */
  fix: string;
  /**
   * The other severities a finding of this rule may take, each with the context that gives it
   * (docs/rules shows them). A finding with a severity that is neither `severity` nor listed here is
   * a bug: the engine turns it into an internal-error finding.
   */
  adjustments?: SeverityAdjustment[];
}

/** A documented context in which a rule reports at another severity than its default. */
export interface SeverityAdjustment {
  severity: Severity;
  /** When, in words: "the domain is only a From domain (no path uses it as MAIL FROM)". */
  when: string;
}

/** A finding: plain JSON. */
export interface Finding {
  ruleId: string;
  severity: Severity;
  /** The domain the finding is about. */
  domain: string;
  /** The sending path, for path-scoped findings. */
  path?: string;
  message: string;
  /** What proves it: DNS questions and answers, or other observations (configuration, reports, probes). */
  evidence: Evidence[];
  /**
   * Set when the finding's evidence was cut to its size limits (docs/security.md): pieces of
   * evidence not shown, and their size in UTF-8 bytes. Each piece shown says what it lost itself.
   */
  omittedEvidence?: { count: number; bytes: number };
  references: Reference[];
  fix: string;
  /**
   * The DNS changes that fix this finding, as whole RRsets to publish (`records: []` removes one).
   * The audit verifies them by auditing again over them (see `verification`).
   */
  changes?: DnsChange[];
  /** What DNS cannot fix: each an exact action for a person (Markdown; DNS text in code spans). */
  manualSteps?: string[];
  /** Whether `changes` were proven by re-auditing over them; set by the audit when there are changes. */
  verification?: FixVerification;
  /** The organisation description acknowledges this finding (`accept`): reported, but not counted for `--fail-on`. */
  accepted?: { reason: string };
  /** A stable identity (rule, domain, path, the evidence's names), for baselines and code scanning. */
  fingerprint?: string;
  /** The finding is in the baseline the audit was given: not new, so not counted for `--fail-on`. */
  baselined?: true;
}

/**
 * What re-auditing over a finding's changes showed (docs/plan.md):
 * - `verified`: the finding goes away and no new error finding appears;
 * - `unverified`: it does not go away, a new error appears, or the changes conflict (`reason`
 *   says which): never present such changes as "publish this";
 * - `needs-manual-steps`: the changes are consistent and create no new error, but the finding goes
 *   away only once its manual steps are done too.
 */
export interface FixVerification {
  status: "verified" | "unverified" | "needs-manual-steps";
  reason?: string;
}

/** What a rule's check reports; the engine fills in ruleId, severity, references and the default fix. */
export interface Report {
  domain: string;
  path?: string;
  message: string;
  evidence?: Evidence[];
  /** A fix specific to this finding (defaults to the rule's). */
  fix?: string;
  /**
   * The DNS changes that fix it (whole RRsets, as `OverlayResolver` takes them). Give them whenever
   * the fix is records to publish: the audit proves them by auditing again over them.
   */
  changes?: DnsChange[];
  /** Steps DNS cannot do, each an exact action (Markdown; DNS text in code spans, see fix-text.ts). */
  manual?: string[];
  /** Another severity for this finding: one of the rule's documented `adjustments`. */
  severity?: Severity;
  /**
   * One cause, one finding: rule ids whose findings about the same path (or, for a finding without
   * a path, the same domain) are consequences of this one. The engine drops them; this finding's
   * message lists them.
   */
  supersedes?: string[];
}

/** What a check receives: the facts (read-only) and a way to report. */
export interface RuleContext<Facts> {
  readonly facts: Facts;
  report(report: Report): void;
}

/** A rule over facts of type `Facts`. */
export interface Rule<Facts> {
  meta: RuleMeta;
  check(context: RuleContext<Facts>): void;
}
