import { defineRule } from "./define.ts";
import { rfc } from "./references.ts";
import { code, ehloLines, probedTargets, probeEvidence } from "./transport-helpers.ts";

export default defineRule(
  {
    id: "smtp-auth-before-tls",
    severity: "error",
    scope: "domain",
    title: "A probed SMTP server offers AUTH before STARTTLS: passwords can cross in clear",
    description:
      "A server that lists `AUTH` in the EHLO reply it gives before TLS invites clients to send credentials in clear (RFC 4954 §4: a server should not offer plaintext mechanisms without TLS), and an attacker on the path can remove STARTTLS from that reply and collect them (RFC 3207 §6). The probe reads the clear EHLO reply only; it never sends AUTH. Implicit-TLS ports (465) are never affected.",
    references: [rfc(4954, "4"), rfc(3207, "6"), rfc(8314, "3.3")],
    fix: "Offer AUTH only inside TLS (Postfix: `smtpd_tls_auth_only = yes`; Exchange: `Set-ReceiveConnector -AuthMechanism Tls,BasicAuth,BasicAuthRequireTLS`), and prefer implicit TLS on 465 for submission.",
  },
  ({ facts, report }) => {
    for (const p of probedTargets(facts)) {
      const r = p.report;
      if (r.authBeforeTls.status !== "ok" || !r.authBeforeTls.value.offered) continue;
      const ehlo = r.ehlo.status === "ok" ? r.ehlo.value : undefined;
      const mechanisms = r.authBeforeTls.value.mechanisms;
      report({
        domain: p.domain,
        message: `${p.where} (${p.role}) offers AUTH (${mechanisms.join(", ") || "no mechanism named"}) before STARTTLS: a client can send its password in clear, and an attacker who strips STARTTLS from the reply collects it.`,
        evidence: [probeEvidence(p, ehlo !== undefined ? ehloLines(ehlo) : [], "the EHLO reply in clear lists AUTH")],
        fix: `Offer AUTH on ${code(p.where)} only inside TLS (Postfix: \`smtpd_tls_auth_only = yes\`; Exchange: \`Set-ReceiveConnector -AuthMechanism Tls,BasicAuth,BasicAuthRequireTLS\`), and prefer implicit TLS on 465 for submission.`,
      });
    }
  },
);
