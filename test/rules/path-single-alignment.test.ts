import { testRule } from "./rule-tester.ts";

testRule("path-single-alignment", {
  valid: [
    { name: "both aligned" },
    {
      name: "neither aligned (path-dmarc-fail reports it)",
      dns: { "example.com": { TXT: ["v=spf1 -all"] }, "s1._domainkey.example.com": null },
    },
  ],
  invalid: [
    {
      name: "DKIM only",
      dns: { "example.com": { TXT: ["v=spf1 -all"] } },
      findings: [
        {
          domain: "example.com",
          path: "direct",
          message: /passes DMARC through DKIM only: SPF gives fail for example\.com/,
        },
      ],
    },
    {
      name: "SPF only",
      dns: { "s1._domainkey.example.com": null },
      findings: [
        {
          domain: "example.com",
          path: "direct",
          message: /passes DMARC through SPF only: DKIM does not pass aligned \(d=example\.com s=s1: permerror\)/,
        },
      ],
    },
    {
      name: "SPF only, no signature declared",
      org: {
        version: 1,
        domains: [{ name: "example.com" }],
        paths: [{ id: "direct", from: ["example.com"], via: { direct: { ips: ["192.0.2.10"] } } }],
      },
      findings: [{ domain: "example.com", path: "direct", message: /SPF only: no DKIM signature is declared for it/ }],
    },
  ],
});
