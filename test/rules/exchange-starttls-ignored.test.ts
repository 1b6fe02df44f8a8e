import { e } from "../exchange/hybrid/shapes.ts";
import { dnsConnector, hybridSendConnector, onprem, sendConnector } from "./exchange-exports.ts";
import { testExchangeRule } from "./exchange-tester.ts";

const AUTH = "Microsoft.Exchange.Data.Directory.SystemConfiguration.SmtpSendConnectorConfig+AuthMechanisms";
const send = (...o: Parameters<typeof onprem>[1][]) => onprem("GetSendConnector", ...o);

testExchangeRule("exchange-starttls-ignored", {
  valid: [
    {
      name: "connectors that use STARTTLS",
      exports: [send(sendConnector("Relay"), dnsConnector("Internet", "mail.example.com"), hybridSendConnector())],
      encodings: ["utf-16le"],
    },
    {
      name: "a smart host with BasicAuth and IgnoreSTARTTLS (exchange-smarthost-cleartext-auth's)",
      exports: [send(sendConnector("Relay", { IgnoreSTARTTLS: true, RequireTLS: false, TlsAuthLevel: null }))],
    },
    {
      name: "a disabled connector",
      exports: [send(dnsConnector("Old", "mail.example.com", { Enabled: false, IgnoreSTARTTLS: true }))],
    },
  ],
  invalid: [
    {
      name: "a DNS connector that ignores STARTTLS",
      exports: [send(dnsConnector("Internet", "mail.example.com", { IgnoreSTARTTLS: true }))],
      encodings: ["utf-16be"],
      findings: [
        {
          domain: "example.com",
          message:
            /^Send connector "Internet" ignores STARTTLS: mail to the receivers' MX hosts is sent unencrypted, even where the receiver offers TLS\.$/,
          fix: /^`Set-SendConnector -Identity 'Internet' -IgnoreSTARTTLS \$false`\.$/,
          evidence: /"IgnoreSTARTTLS = True"/,
        },
      ],
    },
    {
      name: "an unauthenticated smart host connector with both RequireTLS and IgnoreSTARTTLS",
      exports: [send(sendConnector("Relay", { SmartHostAuthMechanism: e("None", AUTH), IgnoreSTARTTLS: true }))],
      findings: [
        {
          domain: "example.com",
          message:
            /to its smart host relay\.example\.net is sent unencrypted.* RequireTLS is True as well, which contradicts it/,
          fix: /-RequireTLS \$true -TlsAuthLevel CertificateValidation/,
        },
      ],
    },
  ],
});
