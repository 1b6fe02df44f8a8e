import { defineRule } from "./define.ts";
import { rfc } from "./references.ts";
import { code, diagnosticList, dnsEvidence, transportDomains } from "./transport-helpers.ts";

export default defineRule(
  {
    id: "tls-rpt-invalid",
    severity: "warning",
    scope: "domain",
    title: "The TLS-RPT record is invalid: senders send no TLS reports",
    description:
      "Senders read the SMTP TLS Reporting record at `_smtp._tls.<domain>` (RFC 8460 §3) only when exactly one TXT record there begins with `v=TLSRPTv1;` and it is valid: a `rua` field with one or more `mailto:` or `https:` URIs, commas between them, and `,` or `!` inside a URI percent-encoded (a DMARC-style size suffix such as `!10m` is not TLS-RPT syntax). Otherwise they send no reports, and failures of MTA-STS or DANE go unseen.",
    references: [rfc(8460, "3")],
    fix: "Keep exactly one record, such as `v=TLSRPTv1; rua=mailto:tls-reports@example.com`, with `mailto:` or `https:` URIs separated by commas.",
  },
  ({ facts, report }) => {
    for (const t of transportDomains(facts)) {
      const rpt = t.tlsRpt;
      if (rpt?.status !== "invalid" && rpt?.status !== "multiple") continue;
      const problems =
        rpt.status === "multiple"
          ? [`${rpt.records.length} records begin with "v=TLSRPTv1": senders then send no reports`]
          : diagnosticList(rpt.diagnostics.filter((d) => d.severity === "error"));
      const valid = (rpt.parse?.rua ?? []).filter((u) => u.valid).map((u) => u.uri);
      report({
        domain: t.domain,
        message: `The TLS-RPT record of ${t.domain} (${rpt.name}) is invalid, so senders send no TLS reports: ${problems.join("; ")}.`,
        evidence: [dnsEvidence(rpt.dns, "the TLS-RPT record")],
        fix:
          rpt.status === "multiple"
            ? `Keep one TXT record beginning with \`v=TLSRPTv1;\` at ${code(rpt.name)}, listing every report address in its \`rua\`, and delete the others.`
            : `Rewrite the record at ${code(rpt.name)} as ${code(`v=TLSRPTv1; rua=${valid.length > 0 ? valid.join(",") : "mailto:<a mailbox that reads the reports>"}`)}.`,
      });
    }
  },
);
