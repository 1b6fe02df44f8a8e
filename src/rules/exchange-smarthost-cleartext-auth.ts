import { connectorName, smartHostsOf } from "../exchange/connectors.ts";
import { defineRule, listWords } from "./define.ts";
import { cleartextAuth } from "./exchange-checks.ts";
import { code, exchangeEvidence, exchangeOf, orgDomain, ps } from "./exchange-helpers.ts";
import { doc, rfc } from "./references.ts";

export default defineRule(
  {
    id: "exchange-smarthost-cleartext-auth",
    severity: "error",
    scope: "org",
    title: "A send connector may send its smart host credentials in clear text",
    description:
      "A send connector that authenticates to its smart host with `BasicAuth` sends the user name and password with SMTP AUTH (LOGIN/PLAIN), which is only base64-encoded. Unless the session is encrypted first, anyone on the path reads them, and an attacker who strips the smart host's STARTTLS offer forces that. Exchange encrypts before authenticating only with `BasicAuthRequireTLS`, or when `RequireTLS` is set; `IgnoreSTARTTLS` prevents encryption altogether. Stolen relay credentials let spammers send through the smart host under the organisation's name and SPF.",
    references: [
      doc(
        "Microsoft: Set-SendConnector (SmartHostAuthMechanism, RequireTLS, IgnoreSTARTTLS)",
        "https://learn.microsoft.com/powershell/module/exchangepowershell/set-sendconnector",
      ),
      rfc(4954, "14"),
      rfc(3207, "6"),
    ],
    fix: "Require TLS before authenticating: `Set-SendConnector -SmartHostAuthMechanism BasicAuthRequireTLS -RequireTLS $true -IgnoreSTARTTLS $false` (and `-TlsAuthLevel CertificateValidation` or `DomainValidation`).",
  },
  ({ facts, report }) => {
    const exchange = exchangeOf(facts);
    if (exchange === undefined) return;
    for (const c of exchange.config.sendConnectors) {
      const why = cleartextAuth(c);
      if (why === undefined) continue;
      const name = connectorName(c);
      report({
        domain: orgDomain(facts),
        message: `Send connector "${name}" authenticates to ${listWords(smartHostsOf(c))} with the account ${c.AuthenticationCredential ?? "(not exported)"}, but ${why}.`,
        evidence: [
          exchangeEvidence(c, [
            "SmartHosts",
            "Port",
            "SmartHostAuthMechanism",
            "RequireTLS",
            "IgnoreSTARTTLS",
            "TlsAuthLevel",
          ]),
        ],
        fix: `Require TLS before the credentials are sent: ${code(`Set-SendConnector -Identity ${ps(name)} -SmartHostAuthMechanism BasicAuthRequireTLS -RequireTLS $true -IgnoreSTARTTLS $false -TlsAuthLevel CertificateValidation`)}; then change the relay account's password, since it may have been exposed.`,
      });
    }
  },
);
