import {
  carriesSmtp,
  connectorName,
  isEnabled,
  isExchangeOnlineConnector,
  smartHostsOf,
} from "../exchange/connectors.ts";
import { defineRule } from "./define.ts";
import { cleartextAuth } from "./exchange-checks.ts";
import { code, exchangeEvidence, exchangeOf, orgDomain, ps } from "./exchange-helpers.ts";
import { doc, rfc } from "./references.ts";

export default defineRule(
  {
    id: "exchange-starttls-ignored",
    severity: "warning",
    scope: "org",
    title: "A send connector never encrypts: IgnoreSTARTTLS is set",
    description:
      "With `IgnoreSTARTTLS` set, a send connector ignores the STARTTLS offer of every server it delivers to, so all mail through it crosses the network in clear text, readable and alterable by anyone on the path, even to receivers that support encryption (and those that require it, with MTA-STS or DANE, refuse it). Every send connector carries mail out of the Exchange organisation. When the connector also authenticates with `BasicAuth`, `exchange-smarthost-cleartext-auth` reports it instead.",
    references: [
      doc(
        "Microsoft: Set-SendConnector (IgnoreSTARTTLS)",
        "https://learn.microsoft.com/powershell/module/exchangepowershell/set-sendconnector",
      ),
      rfc(3207, "4"),
      rfc(8461, "1"),
    ],
    fix: "`Set-SendConnector -IgnoreSTARTTLS $false` (and, towards a smart host or partner that supports it, `-RequireTLS $true` with a certificate check).",
  },
  ({ facts, report }) => {
    const exchange = exchangeOf(facts);
    if (exchange === undefined) return;
    for (const c of exchange.config.sendConnectors) {
      if (!isEnabled(c) || !carriesSmtp(c) || c.IgnoreSTARTTLS !== true || cleartextAuth(c) !== undefined) continue;
      const name = connectorName(c);
      const hosts = smartHostsOf(c);
      const where =
        hosts.length > 0
          ? `to its smart host${hosts.length > 1 ? "s" : ""} ${hosts.join(", ")}`
          : isExchangeOnlineConnector(c)
            ? "to Exchange Online"
            : "to the receivers' MX hosts";
      const contradiction =
        c.RequireTLS === true ? " RequireTLS is True as well, which contradicts it: Exchange cannot meet both." : "";
      report({
        domain: orgDomain(facts),
        message: `Send connector "${name}" ignores STARTTLS: mail ${where} is sent unencrypted, even where the receiver offers TLS.${contradiction}`,
        evidence: [
          exchangeEvidence(c, ["IgnoreSTARTTLS", "RequireTLS", "AddressSpaces", "SmartHosts", "DNSRoutingEnabled"]),
        ],
        fix: `${code(`Set-SendConnector -Identity ${ps(name)} -IgnoreSTARTTLS $false`)}${hosts.length > 0 ? `; towards the smart host also ${code("-RequireTLS $true -TlsAuthLevel CertificateValidation")}` : ""}.`,
      });
    }
  },
);
