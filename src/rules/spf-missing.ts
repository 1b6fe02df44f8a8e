import { evidenceOf } from "../dns/evidence.ts";
import { defineRule } from "./define.ts";
import { rfc } from "./references.ts";

export default defineRule(
  {
    id: "spf-missing",
    severity: "error",
    scope: "domain",
    title: "A sending domain has no SPF record",
    description:
      "Receivers look up the SPF record of the MAIL FROM domain (and of the HELO name). Without one, check_host() returns `none` (RFC 7208 §4.5): no server is authorised, and DMARC cannot pass through SPF. Large mailbox providers require SPF (or DKIM) from every sender.",
    references: [rfc(7208, "4.5"), rfc(7208, "2.6.1")],
    fix: "Publish a TXT record starting with `v=spf1` that lists the servers and providers sending for the domain, ending in `-all` or `~all`.",
  },
  ({ facts, report }) => {
    const envelopes = new Set(facts.paths.map((p) => p.plan.mailFrom.domain));
    for (const domain of facts.domains) {
      if (!domain.sends || domain.spf.selection.status !== "none") continue;
      const evidence = [evidenceOf(domain.spf.answer)];
      if (envelopes.has(domain.domain)) {
        const paths = facts.paths.filter((p) => p.plan.mailFrom.domain === domain.domain).map((p) => p.plan.pathId);
        report({
          domain: domain.domain,
          message: `${domain.domain} is the MAIL FROM (envelope) domain of ${paths.join(", ")} but has no SPF record: ${domain.spf.selection.reason}. SPF gives none for every server.`,
          evidence,
        });
      } else {
        // Only a From domain: receivers never check SPF for it, but anyone can use it as an envelope domain.
        report({
          domain: domain.domain,
          severity: "info",
          message: `${domain.domain} sends mail (as a From domain) but publishes no SPF record; no path uses it as MAIL FROM, so nothing fails, but anyone may use it as an envelope domain.`,
          evidence,
          fix: `Publish \`${domain.domain} TXT "v=spf1 -all"\` so that no server may use ${domain.domain} as an envelope domain (its paths' envelopes use other domains).`,
        });
      }
    }
  },
);
