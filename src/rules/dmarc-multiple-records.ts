import { defineRule } from "./define.ts";
import { dmarcLookupEvidence } from "./path-helpers.ts";
import { rfc } from "./references.ts";

export default defineRule(
  {
    id: "dmarc-multiple-records",
    severity: "error",
    scope: "domain",
    title: "Several DMARC records at one name",
    description:
      "When `_dmarc.<domain>` holds more than one TXT record starting with `v=DMARC1`, receivers discard them all (RFC 9989 §4.10, RFC 7489 §6.6.3): the domain behaves as if it had no DMARC record.",
    references: [rfc(9989, "4.10"), rfc(7489, "6.6.3")],
    fix: "Keep exactly one DMARC record at the name: merge the tags you need into it and delete the others.",
  },
  ({ facts, report }) => {
    const seen = new Set<string>();
    for (const domain of facts.domains) {
      for (const lookup of domain.dmarc?.lookups ?? []) {
        if (lookup.outcome !== "multiple" || seen.has(lookup.name)) continue;
        seen.add(lookup.name);
        report({
          domain: lookup.domain,
          message: `${lookup.name} holds ${lookup.dmarc.length} DMARC records; receivers ignore them all.`,
          evidence: [dmarcLookupEvidence(lookup)],
        });
      }
    }
  },
);
