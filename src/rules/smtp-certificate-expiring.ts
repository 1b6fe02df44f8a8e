import { defineRule } from "./define.ts";
import { rfc } from "./references.ts";
import { code, probedTargets, probeEvidence } from "./transport-helpers.ts";

export default defineRule(
  {
    id: "smtp-certificate-expiring",
    severity: "warning",
    scope: "domain",
    title: "A probed SMTP server's certificate expires soon",
    description:
      "A certificate that expires makes verifying senders (MTA-STS in enforce mode, RFC 8461 §4.2) stop delivering and submission clients refuse to connect. The rule fires when the certificate a probed host serves expires in fewer days than the threshold: 14 by default, `expiryDays` in the probe options (`--probe-expiry-days`). An expired certificate is `smtp-certificate-invalid`'s.",
    references: [rfc(8461, "4.2"), rfc(5280, "4.1.2.5")],
    fix: "Renew the certificate now, and automate renewal (ACME, RFC 8555) well before expiry. With DANE, publish the new key's TLSA record before the server uses it.",
  },
  ({ facts, report }) => {
    const days = facts.transport?.probes?.expiryDays ?? 14;
    for (const p of probedTargets(facts)) {
      const tls = p.report.tls.status === "ok" ? p.report.tls.value : undefined;
      if (tls === undefined || tls.expired || tls.daysToExpiry === null || tls.daysToExpiry >= days) continue;
      const leaf = tls.chain[0];
      report({
        domain: p.domain,
        message: `The certificate of ${p.where} (${p.role}) expires in ${tls.daysToExpiry} ${tls.daysToExpiry === 1 ? "day" : "days"}${leaf !== undefined ? ` (${leaf.validTo})` : ""}, under the ${days}-day threshold.`,
        evidence: [
          probeEvidence(
            p,
            leaf !== undefined
              ? [
                  `certificate subject: ${leaf.subject}`,
                  `certificate issuer: ${leaf.issuer}`,
                  `valid from ${leaf.validFrom} to ${leaf.validTo}`,
                ]
              : [],
            "the certificate served",
          ),
        ],
        fix: `Renew the certificate of ${code(p.target.host)} now and automate its renewal (ACME, RFC 8555); with DANE, publish the new key's TLSA record before the server uses it.`,
      });
    }
  },
);
