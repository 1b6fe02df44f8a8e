import { defineRule } from "./define.ts";
import { rfc } from "./references.ts";
import { code, probedTargets, probeEvidence } from "./transport-helpers.ts";

const OUTDATED = new Set(["SSLv3", "TLSv1", "TLSv1.1"]);

export default defineRule(
  {
    id: "smtp-tls-outdated",
    severity: "warning",
    scope: "domain",
    title: "A probed SMTP server negotiates TLS below 1.2",
    description:
      "RFC 8996 deprecates TLS 1.0 and 1.1 (and SSL 3.0 was already forbidden): their handshakes and ciphers are weak, and current clients and senders refuse them, so mail falls back to clear text or fails. The probe offers TLS up to 1.3 (and accepts older versions so that an outdated server is reported, not merely failed): the version it gets is the best the server agrees to. A server that prefers TLS 1.3 but still also accepts 1.0 is not detected.",
    references: [rfc(8996, "1"), rfc(8996, "5"), rfc(7525, "3.1.1")],
    fix: "Enable TLS 1.2 and 1.3 and disable older versions (Postfix: `smtpd_tls_protocols = >=TLSv1.2` and `smtpd_tls_mandatory_protocols = >=TLSv1.2`; Windows/Exchange: enable TLS 1.2 in SCHANNEL and disable TLS 1.0 and 1.1).",
  },
  ({ facts, report }) => {
    for (const p of probedTargets(facts)) {
      const tls = p.report.tls.status === "ok" ? p.report.tls.value : undefined;
      if (tls === undefined || !OUTDATED.has(tls.protocol)) continue;
      report({
        domain: p.domain,
        message: `${p.where} (${p.role}) negotiated ${tls.protocol} (${tls.cipher.standardName || tls.cipher.name}) although the probe offered up to TLS 1.3: versions below TLS 1.2 are deprecated (RFC 8996) and refused by current senders and clients.`,
        evidence: [
          probeEvidence(
            p,
            [`TLS ${tls.protocol} ${tls.cipher.standardName || tls.cipher.name}`],
            "the negotiated version",
          ),
        ],
        fix: `Enable TLS 1.2 and 1.3 on ${code(p.where)} and disable older versions (Postfix: \`smtpd_tls_protocols = >=TLSv1.2\` and \`smtpd_tls_mandatory_protocols = >=TLSv1.2\`; Windows/Exchange: enable TLS 1.2 in SCHANNEL and disable TLS 1.0 and 1.1).`,
      });
    }
  },
);
