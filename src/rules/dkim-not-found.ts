import { defineRule } from "./define.ts";
import { rfc } from "./references.ts";

export default defineRule(
  {
    id: "dkim-not-found",
    severity: "info",
    scope: "domain",
    title: "No DKIM key found at the known selectors (check without a description)",
    description:
      "DNS cannot list a domain's DKIM selectors (RFC 6376 §3.6.2.1 keys sit at `<selector>._domainkey.<domain>`, and nothing enumerates them), so a check without an organisation description tries the selectors providers and common platforms use. Finding none does not prove the domain does not sign: its selectors may simply be unusual. An NXDOMAIN at `_domainkey.<domain>` (RFC 8020) does prove that no key exists below it.",
    references: [rfc(6376, "3.6.2.1"), rfc(8020, "2")],
    fix: "Give the domain's selectors (`--selector`, or the `dkim` list of a path in an organisation description), as the signing system or provider shows them.",
  },
  ({ facts, report }) => {
    const found = facts.discovered;
    // Absence is claimed only when every question was answered (dns-temperror reports the others).
    if (found === undefined || found.keys.length > 0 || !found.complete) return;
    const domain = facts.domains.find((d) => d.domain === found.domain);
    if (domain !== undefined && !domain.sends) return;
    report({
      domain: found.domain,
      message: `No DKIM key was found for ${found.domain} at ${found.asked} known selector name${found.asked === 1 ? "" : "s"}; if the domain signs, its selectors are not common ones.`,
    });
  },
);
