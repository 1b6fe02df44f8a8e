import { evidenceOf } from "../dns/evidence.ts";
import { isMissingOrgDomain } from "../facts/state.ts";
import { defineRule } from "./define.ts";
import { rfc } from "./references.ts";

export default defineRule(
  {
    id: "domain-not-found",
    severity: "error",
    scope: "domain",
    title: "A domain does not exist in DNS",
    description:
      'The domain\'s own name answers NXDOMAIN: it does not exist (RFC 8020: nor does anything below it). Mail from it is refused by most receivers, and no SPF, DKIM or DMARC record can be published until it exists again. Usually a typo in the description or the domain list, or a registration that expired. None of the "publish a record" findings are reported for it.',
    references: [rfc(8020, "2"), rfc(9989, "3.2.13")],
    fix: "Check the spelling. If the domain is right, renew or re-delegate it (its registrar and name servers), then run the audit again.",
  },
  ({ facts, report }) => {
    for (const domain of facts.domains) {
      if (!isMissingOrgDomain(domain)) continue;
      const nx = [domain.spf.answer, domain.mx].filter((a) => a.status === "nxdomain");
      report({
        domain: domain.domain,
        message: `${domain.domain} does not exist (NXDOMAIN): a typo, or an expired domain?`,
        evidence: nx.map((a) => evidenceOf(a)),
      });
    }
  },
);
