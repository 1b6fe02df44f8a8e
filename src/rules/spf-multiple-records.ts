import { evidenceOf } from "../dns/evidence.ts";
import type { DomainFacts } from "../facts/types.ts";
import type { SpfFinding } from "../spf/analysis-types.ts";
import { defineRule } from "./define.ts";
import { rfc } from "./references.ts";
import { pathEvidence, spfFindings, where } from "./spf-helpers.ts";

export default defineRule(
  {
    id: "spf-multiple-records",
    severity: "error",
    scope: "domain",
    title: "Several SPF records at one domain",
    description:
      "A domain must publish exactly one record starting with `v=spf1` (RFC 7208 §3.2). With two or more, check_host() returns `permerror` (§4.5) and SPF fails for every sender: a common result of adding a provider's record beside the existing one instead of merging them.",
    references: [rfc(7208, "3.2"), rfc(7208, "4.5")],
    fix: "Merge the records into one: keep one `v=spf1`, all the mechanisms (includes, ip4/ip6...) from each, and one `all` at the end.",
  },
  ({ facts, report }) => {
    // The analysis findings once for every domain (asking per domain made the rule quadratic).
    const below = new Map<DomainFacts, SpfFinding[]>();
    for (const { domain, finding } of spfFindings(facts, ["multiple-records"])) {
      if (finding.domain === domain.domain) continue;
      const list = below.get(domain) ?? [];
      list.push(finding);
      below.set(domain, list);
    }
    for (const domain of facts.domains) {
      const s = domain.spf.selection;
      if (s.status === "multiple") {
        report({
          domain: domain.domain,
          message: `${domain.domain} publishes ${s.records.length} SPF records, so every SPF check gives permerror: ${s.records.map((r) => `\`${r}\``).join(" and ")}.`,
          evidence: [evidenceOf(domain.spf.answer)],
        });
      }
      // An include or redirect target with several records breaks the tree too (§5.2: permerror).
      for (const finding of below.get(domain) ?? []) {
        report({
          domain: domain.domain,
          message: `SPF of ${domain.domain}${where(domain, finding)}: ${finding.message}.`,
          evidence: pathEvidence(domain, finding),
        });
      }
    }
  },
);
