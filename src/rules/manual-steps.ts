/** Manual steps the path rules share: what only a person can do, in exact words. */
import type { PathFacts } from "../verdicts/types.ts";
import { code } from "./fix-text.ts";

/**
 * A path that signs nothing: how to add DKIM. Exchange Server on-premises has no DKIM signing of
 * its own (Microsoft: "DKIM in Exchange Server": use a transport agent or the relay), so its mail
 * is signed at the smart host or routed through Exchange Online, which signs.
 */
export function addDkimStep(path: PathFacts): string {
  const via = path.plan.via;
  if (via.kind === "smart-host")
    return `Sign mail on path ${code(path.plan.pathId)} with ${code(`d=${path.plan.fromDomain}`)}: Exchange Server on-premises cannot DKIM-sign: sign at the smart host (${code(via.hostname)}) or route through Exchange Online; then add the selector to the path's ${code("dkim")} list.`;
  if (via.kind === "direct")
    return `Sign mail on path ${code(path.plan.pathId)} with ${code(`d=${path.plan.fromDomain}`)}: Exchange Server on-premises cannot DKIM-sign: sign at a smart host or route through Exchange Online; then add the selector to the path's ${code("dkim")} list.`;
  return `Set up DKIM for ${code(path.plan.fromDomain)} in ${via.entry.name} and give its selectors in the path's ${code("dkim")} list.`;
}

/** A provider that cannot use the customer's envelope domain: alignment can only come from DKIM. */
export function noCustomMailFromStep(path: PathFacts): string | undefined {
  const via = path.plan.via;
  if (via.kind !== "provider" || via.entry.mailFrom.custom.supported !== false) return undefined;
  return `${via.entry.name} offers no custom MAIL FROM: alignment through DKIM only. Make sure it signs with ${code(`d=${path.plan.fromDomain}`)} (or a domain under its Organizational Domain).`;
}
