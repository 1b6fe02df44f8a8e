/**
 * Acknowledged findings: the organisation description may `accept` a rule on a path or a domain,
 * with a reason. Such findings are still reported, marked accepted with the reason, and do not
 * count for `--fail-on` (docs/org.md).
 */
import type { Organisation } from "../org/types.ts";
import type { Finding } from "../rules/types.ts";

/**
 * Marks the findings the description accepts. A path's `accept` covers that path's findings; a
 * domain's covers every finding about the domain (its paths' too). The path's reason wins when both apply.
 */
export function applyAccepts(findings: readonly Finding[], org: Organisation): void {
  const byPath = new Map<string, Map<string, string>>();
  for (const p of org.paths) {
    const rules = new Map((p.accept ?? []).map((a) => [a.rule, a.reason]));
    if (rules.size > 0) byPath.set(p.id, rules);
  }
  const byDomain = new Map<string, Map<string, string>>();
  for (const d of org.domains) {
    const rules = new Map((d.accept ?? []).map((a) => [a.rule, a.reason]));
    if (rules.size > 0) byDomain.set(d.name.toLowerCase().replace(/\.$/, ""), rules);
  }
  if (byPath.size === 0 && byDomain.size === 0) return;
  for (const f of findings) {
    const reason =
      (f.path !== undefined ? byPath.get(f.path)?.get(f.ruleId) : undefined) ??
      byDomain.get(f.domain.toLowerCase())?.get(f.ruleId);
    if (reason !== undefined) f.accepted = { reason };
  }
}

/** Whether a finding counts for `--fail-on` (and the report's status): not accepted, not in the baseline. */
export function counts(f: Pick<Finding, "accepted" | "baselined">): boolean {
  return f.accepted === undefined && f.baselined === undefined;
}
