import { printable } from "../common/printable.ts";
import { identifyProviders } from "../providers/match.ts";
import type { ProviderCatalog } from "../providers/types.ts";
import { defineRule } from "./define.ts";
import { keyEvidence, keyUses, usedBy } from "./dkim-helpers.ts";

/**
 * The zone-file mistake of a CNAME target written without its trailing dot: the zone's origin is
 * appended (RFC 1035 §5.1: a name without a final dot is relative), so `dkim3.mcsv.net` in the
 * zone of fabrikam.com becomes `dkim3.mcsv.net.fabrikam.com`. Returns the intended target when
 * what precedes the zone name is a provider's name.
 */
export function missingTrailingDot(target: string, zone: string, catalog: ProviderCatalog): string | undefined {
  const labels = zone.split(".");
  // The origin may be the signing domain or any parent zone of it (but never a TLD alone).
  for (let i = 0; i < labels.length - 1; i++) {
    const origin = labels.slice(i).join(".");
    if (!target.endsWith(`.${origin}`)) continue;
    const intended = target.slice(0, -origin.length - 1);
    if (intended.includes(".") && identifyProviders(catalog, { cnameTargets: [intended] }).length > 0) return intended;
  }
  return undefined;
}

import { rfc } from "./references.ts";

export default defineRule(
  {
    id: "dkim-cname-dangling",
    severity: "error",
    scope: "domain",
    title: "A DKIM selector is a CNAME to a provider name that does not exist",
    description:
      "Providers that rotate keys for their customers (Microsoft 365, SendGrid, Amazon SES, Mailchimp...) have the customer publish `<selector>._domainkey.<domain>` as a CNAME to a name they host. When that target does not exist (the account was closed, the domain never finished set-up, a typo), verifiers find no key and the signature fails. A dangling CNAME into a provider's namespace can also be taken over by whoever registers that name there.",
    references: [rfc(6376, "3.6.2.1"), rfc(1034, "3.6.2")],
    fix: "Finish the domain's DKIM set-up with the provider (it then publishes the target), correct the CNAME to the target the provider shows, or remove the CNAME if the provider is no longer used.",
  },
  ({ facts, report }) => {
    for (const use of keyUses(facts, { skipExchangeOnline: true })) {
      if (use.lookup.status !== "dangling") continue;
      const target = use.lookup.cname?.target ?? "(unknown)";
      const intended = missingTrailingDot(target, use.domain, facts.catalog);
      if (intended !== undefined) {
        report({
          domain: use.domain,
          ...(use.path ? { path: use.path.plan.pathId } : {}),
          message: `${use.lookup.name}${usedBy(use)} is a CNAME to ${target}, which holds no key: the target was written without its trailing dot, so the zone's name was appended to ${intended}.`,
          evidence: keyEvidence(use.lookup),
          fix: `Write the target with a final dot (in a zone file a name without one is relative to the zone):\n\n    ${printable(use.lookup.name)}. CNAME ${printable(intended)}.`,
        });
        continue;
      }
      const provider = use.lookup.cname?.provider ? ` (${use.lookup.cname.provider})` : "";
      report({
        domain: use.domain,
        ...(use.path ? { path: use.path.plan.pathId } : {}),
        message: `${use.lookup.name}${usedBy(use)} is a CNAME to ${target}${provider}, which holds no key.`,
        evidence: keyEvidence(use.lookup),
      });
    }
  },
);
