/** The DKIM part of a path verdict: what a receiver's verifier would give each signature. */
import type { DkimKeyLookup, DkimResult } from "../dkim/types.ts";
import type { PathPlan } from "../org/plan.ts";
import type { Unknown } from "./types.ts";

/**
 * A key lookup as the DKIM result a receiver would give a signature made with it (RFC 6376 §6.1.2,
 * RFC 8601 §2.7.1). A selector the description does not give (the provider assigns it) is
 * `unknown`: the audit cannot tell, and says so, never "fail".
 */
export function dkimResultOf(lookup: DkimKeyLookup | undefined): { result: DkimResult | Unknown; reason?: string } {
  if (lookup === undefined)
    return {
      result: "unknown",
      reason: "the selector is assigned by the provider: give the selectors in the path's dkim list",
    };
  if (lookup.usable) return { result: "pass" };
  if (lookup.failure === "temperror")
    return { result: "temperror", reason: `the key could not be read: ${lookup.status}` };
  const first = lookup.diagnostics.find((d) => d.severity === "error");
  return { result: "permerror", reason: first?.message ?? `key ${lookup.status}` };
}

/**
 * The signature a provider adds with its own domain while the customer's domain is not set up for
 * DKIM (Exchange Online's `<tenant>.onmicrosoft.com`, SendGrid's `sendgrid.net`): it passes, but
 * cannot align with the From domain. The caller applies it only when the customer's keys are
 * proven absent.
 */
export function providerFallback(plan: PathPlan): { domain: string; selector: string; reason: string } | undefined {
  if (plan.via.kind !== "provider") return undefined;
  const fallback = plan.via.defaultSigning;
  if (fallback.signsWithOwnDomain !== true || fallback.domain === undefined || fallback.domain.includes("{"))
    return undefined;
  return {
    domain: fallback.domain,
    selector: "(provider)",
    reason: `${plan.via.entry.name} signs with its own domain ${fallback.domain} until DKIM is set up for ${plan.fromDomain}`,
  };
}
