import { severityRank } from "../common/severity.ts";
import { capFinding } from "./finding-caps.ts";
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

/**
 * Runs rules over facts and returns their findings, sorted by severity, domain, path and rule id.
 * A rule that throws (or reports a severity its metadata does not document) does not stop the
 * others: it becomes an `error` finding of its own, so a bug is visible rather than silently
 * passing. Findings that another finding `supersedes` (one cause, one finding) are dropped. Every
 * finding is cut to the size limits of {@link capFinding} (docs/security.md). Linear in the
 * findings (and their sort).
 */
export function runRules<Facts>(rules: readonly Rule<Facts>[], facts: Facts): Finding[] {
  const findings: Finding[] = [];
  const superseded = new Set<string>();
  for (const rule of rules) {
    const meta = rule.meta;
    const allowed = new Set([meta.severity, ...(meta.adjustments ?? []).map((a) => a.severity)]);
    const produced: Finding[] = [];
    const report = (r: Report) => {
      const severity = r.severity ?? meta.severity;
      if (!allowed.has(severity))
        throw new Error(`reported severity ${severity}, which the rule's metadata does not document`);
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
      produced.push(capFinding(finding));
      for (const id of r.supersedes ?? []) superseded.add(supersedeKey(id, r.domain, r.path));
    };
    try {
      rule.check({ facts, report });
      for (const f of produced) findings.push(f);
    } catch (error) {
      findings.push(capFinding(internalError(meta.id, error)));
    }
  }
  const covered = (f: Finding) => superseded.has(supersedeKey(f.ruleId, f.domain, f.path));
  return findings
    .filter((f) => !covered(f))
    .sort(
      (a, b) =>
        severityRank(a.severity) - severityRank(b.severity) ||
        a.domain.localeCompare(b.domain) ||
        (a.path ?? "").localeCompare(b.path ?? "") ||
        a.ruleId.localeCompare(b.ruleId),
    );
}
