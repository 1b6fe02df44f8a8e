import { type SeverityCounts, severityRank } from "../common/severity.ts";
import { capFinding, evidenceBytes, FINDING_LIMITS, utf8Bytes } from "./finding-caps.ts";
import type { Finding, Report, Rule } from "./types.ts";

/** Which rules run. */
export interface RuleSelection {
  /** Only these rule ids (default: all). */
  only?: readonly string[];
  /** Not these rule ids. */
  disable?: readonly string[];
}

/** Picks rules by id; an unknown id is an error (a typo must not silently disable nothing). */
export function selectRules<Facts>(all: readonly Rule<Facts>[], selection: RuleSelection = {}): Rule<Facts>[] {
  const known = new Set(all.map((r) => r.meta.id));
  const unknown = [...(selection.only ?? []), ...(selection.disable ?? [])].filter((id) => !known.has(id));
  if (unknown.length > 0) throw new RangeError(`unknown rule id(s): ${unknown.join(", ")}`);
  const only = selection.only ? new Set(selection.only) : undefined;
  const disable = new Set(selection.disable ?? []);
  return all.filter((r) => (only === undefined || only.has(r.meta.id)) && !disable.has(r.meta.id));
}

/** The finding that stands for a rule that threw or broke its own contract: always an error, never hidden. */
function internalError(ruleId: string, error: unknown): Finding {
  return {
    ruleId,
    severity: "error",
    domain: "",
    message: `internal error in rule ${ruleId}: ${error instanceof Error ? error.message : String(error)}`,
    evidence: [],
    references: [],
    fix: "Report this as a bug in email-auth-audit.",
  };
}

/** The key a superseded finding is found by: its rule and its path (or, without a path, its domain). */
function supersedeKey(ruleId: string, domain: string, path: string | undefined): string {
  return path !== undefined ? `${ruleId}\u0000path\u0000${path}` : `${ruleId}\u0000domain\u0000${domain}`;
}

/** Findings the engine did not list (past {@link FINDING_LIMITS}.perSubject), by severity, and their size in UTF-8 bytes. */
export interface NotListed extends SeverityCounts {
  bytes: number;
}

/** The findings of a run, and what it left out. */
export interface RuleRun {
  findings: Finding[];
  notListed: NotListed;
}

function noneListed(): NotListed {
  return { error: 0, warning: 0, info: 0, bytes: 0 };
}

/**
 * Runs rules over facts and returns their findings, sorted by severity, domain, path and rule id.
 * A rule that throws (or reports a severity its metadata does not document) does not stop the
 * others: it becomes an `error` finding of its own, so a bug is visible rather than silently
 * passing. Findings that another finding `supersedes` (one cause, one finding) are dropped. Every
 * finding is cut to the size limits of {@link capFinding}, and at most 10 findings of one rule
 * about one domain (or path) are listed; the others are counted in `notListed` (docs/security.md).
 * Linear in the findings (and their sort).
 */
export function runRulesDetailed<Facts>(rules: readonly Rule<Facts>[], facts: Facts): RuleRun {
  const findings: Finding[] = [];
  const superseded = new Set<string>();
  const dropped = new Map<string, NotListed>();
  for (const rule of rules) {
    const meta = rule.meta;
    const allowed = new Set([meta.severity, ...(meta.adjustments ?? []).map((a) => a.severity)]);
    const produced: Finding[] = [];
    const perSubject = new Map<string, number>();
    const over = new Map<string, NotListed>();
    const report = (r: Report) => {
      const severity = r.severity ?? meta.severity;
      if (!allowed.has(severity))
        throw new Error(`reported severity ${severity}, which the rule's metadata does not document`);
      for (const id of r.supersedes ?? []) superseded.add(supersedeKey(id, r.domain, r.path));
      const key = supersedeKey(meta.id, r.domain, r.path);
      const n = (perSubject.get(key) ?? 0) + 1;
      perSubject.set(key, n);
      if (n > FINDING_LIMITS.perSubject) {
        const left = over.get(key) ?? noneListed();
        left[severity]++;
        left.bytes += utf8Bytes(r.message) + (r.evidence ?? []).reduce((sum, e) => sum + evidenceBytes(e), 0);
        over.set(key, left);
        return;
      }
      const finding: Finding = {
        ruleId: meta.id,
        severity,
        domain: r.domain,
        message: r.message,
        evidence: r.evidence ?? [],
        references: meta.references,
        fix: r.fix ?? meta.fix,
      };
      if (r.path !== undefined) finding.path = r.path;
      if (r.changes !== undefined && r.changes.length > 0)
        finding.changes = r.changes.map((c) => ({ ...c, records: [...c.records] }));
      if (r.manual !== undefined && r.manual.length > 0) finding.manualSteps = [...r.manual];
      produced.push(capFinding(finding));
    };
    try {
      rule.check({ facts, report });
      for (const f of produced) findings.push(f);
      for (const [key, left] of over) dropped.set(key, left);
    } catch (error) {
      findings.push(capFinding(internalError(meta.id, error)));
    }
  }
  const notListed = noneListed();
  for (const [key, left] of dropped) {
    if (superseded.has(key)) continue;
    notListed.error += left.error;
    notListed.warning += left.warning;
    notListed.info += left.info;
    notListed.bytes += left.bytes;
  }
  const covered = (f: Finding) => superseded.has(supersedeKey(f.ruleId, f.domain, f.path));
  const listed = findings
    .filter((f) => !covered(f))
    .sort(
      (a, b) =>
        severityRank(a.severity) - severityRank(b.severity) ||
        a.domain.localeCompare(b.domain) ||
        (a.path ?? "").localeCompare(b.path ?? "") ||
        a.ruleId.localeCompare(b.ruleId),
    );
  return { findings: listed, notListed };
}

/** {@link runRulesDetailed}'s findings alone. */
export function runRules<Facts>(rules: readonly Rule<Facts>[], facts: Facts): Finding[] {
  return runRulesDetailed(rules, facts).findings;
}
