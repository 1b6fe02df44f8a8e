import { e, list, smartHosts } from "../exchange/hybrid/shapes.ts";
import { acceptedDomain, inboundConnector, online, onprem, sendConnector } from "./exchange-exports.ts";
import { testExchangeRule } from "./exchange-tester.ts";

const AUTH = "Microsoft.Exchange.Data.Directory.SystemConfiguration.SmtpSendConnectorConfig+AuthMechanisms";
const viaExo = sendConnector("Internet via Exchange Online", {
  SmartHosts: smartHosts("example-com.mail.protection.outlook.com"),
  Port: 25,
  SmartHostAuthMechanism: e("None", AUTH),
  AuthenticationCredential: null,
});
const byIp = inboundConnector("From on-premises", {
  SenderIPAddresses: list(["192.0.2.10"]),
  TlsSenderCertificateName: null,
  RestrictDomainsToIPAddresses: true,
});

testExchangeRule("exchange-online-relay-rejected", {
  valid: [
    {
      name: "the inbound connector matches by certificate",
      exports: [
        onprem("GetSendConnector", viaExo),
        online("GetInboundConnector", inboundConnector("From on-premises")),
      ],
      encodings: ["utf-16le"],
    },
    {
      name: "Exchange Server does not relay internet mail through Exchange Online",
      exports: [onprem("GetSendConnector", sendConnector("Relay")), online("GetInboundConnector", byIp)],
    },
  ],
  invalid: [
    {
      name: "relay through Exchange Online matched by IP only, with an on-premises domain Exchange Online does not accept",
      exports: [
        onprem("GetSendConnector", viaExo),
        online("GetInboundConnector", byIp),
        onprem("GetAcceptedDomain", acceptedDomain("example.com"), acceptedDomain("legacy.example.com")),
        online("GetAcceptedDomain", acceptedDomain("example.com")),
      ],
      encodings: ["utf-16be"],
      findings: [
        {
          domain: "example.com",
          message:
            /^Exchange Server sends internet mail through Exchange Online \(send connector "Internet via Exchange Online"\), but the OnPremises inbound connector "From on-premises" matches it by IP address only: .* \(550 5\.7\.64 TenantAttribution\), including mail from legacy\.example\.com, which Exchange Server accepts but Exchange Online does not\.$/,
          fix: /`Set-InboundConnector -Identity 'From on-premises' -TlsSenderCertificateName <certificate name in an accepted domain>`.* Add legacy\.example\.com to the accepted domains of Exchange Online\.$/,
          evidence: /"TlsSenderCertificateName = \(not set\)"/,
        },
      ],
    },
  ],
});
