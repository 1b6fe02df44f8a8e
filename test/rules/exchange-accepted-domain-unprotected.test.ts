import { acceptedDomain, online, onprem } from "./exchange-exports.ts";
import { testExchangeRule } from "./exchange-tester.ts";

const domains = (...o: Parameters<typeof onprem>[1][]) => onprem("GetAcceptedDomain", ...o);

testExchangeRule("exchange-accepted-domain-unprotected", {
  valid: [
    {
      name: "every authoritative domain is in the description",
      exports: [domains(acceptedDomain("example.com"), acceptedDomain("EXAMPLE.com"))],
      encodings: ["utf-16le"],
    },
    {
      name: "relay domains, wildcards, tenant and .local domains are not the organisation's to describe",
      exports: [
        domains(
          acceptedDomain("example.com"),
          acceptedDomain("partner.example", "ExternalRelay"),
          acceptedDomain("*.example.com", "InternalRelay"),
          acceptedDomain("corp.local"),
          acceptedDomain("example.mail.onmicrosoft.com"),
        ),
        online(
          "GetAcceptedDomain",
          acceptedDomain("contoso.onmicrosoft.com", "Authoritative", { InitialDomain: true }),
        ),
      ],
    },
  ],
  invalid: [
    {
      name: "a protected domain the description leaves out",
      exports: [domains(acceptedDomain("example.com"), acceptedDomain("example.org"))],
      dns: {
        "example.org": { TXT: ["v=spf1 -all"] },
        "_dmarc.example.org": { TXT: ["v=DMARC1; p=reject"] },
      },
      encodings: ["utf-16be"],
      findings: [
        {
          domain: "example.org",
          message:
            /^example\.org is an authoritative accepted domain \(Get-AcceptedDomain "example\.org" \(onprem\/GetAcceptedDomain\.(xml|json)\)\) but the description does not list it: it publishes SPF and DMARC, but nothing checks that they match how it sends\.$/,
          fix: /^Add `\{ name: example\.org \}` to the description's `domains`/,
        },
      ],
    },
    {
      name: "an unprotected domain the description leaves out (an error)",
      exports: [domains(acceptedDomain("example.com")), online("GetAcceptedDomain", acceptedDomain("example.net"))],
      dns: { "example.net": { MX: [{ preference: 10, exchange: "mx.example.net" }] } },
      findings: [
        {
          domain: "example.net",
          severity: "error",
          message:
            /online\/GetAcceptedDomain\.(xml|json)\)\) but the description does not list it: DNS shows no SPF record and no DMARC policy, so anyone can send mail in its name\.$/,
          fix: /publish `example\.net TXT "v=spf1 -all"` and `_dmarc\.example\.net TXT "v=DMARC1; p=reject"`\.$/,
        },
      ],
    },
    {
      name: "an accepted domain whose SPF question fails: still not described, the rest is unknown",
      exports: [domains(acceptedDomain("example.com"), acceptedDomain("example.org"))],
      dns: {
        "example.org": { TXT: { rcode: "SERVFAIL" } },
        "_dmarc.example.org": { TXT: ["v=DMARC1; p=reject"] },
      },
      findings: [
        {
          domain: "example.org",
          severity: "warning",
          message: /does not list it: its SPF and DMARC could not all be read \(see dns-temperror\)\.$/,
        },
      ],
    },
  ],
});
