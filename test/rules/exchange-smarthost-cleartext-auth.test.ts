import { e } from "../exchange/hybrid/shapes.ts";
import { dnsConnector, onprem, sendConnector } from "./exchange-exports.ts";
import { testExchangeRule } from "./exchange-tester.ts";

const AUTH = "Microsoft.Exchange.Data.Directory.SystemConfiguration.SmtpSendConnectorConfig+AuthMechanisms";
const send = (...o: Parameters<typeof onprem>[1][]) => onprem("GetSendConnector", ...o);

testExchangeRule("exchange-smarthost-cleartext-auth", {
  valid: [
    { name: "BasicAuthRequireTLS with RequireTLS", exports: [send(sendConnector("Relay"))], encodings: ["utf-16le"] },
    {
      name: "BasicAuth with RequireTLS",
      exports: [send(sendConnector("Relay", { SmartHostAuthMechanism: e("BasicAuth", AUTH) }))],
    },
    {
      name: "no authentication, and a DNS connector",
      exports: [
        send(
          sendConnector("Relay", { SmartHostAuthMechanism: e("None", AUTH), RequireTLS: false, TlsAuthLevel: null }),
          dnsConnector("Internet", "mail.example.com"),
        ),
      ],
    },
    {
      name: "a disabled connector",
      exports: [
        send(
          sendConnector("Old relay", {
            Enabled: false,
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
      name: "BasicAuth without RequireTLS",
      exports: [
        send(
          sendConnector("Relay", {
            SmartHostAuthMechanism: e("BasicAuth", AUTH),
            RequireTLS: false,
            TlsAuthLevel: null,
          }),
        ),
      ],
      encodings: ["utf-16be", "utf-8-bom"],
      findings: [
        {
          domain: "example.com",
          message:
            /^Send connector "Relay" authenticates to relay\.example\.net with the account EXAMPLE\\relay, but SmartHostAuthMechanism is BasicAuth \(not BasicAuthRequireTLS\) and RequireTLS is not True/,
          fix: /`Set-SendConnector -Identity 'Relay' -SmartHostAuthMechanism BasicAuthRequireTLS -RequireTLS \$true -IgnoreSTARTTLS \$false -TlsAuthLevel CertificateValidation`/,
          evidence: /"SmartHostAuthMechanism = BasicAuth","RequireTLS = False"/,
        },
      ],
    },
    {
      name: "BasicAuthRequireTLS with IgnoreSTARTTLS",
      exports: [send(sendConnector("Relay's", { IgnoreSTARTTLS: true, RequireTLS: false, TlsAuthLevel: null }))],
      findings: [
        {
          domain: "example.com",
          message:
            /"Relay's" .* IgnoreSTARTTLS is True, so the session is never encrypted and BasicAuthRequireTLS sends the credentials in clear text\.$/,
          fix: /-Identity 'Relay''s'/,
        },
      ],
    },
  ],
});
