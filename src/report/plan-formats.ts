/** The formats of a plan: text (the default), JSON (schema/plan.schema.json), Markdown, and a zone-file fragment. */
import type { Plan } from "../plan/types.ts";
import { formatPlanMarkdown } from "./plan-markdown.ts";
import { formatPlanText } from "./plan-text.ts";
import type { FormatOptions } from "./types.ts";
import { formatZone } from "./zone.ts";

/** The plan format names, the default first. */
export const PLAN_FORMAT_NAMES = ["text", "json", "markdown", "zone"] as const;

export type PlanFormatName = (typeof PLAN_FORMAT_NAMES)[number];

/** One plan format. Pure: the same plan and options give the same string. */
export type PlanFormatter = (plan: Plan, options?: FormatOptions) => string;

/** Every plan formatter by name. */
export const planFormatters: Readonly<Record<PlanFormatName, PlanFormatter>> = Object.freeze({
  text: formatPlanText,
  json: (plan: Plan) => `${JSON.stringify(plan, null, 2)}\n`,
  markdown: formatPlanMarkdown,
  zone: formatZone,
});
