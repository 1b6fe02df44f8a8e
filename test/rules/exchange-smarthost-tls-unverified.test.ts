import { e, list } from "../exchange/hybrid/shapes.ts";
import type { FxValue } from "../exchange/hybrid/writers.ts";
import {
  dnsConnector,
  hybridSendConnector,
  online,
  onprem,
  outboundConnector,
  sendConnector,
} from "./exchange-exports.ts";
import { testExchangeRule } from "./exchange-tester.ts";

const AUTH = "Microsoft.Exchange.Data.Directory.SystemConfiguration.SmtpSendConnectorConfig+AuthMechanisms";
const TLS = "Microsoft.Exchange.Data.TlsAuthLevel";
const send = (...o: Parameters<typeof onprem>[1][]) => onprem("GetSendConnector", ...o);
const outbound = (...o: Parameters<typeof online>[1][]) => online("GetOutboundConnector", ...o);
const toOnPremises = (props: Record<string, FxValue>) =>
  outboundConnector("To on-premises", {
    ConnectorType: e("OnPremises", "Microsoft.Exchange.Data.TenantConnectorType"),
    UseMXRecord: false,
    SmartHosts: list(["mail.example.com"]),
    RecipientDomains: list(["example.com"]),
    ...props,
  });

testExchangeRule("exchange-smarthost-tls-unverified", {
  valid: [
    {
      name: "certificate and domain validation",
      exports: [
        send(sendConnector("Relay"), hybridSendConnector(), dnsConnector("Internet", "mail.example.com")),
        outbound(toOnPremises({ TlsSettings: e("DomainValidation", TLS), TlsDomain: "mail.example.com" })),
      ],
      encodings: ["utf-16le"],
    },
    {
      name: "partner connectors are not this rule's",
      exports: [outbound(outboundConnector("Partner", { TlsSettings: null }))],
    },
    {
      name: "cleartext credentials are exchange-smarthost-cleartext-auth's",
      exports: [
        send(
          sendConnector("Relay", {
            SmartHostAuthMechanism: e("BasicAuth", AUTH),
            RequireTLS: false,
            TlsAuthLevel: null,
          }),
        ),
      ],
    },
  ],
  invalid: [
    {
      name: "EncryptionOnly towards a smart host",
      exports: [send(sendConnector("Relay", { TlsAuthLevel: e("EncryptionOnly", TLS) }))],
      encodings: ["utf-8-bom"],
      findings: [
        {
          domain: "example.com",
          message:
            /^Send connector "Relay" relays through relay\.example\.net, but TlsAuthLevel is EncryptionOnly: the session is encrypted but the smart host's certificate is not checked/,
          fix: /`Set-SendConnector -Identity 'Relay' -RequireTLS \$true -TlsAuthLevel DomainValidation -TlsDomain relay\.example\.net`/,
          evidence: /"TlsAuthLevel = EncryptionOnly"/,
        },
      ],
    },
    {
      name: "opportunistic TLS to an unauthenticated smart host, and DomainValidation without TlsDomain to Exchange Online",
      exports: [
        send(
          sendConnector("Relay", { SmartHostAuthMechanism: e("None", AUTH), RequireTLS: false, TlsAuthLevel: null }),
          hybridSendConnector({ TlsDomain: null }),
        ),
      ],
      findings: [
        { domain: "example.com", message: /"Relay" .* RequireTLS is not True: TLS is opportunistic/ },
        {
          domain: "example.com",
          message:
            /"Outbound to Office 365" relays through example-com\.mail\.protection\.outlook\.com, but TlsAuthLevel is DomainValidation without TlsDomain/,
          fix: /-TlsDomain mail\.protection\.outlook\.com`\.$/,
        },
      ],
    },
    {
      name: "Exchange Online to on-premises without a certificate check",
      exports: [outbound(toOnPremises({ TlsSettings: null }))],
      encodings: ["utf-16be"],
      findings: [
        {
          domain: "example.com",
          message:
            /^Exchange Online outbound connector "To on-premises" delivers to the on-premises smart host mail\.example\.com, but TlsSettings is not set/,
          fix: /Set-OutboundConnector -Identity 'To on-premises' -TlsSettings DomainValidation -TlsDomain mail\.example\.com/,
        },
      ],
    },
  ],
});
