import {
  connectorName,
  isEnabled,
  isExchangeOnlineConnector,
  isHybrid,
  isHybridReceiveConnector,
} from "../exchange/connectors.ts";
import { defineRule } from "./define.ts";
import { code, exchangeEvidence, exchangeOf, orgDomain, ps } from "./exchange-helpers.ts";
import { doc } from "./references.ts";

const CONSEQUENCE =
  "the cross-premises headers that tell Exchange a message is internal and authenticated are stripped, so mail between the organisation's own mailboxes on the two sides is treated as anonymous external mail (spoofing checks, external-sender tags, junk filtering)";

export default defineRule(
  {
    id: "exchange-hybrid-cloud-services-mail",
    severity: "warning",
    scope: "org",
    title: "Hybrid mail flow drops the headers that mark mail as internal",
    description:
      "Between Exchange Server and Exchange Online, a message keeps its internal, authenticated status only through the cross-premises headers (`X-MS-Exchange-CrossPremises-*`), which connectors keep only when `CloudServicesMailEnabled` is true (the send connector to Exchange Online, Exchange Online's OnPremises connectors) and which the receiving on-premises connector accepts only with `TlsDomainCapabilities` `mail.protection.outlook.com:AcceptCloudServicesMail`. Without them, mail from the organisation's own users arrives as anonymous mail from the internet: spoofing and authentication checks, external tags and junk filtering apply to it, and attribution for relay breaks. The Hybrid Configuration Wizard sets all of these; HealthChecker flags the same settings.",
    references: [
      doc(
        "Microsoft: Set-SendConnector (CloudServicesMailEnabled)",
        "https://learn.microsoft.com/powershell/module/exchangepowershell/set-sendconnector",
      ),
      doc(
        "Microsoft: Demystifying and troubleshooting hybrid mail flow: when is a message internal?",
        "https://techcommunity.microsoft.com/blog/exchange/demystifying-and-troubleshooting-hybrid-mail-flow-when-is-a-message-internal/1420838",
      ),
      doc(
        "Microsoft CSS-Exchange HealthChecker: Exchange Online Connector Check",
        "https://microsoft.github.io/CSS-Exchange/Diagnostics/HealthChecker/ExoConnectorCheck/",
      ),
    ],
    fix: "Run the Hybrid Configuration Wizard again; it sets `CloudServicesMailEnabled` on the connectors and `TlsDomainCapabilities` on the receive connector.",
  },
  ({ facts, report }) => {
    const exchange = exchangeOf(facts);
    if (exchange === undefined) return;
    const config = exchange.config;
    for (const c of config.sendConnectors) {
      if (!isEnabled(c) || !isExchangeOnlineConnector(c) || c.CloudServicesMailEnabled === undefined) continue;
      if (c.CloudServicesMailEnabled === true) continue;
      const name = connectorName(c);
      report({
        domain: orgDomain(facts),
        message: `Send connector "${name}" carries mail to Exchange Online but CloudServicesMailEnabled is not True: ${CONSEQUENCE}.`,
        evidence: [exchangeEvidence(c, ["CloudServicesMailEnabled", "SmartHosts", "AddressSpaces", "ConnectorType"])],
        fix: `Run the Hybrid Configuration Wizard again, or ${code(`Set-SendConnector -Identity ${ps(name)} -CloudServicesMailEnabled $true`)}.`,
      });
    }
    for (const c of [...config.inboundConnectors, ...config.outboundConnectors]) {
      if (!isEnabled(c) || c.ConnectorType !== "OnPremises" || c.CloudServicesMailEnabled !== false) continue;
      const name = connectorName(c);
      const inbound = c.source.cmdlet === "Get-InboundConnector";
      report({
        domain: orgDomain(facts),
        message: `Exchange Online ${inbound ? "inbound" : "outbound"} connector "${name}" (OnPremises) has CloudServicesMailEnabled False: ${CONSEQUENCE}.`,
        evidence: [exchangeEvidence(c, ["ConnectorType", "CloudServicesMailEnabled"])],
        fix: `Run the Hybrid Configuration Wizard again, or in Exchange Online PowerShell ${code(`Set-${inbound ? "Inbound" : "Outbound"}Connector -Identity ${ps(name)} -CloudServicesMailEnabled $true`)}.`,
      });
    }
    const frontEnd = config.receiveConnectors.filter(
      (c) => (c.TransportRole ?? "FrontendTransport") === "FrontendTransport",
    );
    if (isHybrid(config) && frontEnd.length > 0 && !frontEnd.some((c) => isEnabled(c) && isHybridReceiveConnector(c))) {
      const candidate = frontEnd.find((c) => (c.Bindings ?? []).some((b) => /:25$/.test(b))) ?? frontEnd[0];
      const identity = candidate?.Identity ?? (candidate ? connectorName(candidate) : "<Default Frontend connector>");
      report({
        domain: orgDomain(facts),
        message: `The organisation is hybrid, but no enabled Front End receive connector has TlsDomainCapabilities mail.protection.outlook.com:AcceptCloudServicesMail: for mail from Exchange Online, ${CONSEQUENCE}.`,
        evidence: frontEnd
          .slice(0, 5)
          .map((c) => exchangeEvidence(c, ["TlsDomainCapabilities", "Bindings", "Enabled"])),
        fix: `Run the Hybrid Configuration Wizard again, or ${code(`Set-ReceiveConnector -Identity ${ps(identity)} -TlsDomainCapabilities mail.protection.outlook.com:AcceptCloudServicesMail`)} on the connector that receives mail from Exchange Online.`,
      });
    }
  },
);
