import { connectorName, isEnabled, smartHostsOf } from "../exchange/connectors.ts";
import { isExchangeOnlineHost } from "../exchange/org-sources.ts";
import { defineRule, listWords } from "./define.ts";
import { code, exchangeEvidence, exchangeOf, orgDomain, ps } from "./exchange-helpers.ts";
import { doc } from "./references.ts";

export default defineRule(
  {
    id: "exchange-online-relay-rejected",
    severity: "warning",
    scope: "org",
    title: "On-premises mail relayed through Exchange Online is matched by IP address only",
    description:
      "Since November 2023, Exchange Online relays mail from on-premises servers to the internet only when the OnPremises inbound connector recognises it by certificate (`TlsSenderCertificateName`, a name in one of the organisation's accepted domains), or, when the connector matches by IP address only, when the message's MAIL FROM domain is an accepted domain. Mail relayed by IP with any other envelope domain, and mail with a null envelope sender (non-delivery reports, out-of-office replies, read receipts) is rejected with `550 5.7.64 TenantAttribution; Relay Access Denied`. This rule reports an organisation whose Exchange Server sends internet mail through Exchange Online while every OnPremises inbound connector matches by IP address only.",
    references: [
      doc(
        "Microsoft: Updated requirements for SMTP relay through Exchange Online",
        "https://learn.microsoft.com/exchange/mail-flow-best-practices/updated-requirements-smtp-relay",
      ),
      doc(
        "Microsoft: Set up connectors to route mail between Microsoft 365 and your own email servers",
        "https://learn.microsoft.com/exchange/mail-flow-best-practices/use-connectors-to-configure-mail-flow/set-up-connectors-to-route-mail",
      ),
    ],
    fix: "Identify the on-premises servers by certificate: `Set-InboundConnector -TlsSenderCertificateName <name in an accepted domain>` on the OnPremises connector, with the send connector presenting that certificate (`TlsCertificateName`); the Hybrid Configuration Wizard does both.",
  },
  ({ facts, report }) => {
    const exchange = exchangeOf(facts);
    if (exchange === undefined) return;
    const config = exchange.config;
    const relaying = config.sendConnectors.filter(
      (c) =>
        isEnabled(c) &&
        smartHostsOf(c).some((h) => isExchangeOnlineHost(h)) &&
        (c.AddressSpaces ?? []).some((a) => a.Type.toUpperCase() === "SMTP" && a.Address === "*"),
    );
    const inbound = config.inboundConnectors.filter((c) => isEnabled(c) && c.ConnectorType === "OnPremises");
    if (relaying.length === 0 || inbound.length === 0) return;
    if (
      inbound.some((c) => c.TlsSenderCertificateName === undefined || (c.TlsSenderCertificateName ?? "").trim() !== "")
    )
      return;
    const onlineAccepted = new Set(
      config.acceptedDomains
        .filter((d) => d.source.environment === "online")
        .map((d) => (d.DomainName ?? "").toLowerCase()),
    );
    const notAccepted =
      onlineAccepted.size === 0
        ? []
        : config.acceptedDomains
            .filter((d) => d.source.environment !== "online" && (d.DomainType ?? "Authoritative") === "Authoritative")
            .map((d) => (d.DomainName ?? "").toLowerCase())
            .filter((d) => d !== "" && !d.includes("*") && !onlineAccepted.has(d));
    const name = connectorName(inbound[0] as (typeof inbound)[number]);
    report({
      domain: orgDomain(facts),
      message: `Exchange Server sends internet mail through Exchange Online (send connector${relaying.length > 1 ? "s" : ""} ${listWords(relaying.map((c) => `"${connectorName(c)}"`))}), but the OnPremises inbound connector${inbound.length > 1 ? "s" : ""} ${listWords(inbound.map((c) => `"${connectorName(c)}"`))} match${inbound.length > 1 ? "" : "es"} it by IP address only: non-delivery reports, out-of-office replies and other mail with a null or non-accepted envelope sender are rejected (550 5.7.64 TenantAttribution)${notAccepted.length > 0 ? `, including mail from ${listWords(notAccepted)}, which Exchange Server accepts but Exchange Online does not` : ""}.`,
      evidence: [
        ...inbound.map((c) =>
          exchangeEvidence(c, [
            "ConnectorType",
            "SenderIPAddresses",
            "TlsSenderCertificateName",
            "RestrictDomainsToIPAddresses",
          ]),
        ),
        ...relaying.map((c) => exchangeEvidence(c, ["SmartHosts", "AddressSpaces", "TlsCertificateName"])),
      ],
      fix: `Make Exchange Online recognise the servers by certificate: ${code(`Set-InboundConnector -Identity ${ps(name)} -TlsSenderCertificateName <certificate name in an accepted domain>`)} in Exchange Online PowerShell, and set the send connector's ${code("TlsCertificateName")} to that certificate (the Hybrid Configuration Wizard does both).${notAccepted.length > 0 ? ` Add ${listWords(notAccepted)} to the accepted domains of Exchange Online.` : ""}`,
    });
  },
);
