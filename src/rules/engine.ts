import { severityRank } from "../common/severity.ts";
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

/**
 * Runs rules over facts and returns their findings, sorted by severity, domain, path and rule id.
 * A rule that throws does not stop the others: it becomes an `error` finding of its own, so a bug
 * is visible rather than silently passing.
 */
export function runRules<Facts>(rules: readonly Rule<Facts>[], facts: Facts): Finding[] {
  const findings: Finding[] = [];
  for (const rule of rules) {
    const report = (r: Report) => {
      const finding: Finding = {
        ruleId: rule.meta.id,
        severity: r.severity ?? rule.meta.severity,
        domain: r.domain,
        message: r.message,
        evidence: r.evidence ?? [],
        references: rule.meta.references,
        fix: r.fix ?? rule.meta.fix,
      };
      if (r.path !== undefined) finding.path = r.path;
      findings.push(finding);
    };
    try {
      rule.check({ facts, report });
    } catch (error) {
      findings.push({
        ruleId: rule.meta.id,
        severity: "error",
        domain: "",
        message: `internal error in rule ${rule.meta.id}: ${(error as Error).message}`,
        evidence: [],
        references: [],
        fix: "Report this as a bug in email-auth-audit.",
      });
    }
  }
  return findings.sort(
    (a, b) =>
      severityRank(a.severity) - severityRank(b.severity) ||
      a.domain.localeCompare(b.domain) ||
      (a.path ?? "").localeCompare(b.path ?? "") ||
      a.ruleId.localeCompare(b.ruleId),
  );
}
