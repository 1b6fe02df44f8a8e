import { codeSpan } from "../common/printable.ts";
import type { DnsEvidence } from "../dns/evidence.ts";
import { defineRule } from "./define.ts";
import { rfc } from "./references.ts";

export default defineRule(
  {
    id: "dmarc-report-destination-unauthorized",
    severity: "warning",
    scope: "domain",
    title: "A DMARC report address in another organisation has not authorised the reports",
    description:
      "Before sending reports to an address outside the policy domain's Organizational Domain, receivers look for `<policy-domain>._report._dmarc.<destination-host>` holding `v=DMARC1` (RFC 7489 §7.1, RFC 9990 §3); report processors often publish a wildcard `*._report._dmarc.<host>` for all their customers. Without it, those reports are never sent. An address in the same Organizational Domain needs no authorisation, and is not reported here.",
    references: [rfc(7489, "7.1"), rfc(9990, "3")],
    fix: "Ask the report processor to publish the authorisation record (or its wildcard), or use an address it has authorised.",
  },
  ({ facts, report }) => {
    const seen = new Set<string>();
    for (const domain of facts.domains) {
      const reports = domain.reports;
      if (reports === undefined || seen.has(reports.policyDomain)) continue;
      seen.add(reports.policyDomain);
      for (const dest of reports.unauthorized) {
        const evidence: DnsEvidence[] = [];
        if (dest.queryName !== undefined && dest.answer !== undefined) {
          evidence.push({
            name: dest.queryName,
            type: "TXT",
            status: dest.answer.status,
            records: [...dest.answer.txt],
            ...(dest.answer.cnameChain.length > 0 ? { cnameChain: [...dest.answer.cnameChain] } : {}),
            note: dest.reason,
          });
        }
        report({
          domain: reports.policyDomain,
          message: `The ${dest.tag} address ${dest.uri.address ?? dest.uri.uri} is in another organisation (${dest.uri.host}) that has not authorised reports for ${reports.policyDomain}: ${dest.reason}.`,
          evidence,
          fix: `Ask the operator of ${codeSpan(dest.uri.host ?? "")} to publish ${codeSpan(`${reports.policyDomain}._report._dmarc.${dest.uri.host} TXT "v=DMARC1"`)} (or ${codeSpan(`*._report._dmarc.${dest.uri.host}`)}), or remove the address from ${dest.tag}.`,
        });
      }
    }
  },
);
