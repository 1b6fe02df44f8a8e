import { defineRule } from "./define.ts";
import { rfc } from "./references.ts";
import { code, ehloLines, probedTargets, probeEvidence, transcriptAround } from "./transport-helpers.ts";

export default defineRule(
  {
    id: "smtp-starttls-missing",
    severity: "error",
    scope: "domain",
    title: "A probed SMTP server does not offer STARTTLS: mail crosses the network in clear",
    description:
      'A server that starts in clear (port 25 for MX hosts, 587 for submission) protects mail and credentials only when it offers STARTTLS in its EHLO reply (RFC 3207 §4) and the client upgrades. Without it, mail to an MX host travels unencrypted, and senders that apply MTA-STS or DANE do not deliver at all; on 587, passwords and mail cross the network in clear (RFC 8314 §3.3 prefers implicit TLS on 465). The rule reads the EHLO reply of an opt-in probe (`--probe`); a probe that could not connect or read the reply is unknown (`dns-temperror`), never "no STARTTLS", and a certificate problem is `smtp-certificate-invalid`.',
    references: [rfc(3207, "4"), rfc(8314, "3.3"), rfc(8461, "4.2")],
    fix: "Enable STARTTLS with a certificate valid for the host name (Postfix: `smtpd_tls_security_level = may` with `smtpd_tls_chain_files`; Exchange: a certificate for the name assigned to the SMTP service with `Enable-ExchangeCertificate -Services SMTP`).",
  },
  ({ facts, report }) => {
    for (const p of probedTargets(facts)) {
      const r = p.report;
      if (r.tlsMode !== "starttls" || r.starttls.status !== "ok" || r.starttls.value.offered) continue;
      const ehlo = r.ehlo.status === "ok" ? r.ehlo.value : undefined;
      const command = transcriptAround(r, ["C: EHLO", "C: HELO"])[0];
      const lines = [...(command !== undefined ? [command] : []), ...(ehlo !== undefined ? ehloLines(ehlo) : [])];
      const submission = p.target.port !== 25;
      report({
        domain: p.domain,
        message: `${p.where} (${p.role}) does not offer STARTTLS in its EHLO reply: ${submission ? "credentials and mail sent to it cross the network in clear" : "mail to it crosses the network in clear, and senders that apply MTA-STS or DANE do not deliver to it"} (RFC 3207).`,
        evidence: [probeEvidence(p, lines, "the EHLO reply lists no STARTTLS")],
        fix: `Enable STARTTLS on ${code(p.where)} with a certificate valid for ${code(p.target.host)} (Postfix: \`smtpd_tls_security_level = may\` with \`smtpd_tls_chain_files\`; Exchange: assign a certificate for the name to the SMTP service with \`Enable-ExchangeCertificate -Services SMTP\`).`,
      });
    }
  },
);
