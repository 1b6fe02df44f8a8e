import type { AuditFacts } from "../verdicts/types.ts";
import type { Rule, RuleContext, RuleMeta } from "./types.ts";

/** A rule over the audit's facts. */
export type AuditRule = Rule<AuditFacts>;
export type AuditRuleContext = RuleContext<AuditFacts>;

/** Defines a rule (an identity function that fixes the types, like ESLint's rule objects). */
export function defineRule(meta: RuleMeta, check: (context: AuditRuleContext) => void): AuditRule {
  return { meta, check };
}

/** "a, b and c". */
export function listWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}
