import { connectorName, isEnabled } from "../exchange/connectors.ts";
import { defineRule, listWords } from "./define.ts";
import { code, exchangeEvidence, exchangeOf, orgDomain, ps } from "./exchange-helpers.ts";
import { doc, rfc } from "./references.ts";

export default defineRule(
  {
    id: "exchange-connector-tls-policy-none",
    severity: "warning",
    scope: "org",
    title: "An Exchange Online outbound connector does not authenticate the receiving server",
    description:
      "Exchange Online's outbound connectors decide how mail to a partner is protected. `TlsSettings` unset (the default: opportunistic TLS) or `EncryptionOnly` checks no certificate, so a partner connector meant to protect the mail to that partner protects it from passive eavesdropping only; `MtaStsMode` `None` and `SmtpDaneMode` `None` (settable since 2026) switch off the receiver's own MTA-STS (RFC 8461) and DANE (RFC 7672) policies for mail through the connector, which Microsoft warns exposes it to downgrade attacks and MX redirection. Connectors to the organisation's own servers are `exchange-smarthost-tls-unverified`'s.",
    references: [
      doc(
        "Microsoft: Set-OutboundConnector (TlsSettings, MtaStsMode, SmtpDaneMode)",
        "https://learn.microsoft.com/powershell/module/exchangepowershell/set-outboundconnector",
      ),
      rfc(8461, "5"),
      rfc(7672, "2.2"),
      rfc(3207, "6"),
    ],
    fix: "`Set-OutboundConnector -TlsSettings DomainValidation -TlsDomain <partner's certificate name>` for partner connectors, and `-MtaStsMode Opportunistic -SmtpDaneMode Opportunistic` (the defaults) unless a partner documents why not.",
  },
  ({ facts, report }) => {
    const exchange = exchangeOf(facts);
    if (exchange === undefined) return;
    for (const c of exchange.config.outboundConnectors) {
      if (!isEnabled(c)) continue;
      const causes: string[] = [];
      const settings: string[] = [];
      if (c.ConnectorType === "Partner" && c.TlsSettings !== undefined) {
        const level = c.TlsSettings ?? null;
        if (level === null || level === "EncryptionOnly") {
          causes.push(
            `TlsSettings is ${level ?? "not set"}, so the partner's certificate is not checked and anyone who can redirect the connection receives the mail`,
          );
          settings.push(
            `-TlsSettings DomainValidation -TlsDomain ${(c.RecipientDomains ?? [])[0]?.replace(/^\*\./, "") ?? "<partner certificate name>"}`,
          );
        } else if (level === "DomainValidation" && (c.TlsDomain ?? "") === "") {
          causes.push(
            "TlsSettings is DomainValidation without TlsDomain, so there is no name to check the certificate against",
          );
          settings.push("-TlsDomain <partner certificate name>");
        }
      }
      if (c.MtaStsMode === "None") {
        causes.push("MtaStsMode is None, so the recipients' MTA-STS policies are ignored");
        settings.push("-MtaStsMode Opportunistic");
      }
      if (c.SmtpDaneMode === "None") {
        causes.push("SmtpDaneMode is None, so the recipients' DANE (TLSA) records are ignored");
        settings.push("-SmtpDaneMode Opportunistic");
      }
      if (causes.length === 0) continue;
      const name = connectorName(c);
      const to = (c.RecipientDomains ?? []).length > 0 ? ` to ${listWords(c.RecipientDomains ?? [])}` : "";
      report({
        domain: orgDomain(facts),
        message: `Exchange Online outbound connector "${name}" (${c.ConnectorType ?? "?"}${to}): ${listWords(causes)}.`,
        evidence: [
          exchangeEvidence(c, [
            "ConnectorType",
            "RecipientDomains",
            "UseMXRecord",
            "SmartHosts",
            "TlsSettings",
            "TlsDomain",
            "MtaStsMode",
            "SmtpDaneMode",
          ]),
        ],
        fix: `In Exchange Online PowerShell: ${code(`Set-OutboundConnector -Identity ${ps(name)} ${settings.join(" ")}`)}.`,
      });
    }
  },
);
