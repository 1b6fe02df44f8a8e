import { replyLines } from "../facts/transport-evidence.ts";
import { defineRule } from "./define.ts";
import { rfc } from "./references.ts";
import { code, probedTargets, probeEvidence } from "./transport-helpers.ts";

export default defineRule(
  {
    id: "smtp-open-relay",
    severity: "error",
    scope: "domain",
    title: "A probed SMTP server accepts mail for outside recipients from a stranger: it may be an open relay",
    description:
      'A server must not relay mail between outside parties for clients it has not authorised (RFC 5321 §3.6.2, §7.1): an open relay is used for spam within hours, and its addresses end up on block lists, which breaks the organisation\'s own mail. The probe, without authenticating, gives an outside sender (`MAIL FROM`) and an outside recipient (`RCPT TO`, an RFC 2606 address); a 2xx reply to `RCPT TO` means the server may relay. It then stops: it never sends `DATA`, so no message is relayed, and some servers that accept the recipient drop such mail later, hence "may". A 4xx reply (greylisting) leaves the question open.',
    references: [rfc(5321, "3.6.2"), rfc(5321, "7.1"), rfc(2606, "3")],
    fix: "Relay only for authenticated clients and your own networks (Postfix: `smtpd_relay_restrictions = permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination` with a narrow `mynetworks`; Exchange: no Receive connector that grants `ms-Exch-SMTP-Accept-Any-Recipient` to anonymous users).",
  },
  ({ facts, report }) => {
    for (const p of probedTargets(facts)) {
      const relay = p.report.relay.status === "ok" ? p.report.relay.value : undefined;
      if (relay?.verdict !== "accepted") continue;
      const lines = [
        `C: MAIL FROM:<${relay.mailFrom}>`,
        ...replyLines(relay.mail),
        `C: RCPT TO:<${relay.rcptTo}>`,
        ...(relay.rcpt !== null ? replyLines(relay.rcpt) : []),
        "(DATA was never sent)",
      ];
      report({
        domain: p.domain,
        message: `${p.where} (${p.role}) accepted RCPT TO:<${relay.rcptTo}> from MAIL FROM:<${relay.mailFrom}> without authentication${relay.overTls ? " (inside TLS)" : " (in clear)"}: it may relay mail between outside parties. The probe sent no DATA; some servers accept such a recipient and drop the mail later.`,
        evidence: [probeEvidence(p, lines, "a stranger's relay attempt")],
        fix: `Make ${code(p.where)} relay only for authenticated clients and your own networks (Postfix: \`smtpd_relay_restrictions = permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination\` with a narrow \`mynetworks\`; Exchange: no Receive connector that grants \`ms-Exch-SMTP-Accept-Any-Recipient\` to anonymous users).`,
      });
    }
  },
);
