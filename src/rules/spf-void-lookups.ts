import { defineRule } from "./define.ts";
import { rfc } from "./references.ts";
import { pathEvidence } from "./spf-helpers.ts";

export default defineRule(
  {
    id: "spf-void-lookups",
    severity: "error",
    scope: "domain",
    title: "The SPF tree makes more than 2 void lookups",
    description:
      "RFC 7208 §4.6.4: a DNS-querying term whose lookup finds nothing (NXDOMAIN, or no records of the type) is a *void lookup*; receivers SHOULD return `permerror` after 2. Voids usually come from includes and `a:`/`mx` terms that point at names that were deleted. Counted per client address family, since `a` asks A for IPv4 clients and AAAA for IPv6 clients.",
    references: [rfc(7208, "4.6.4")],
    fix: "Remove or correct the terms that point at names without records.",
  },
  ({ facts, report }) => {
    for (const domain of facts.domains) {
      const v = domain.spf.analysis.voidLookups;
      if (!v.exceeded) continue;
      const finding = domain.spf.analysis.findings.find((f) => f.code === "void-lookup-limit");
      report({
        domain: domain.domain,
        message: `The SPF tree of ${domain.domain} makes ${v.ipv4} void lookups for an IPv4 client and ${v.ipv6} for an IPv6 client (limit ${v.limit}): ${v.terms.map((t) => `"${t.term}" in ${t.domain} (${t.name}, ${t.families.join("/")})`).join(", ")}.`,
        evidence: finding ? pathEvidence(domain, finding) : [],
      });
    }
  },
);
