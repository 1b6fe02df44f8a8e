import { defineRule } from "./define.ts";
import { appliedRecords, coversText } from "./dmarc-helpers.ts";
import { dmarcEvidence } from "./path-helpers.ts";
import { rfc } from "./references.ts";

export default defineRule(
  {
    id: "dmarc-pct-partial",
    severity: "warning",
    scope: "domain",
    title: "The DMARC policy applies to only part of the mail (pct < 100)",
    description:
      "RFC 7489's `pct` asks receivers to apply the policy to a percentage of failing mail and the next weaker policy to the rest. It was meant for a gradual roll-out; left below 100 it keeps part of the spoofed mail flowing. RFC 9989 removed `pct` (Appendix C.5.2) and replaced it with `t=y`: RFC 9989 receivers ignore it, while RFC 7489 receivers still apply it, so the same record means two things.",
    references: [rfc(7489, "6.3"), rfc(9989, "C.5.2")],
    fix: "Finish the roll-out: remove `pct` (it then means 100) or set `pct=100`; use `t=y` for testing under RFC 9989.",
  },
  ({ facts, report }) => {
    for (const applied of appliedRecords(facts)) {
      const record = applied.discovery.record?.record;
      // Under RFC 9989 `pct` counts as defaulted (the tag is gone) but is still parsed: look at what was written.
      const written = applied.discovery.record?.tags.some((t) => t.name === "pct") === true;
      if (record === undefined || !written || record.pct >= 100 || record.p === "none") continue;
      report({
        domain: applied.policyDomain,
        message: `The DMARC record of ${applied.policyDomain}${coversText(applied)} has pct=${record.pct}: RFC 7489 receivers apply p=${record.p} to only ${record.pct}% of failing mail.`,
        evidence: dmarcEvidence(applied.discovery),
      });
    }
  },
);
