import { defineRule } from "./define.ts";
import { appliedRecords, coversText } from "./dmarc-helpers.ts";
import { dmarcEvidence } from "./path-helpers.ts";
import { rfc } from "./references.ts";

export default defineRule(
  {
    id: "dmarc-rua-missing",
    severity: "warning",
    scope: "domain",
    title: "The DMARC record asks for no aggregate reports",
    description:
      "Aggregate reports (`rua`, RFC 9990) are how a domain owner learns which servers send in its name and which legitimate paths fail: without them, moving from `p=none` to enforcement is guesswork, and breakage after a change goes unseen.",
    references: [rfc(9989, "4.7"), rfc(9990, "2")],
    fix: "Add `rua=mailto:<address>` with a mailbox (or a report-processing service) that reads the reports.",
  },
  ({ facts, report }) => {
    for (const applied of appliedRecords(facts, { sendingOnly: true })) {
      const record = applied.discovery.record?.record;
      if (record === undefined || record.rua.length > 0) continue;
      report({
        domain: applied.policyDomain,
        message: `The DMARC record of ${applied.policyDomain}${coversText(applied)} has no valid rua: nobody receives aggregate reports.`,
        evidence: dmarcEvidence(applied.discovery),
      });
    }
  },
);
