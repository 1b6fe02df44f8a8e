import { isMissingOrgDomain } from "../facts/state.ts";
import { defineRule } from "./define.ts";
import { code, isDmarcText, replaceTxt, splitTxt } from "./fix-text.ts";
import { dmarcEvidence } from "./path-helpers.ts";
import { rfc } from "./references.ts";

export default defineRule(
  {
    id: "dmarc-missing",
    severity: "error",
    scope: "domain",
    title: "No DMARC record applies to a sending domain",
    description:
      "Without a DMARC record at the domain or at its Organizational Domain (found by the RFC 9989 DNS tree walk), receivers apply no DMARC policy: spoofed mail in the domain's name is judged like any other, and the domain gets no aggregate reports about who sends as it. Large mailbox providers also require DMARC from bulk senders.",
    references: [rfc(9989, "4.10"), rfc(9989, "5.3.2")],
    fix: 'Publish a record at the Organizational Domain, starting with monitoring and moving to enforcement: `_dmarc.<domain> TXT "v=DMARC1; p=none; rua=mailto:dmarc-reports@<domain>"`, then `p=quarantine`, then `p=reject`.',
  },
  ({ facts, report }) => {
    for (const domain of facts.domains) {
      // Proven absence only (a failed lookup is dns-temperror), and not for a domain that does not exist.
      if (!domain.sends || domain.dmarc?.status !== "none" || isMissingOrgDomain(domain)) continue;
      const at = domain.dmarc.orgDomain.orgDomain ?? domain.domain;
      const record = `v=DMARC1; p=none; rua=mailto:dmarc-reports@${at}`;
      const name = `_dmarc.${at}`;
      const current = domain.dmarc.lookups.find((l) => l.name === name)?.txt ?? [];
      report({
        domain: domain.domain,
        message: `No DMARC record applies to ${domain.domain}: ${domain.dmarc.reason}.`,
        evidence: dmarcEvidence(domain.dmarc),
        fix: `Publish ${code(`${name} TXT "${record}"`)}, read the reports, then move to p=quarantine and p=reject.`,
        changes: [replaceTxt(name, current.map(splitTxt), isDmarcText, record)],
        manual: [
          `Make sure the mailbox ${code(`dmarc-reports@${at}`)} exists and accepts the aggregate reports (or publish another ${code("rua")} address of yours).`,
        ],
      });
    }
  },
);
