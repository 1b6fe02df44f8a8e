import { acceptedDomain, onprem } from "./exchange-exports.ts";
import { testExchangeRule } from "./exchange-tester.ts";

const domains = (...objects: Parameters<typeof onprem>[1][]) => onprem("GetAcceptedDomain", ...objects);

testExchangeRule("exchange-open-relay-domain", {
  valid: [
    {
      name: "authoritative domains only",
      exports: [domains(acceptedDomain("example.com"), acceptedDomain("example.org"))],
    },
    {
      name: "an internal relay domain with a real name, and *.example.local",
      exports: [
        domains(
          acceptedDomain("example.com"),
          acceptedDomain("legacy.example.com", "InternalRelay"),
          acceptedDomain("*.example.local", "InternalRelay"),
          acceptedDomain("*.local", "InternalRelay"),
        ),
      ],
      encodings: ["utf-16le"],
    },
    { name: "* as an authoritative domain is not a relay", exports: [domains(acceptedDomain("*", "Authoritative"))] },
  ],
  invalid: [
    {
      name: "* as InternalRelay",
      exports: [
        domains(acceptedDomain("example.com"), acceptedDomain("*", "InternalRelay", { Name: "Relay everything" })),
      ],
      encodings: ["utf-8-bom", "utf-16le", "utf-16be"],
      findings: [
        {
          domain: "example.com",
          message:
            /^Accepted domain "Relay everything" \(\*, InternalRelay, Get-AcceptedDomain "Relay everything" \(onprem\/GetAcceptedDomain\.(xml|json)\)\) accepts mail for every recipient on the internet and relays it: the organisation is an open relay/,
          fix: /`Remove-AcceptedDomain -Identity 'Relay everything'`/,
          evidence: /"DomainName = \*","DomainType = InternalRelay"/,
        },
      ],
    },
    {
      name: "*.com and *.co.uk as ExternalRelay",
      exports: [domains(acceptedDomain("*.com", "ExternalRelay"), acceptedDomain("*.co.uk", "InternalRelay"))],
      findings: [
        {
          domain: "example.com",
          message: /"\*\.com" \(\*\.com, ExternalRelay.*every recipient under com and relays it/,
        },
        { domain: "example.com", message: /"\*\.co\.uk" \(\*\.co\.uk, InternalRelay.*every recipient under co\.uk/ },
      ],
    },
  ],
});
