import { defineRule } from "./define.ts";
import { keyEvidence, keyUses, usedBy } from "./dkim-helpers.ts";
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
