import { getRule } from "../rules/index.ts";
import type { RuleMeta } from "../rules/types.ts";

/** The metadata of a rule, for the formatters (SARIF rule descriptions, help links, Markdown). */
export function ruleMeta(id: string): RuleMeta | undefined {
  return getRule(id)?.meta;
}
