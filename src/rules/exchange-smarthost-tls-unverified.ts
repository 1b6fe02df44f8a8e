import { connectorName, isEnabled, isExchangeOnlineConnector, smartHostsOf } from "../exchange/connectors.ts";
import type { OutboundConnector } from "../exchange/types-online.ts";
import type { SendConnector } from "../exchange/types-onprem.ts";
import { defineRule, listWords } from "./define.ts";
import { cleartextAuth } from "./exchange-checks.ts";
import { code, exchangeEvidence, exchangeOf, orgDomain, ps } from "./exchange-helpers.ts";
import { doc, rfc } from "./references.ts";

/** Why an Exchange Server smart host connector does not verify whom it talks to, or undefined. */
function sendConnectorGap(c: SendConnector): string | undefined {
  if (!isEnabled(c) || smartHostsOf(c).length === 0 || c.IgnoreSTARTTLS === true || cleartextAuth(c) !== undefined)
    return undefined;
  if (c.RequireTLS === undefined && c.TlsAuthLevel === undefined) return undefined;
  if (c.RequireTLS !== true)
    return "RequireTLS is not True: TLS is opportunistic, so an attacker who strips STARTTLS reads the mail, and no certificate is checked";
  const level = c.TlsAuthLevel ?? null;
  if (level === null || level === "EncryptionOnly")
    return `TlsAuthLevel is ${level ?? "not set"}: the session is encrypted but the smart host's certificate is not checked, so anyone who can redirect the connection (DNS, routing) receives the mail`;
  if (level === "DomainValidation" && (c.TlsDomain ?? "") === "")
    return "TlsAuthLevel is DomainValidation without TlsDomain: Exchange compares the certificate with each recipient's domain instead of the smart host's name (a smart host connector needs TlsDomain)";
  return undefined;
}

/** Why an Exchange Online connector to on-premises smart hosts does not verify them, or undefined. */
function outboundGap(c: OutboundConnector): string | undefined {
  if (!isEnabled(c) || c.ConnectorType !== "OnPremises" || c.UseMXRecord !== false || c.TlsSettings === undefined)
    return undefined;
  const level = c.TlsSettings ?? null;
  if (level === null || level === "EncryptionOnly")
    return `TlsSettings is ${level ?? "not set"}: the on-premises server's certificate is not checked`;
  if (level === "DomainValidation" && (c.TlsDomain ?? "") === "")
    return "TlsSettings is DomainValidation without TlsDomain: there is no name to check the certificate against";
  return undefined;
}

export default defineRule(
  {
    id: "exchange-smarthost-tls-unverified",
    severity: "warning",
    scope: "org",
    title: "A connector to a smart host does not verify the smart host's certificate",
    description:
      "Mail to a smart host or provider relay crosses networks the organisation does not control. Unless the connector requires TLS and checks the certificate (`TlsAuthLevel` `CertificateValidation`, or `DomainValidation` with the smart host's name in `TlsDomain`), an attacker who can strip STARTTLS or redirect the connection (a spoofed DNS answer, a hijacked route) receives the mail, and with it any SMTP AUTH credentials. Receivers' MTA-STS and DANE policies do not help here: the smart host, not the recipient, is the next hop. Exchange Online connectors to on-premises smart hosts have the same setting (`TlsSettings`); connectors to partners are `exchange-connector-tls-policy-none`'s.",
    references: [
      doc(
        "Microsoft: Set-SendConnector (RequireTLS, TlsAuthLevel, TlsDomain)",
        "https://learn.microsoft.com/powershell/module/exchangepowershell/set-sendconnector",
      ),
      doc(
        "Microsoft: Set-OutboundConnector (TlsSettings, TlsDomain)",
        "https://learn.microsoft.com/powershell/module/exchangepowershell/set-outboundconnector",
      ),
      rfc(3207, "6"),
      rfc(6125, "6"),
    ],
    fix: "`Set-SendConnector -RequireTLS $true -TlsAuthLevel DomainValidation -TlsDomain <smart host name>` (Exchange Server), or `Set-OutboundConnector -TlsSettings DomainValidation -TlsDomain <on-premises host name>` (Exchange Online).",
  },
  ({ facts, report }) => {
    const exchange = exchangeOf(facts);
    if (exchange === undefined) return;
    for (const c of exchange.config.sendConnectors) {
      const why = sendConnectorGap(c);
      if (why === undefined) continue;
      const name = connectorName(c);
      const hosts = smartHostsOf(c);
      const tlsDomain = isExchangeOnlineConnector(c)
        ? "mail.protection.outlook.com"
        : (hosts[0] ?? "<smart host name>");
      report({
        domain: orgDomain(facts),
        message: `Send connector "${name}" relays through ${listWords(hosts)}, but ${why}.`,
        evidence: [
          exchangeEvidence(c, ["SmartHosts", "RequireTLS", "TlsAuthLevel", "TlsDomain", "SmartHostAuthMechanism"]),
        ],
        fix: `${code(`Set-SendConnector -Identity ${ps(name)} -RequireTLS $true -TlsAuthLevel DomainValidation -TlsDomain ${tlsDomain}`)}${isExchangeOnlineConnector(c) ? "" : ` (use the name the smart host's certificate carries; ${code("CertificateValidation")} checks the chain only)`}.`,
      });
    }
    for (const c of exchange.config.outboundConnectors) {
      const why = outboundGap(c);
      if (why === undefined) continue;
      const name = connectorName(c);
      const hosts = c.SmartHosts ?? [];
      report({
        domain: orgDomain(facts),
        message: `Exchange Online outbound connector "${name}" delivers to the on-premises smart host${hosts.length === 1 ? "" : "s"} ${listWords(hosts)}, but ${why}.`,
        evidence: [exchangeEvidence(c, ["ConnectorType", "UseMXRecord", "SmartHosts", "TlsSettings", "TlsDomain"])],
        fix: `${code(`Set-OutboundConnector -Identity ${ps(name)} -TlsSettings DomainValidation -TlsDomain ${hosts[0] ?? "<on-premises host name>"}`)} (the name the on-premises certificate carries).`,
      });
    }
  },
);
