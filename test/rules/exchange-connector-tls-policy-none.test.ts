import { e, list } from "../exchange/hybrid/shapes.ts";
import { online, outboundConnector } from "./exchange-exports.ts";
import { testExchangeRule } from "./exchange-tester.ts";

const TLS = "Microsoft.Exchange.Data.TlsAuthLevel";
const outbound = (...o: Parameters<typeof online>[1][]) => online("GetOutboundConnector", ...o);

testExchangeRule("exchange-connector-tls-policy-none", {
  valid: [
    {
      name: "domain validation, MTA-STS and DANE opportunistic",
      exports: [outbound(outboundConnector("Partner"))],
      encodings: ["utf-16le"],
    },
    {
      name: "an OnPremises connector without TlsSettings is exchange-smarthost-tls-unverified's",
      exports: [
        outbound(
          outboundConnector("To on-premises", {
            ConnectorType: e("OnPremises", "Microsoft.Exchange.Data.TenantConnectorType"),
            UseMXRecord: false,
            SmartHosts: list(["mail.example.com"]),
            TlsSettings: null,
          }),
        ),
      ],
    },
    {
      name: "a disabled partner connector",
      exports: [outbound(outboundConnector("Old", { Enabled: false, TlsSettings: null }))],
    },
  ],
  invalid: [
    {
      name: "a partner connector without TLS settings",
      exports: [
        outbound(
          outboundConnector("Partner Fabrikam", {
            TlsSettings: null,
            TlsDomain: null,
            RecipientDomains: list(["fabrikam.example"]),
          }),
        ),
      ],
      encodings: ["utf-8-bom", "utf-16be"],
      findings: [
        {
          domain: "example.com",
          message:
            /^Exchange Online outbound connector "Partner Fabrikam" \(Partner to fabrikam\.example\): TlsSettings is not set, so the partner's certificate is not checked/,
          fix: /`Set-OutboundConnector -Identity 'Partner Fabrikam' -TlsSettings DomainValidation -TlsDomain fabrikam\.example`/,
          evidence: /"TlsSettings = \(not set\)"/,
        },
      ],
    },
    {
      name: "EncryptionOnly with MTA-STS and DANE off",
      exports: [
        outbound(
          outboundConnector("Partner", {
            TlsSettings: e("EncryptionOnly", TLS),
            MtaStsMode: e("None", "Microsoft.Exchange.Data.MtaStsMode"),
            SmtpDaneMode: e("None", "Microsoft.Exchange.Data.SmtpDaneMode"),
          }),
        ),
      ],
      findings: [
        {
          domain: "example.com",
          message:
            /TlsSettings is EncryptionOnly, .*, MtaStsMode is None, so the recipients' MTA-STS policies are ignored and SmtpDaneMode is None/,
          fix: /-MtaStsMode Opportunistic -SmtpDaneMode Opportunistic`/,
        },
      ],
    },
  ],
});
