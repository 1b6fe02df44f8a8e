import { defineRule } from "./define.ts";
import { appliedRecords, coversText } from "./dmarc-helpers.ts";
import { dmarcEvidence } from "./path-helpers.ts";
import { rfc } from "./references.ts";

const STRENGTH = { none: 0, quarantine: 1, reject: 2 } as const;

export default defineRule(
  {
    id: "dmarc-subdomain-weaker",
    severity: "warning",
    scope: "domain",
    title: "Subdomains get a weaker DMARC policy than the domain",
    description:
      "`sp` sets the policy for subdomains and `np` (RFC 9989) for subdomains that do not exist. When either is weaker than `p`, attackers simply spoof a subdomain (`billing.example.com`, or an invented one) instead of the protected domain.",
    references: [rfc(9989, "4.7"), rfc(9091, "4")],
    fix: "Remove `sp`/`np` (they then default to `p`) or set them at least as strict as `p`; give a subdomain that is still being set up its own `_dmarc` record instead.",
  },
  ({ facts, report }) => {
    for (const applied of appliedRecords(facts)) {
      const record = applied.discovery.record?.record;
      if (record === undefined) continue;
      const weaker: string[] = [];
      if (!record.defaulted.includes("sp") && STRENGTH[record.sp] < STRENGTH[record.p]) weaker.push(`sp=${record.sp}`);
      if (!record.defaulted.includes("np") && STRENGTH[record.np] < STRENGTH[record.p]) weaker.push(`np=${record.np}`);
      if (weaker.length === 0) continue;
      report({
        domain: applied.policyDomain,
        message: `The DMARC record of ${applied.policyDomain}${coversText(applied)} has p=${record.p} but ${weaker.join(" and ")}: spoofing a subdomain meets a weaker policy.`,
        evidence: dmarcEvidence(applied.discovery),
      });
    }
  },
);
