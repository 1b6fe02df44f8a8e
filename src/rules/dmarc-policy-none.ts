import { defineRule } from "./define.ts";
import { appliedRecords, coversText } from "./dmarc-helpers.ts";
import { dmarcEvidence } from "./path-helpers.ts";
import { rfc } from "./references.ts";

export default defineRule(
  {
    id: "dmarc-policy-none",
    severity: "warning",
    scope: "domain",
    title: "The DMARC policy is p=none (monitoring only)",
    description:
      "`p=none` asks receivers to report DMARC failures but deliver the mail anyway: it is the right first step, but a domain left at `p=none` is as spoofable as one without DMARC. Once the aggregate reports show every legitimate path passing, the policy should move to `quarantine` and then `reject`.",
    references: [rfc(9989, "4.7"), rfc(9989, "7.1")],
    fix: "Check the aggregate reports (`rua`) until every legitimate source passes aligned, then publish `p=quarantine`, and later `p=reject`.",
  },
  ({ facts, report }) => {
    for (const applied of appliedRecords(facts, { sendingOnly: true })) {
      const record = applied.discovery.record?.record;
      if (record === undefined || record.p !== "none" || applied.discovery.status !== "found") continue;
      const unready = facts.paths
        .filter((p) => p.verdict.verdict === "fail" && applied.covers.some((c) => c.domain === p.plan.fromDomain))
        .map((p) => p.plan.pathId);
      report({
        domain: applied.policyDomain,
        message: `The DMARC policy of ${applied.policyDomain}${coversText(applied)} is p=none: receivers report failures but deliver spoofed mail.${unready.length > 0 ? ` Fix the failing paths first (${unready.join(", ")}): they would be rejected at p=reject.` : ""}`,
        evidence: dmarcEvidence(applied.discovery),
      });
    }
  },
);
