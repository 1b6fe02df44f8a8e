import { defineRule } from "./define.ts";
import { rfc } from "./references.ts";
import { code, dnsEvidence, transportDomains } from "./transport-helpers.ts";

export default defineRule(
  {
    id: "tls-rpt-missing",
    severity: "warning",
    scope: "domain",
    title: "MTA-STS or DANE is published without a TLS-RPT record",
    description:
      'With MTA-STS (RFC 8461) or DANE (RFC 7672), a sender that cannot establish a secure connection does not deliver (or, in MTA-STS testing mode, delivers and notes the failure). SMTP TLS Reporting (RFC 8460) is how the domain hears of it: senders send daily reports to the addresses of the `_smtp._tls.<domain>` TXT record. Without the record, a certificate that expires, a TLSA record left stale after a renewal, or an MX host missing from the policy loses mail silently. RFC 8461 §6 intends MTA-STS to be used with TLS-RPT. The rule fires only when the domain publishes an MTA-STS record or TLSA records and the TLS-RPT lookup gave a definite "none".',
    references: [rfc(8460, "3"), rfc(8460, "1"), rfc(8461, "6")],
    fix: 'Publish `_smtp._tls.<domain> TXT "v=TLSRPTv1; rua=mailto:<a mailbox that reads the reports>"` (an `https:` URL works too), and read the reports.',
  },
  ({ facts, report }) => {
    for (const t of transportDomains(facts)) {
      const rpt = t.tlsRpt;
      if (rpt?.status !== "absent") continue;
      const stsOutcome = t.mtaSts?.record.outcome;
      const sts = stsOutcome === "valid" || stsOutcome === "invalid" || stsOutcome === "multiple";
      const daneHosts = (t.dane?.hosts ?? []).filter((h) => h.records.length > 0);
      if (!sts && daneHosts.length === 0) continue;
      const what = [
        sts ? "an MTA-STS record" : "",
        daneHosts.length > 0 ? `TLSA records for ${daneHosts.map((h) => h.host).join(", ")} (DANE)` : "",
      ]
        .filter((s) => s !== "")
        .join(" and ");
      report({
        domain: t.domain,
        message: `${t.domain} publishes ${what} but no TLS-RPT record at ${rpt.name}: senders that fail to connect securely have nowhere to report it, so a broken certificate or policy goes unnoticed while mail is lost.`,
        evidence: [
          dnsEvidence(rpt.dns, "no TLS-RPT record"),
          ...(sts && t.mtaSts !== undefined ? [dnsEvidence(t.mtaSts.record.dns, "the MTA-STS record")] : []),
          ...daneHosts.slice(0, 3).map((h) => dnsEvidence(h.dns, "TLSA records (DANE)")),
        ],
        fix: `Publish ${code(`${rpt.name} TXT "v=TLSRPTv1; rua=mailto:<a mailbox that reads the reports>"`)} (an \`https:\` URL works too), and read the reports.`,
      });
    }
  },
);
