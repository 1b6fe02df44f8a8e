/**
 * `email-auth-audit/plan`: fix plans proven by re-auditing (docs/plan.md): `plan(org, options)`
 * merges every fix of an audit into one consistent set of DNS changes and manual steps, and audits
 * again over an `OverlayResolver` of the changes.
 */
export { covers, plan } from "./plan.ts";
export { planSchema } from "./schema.ts";
export type {
  ChangeReason,
  ManualStep,
  Plan,
  PlanChange,
  PlanOptions,
  RemainingFinding,
} from "./types.ts";
