import { testRule } from "./rule-tester.ts";

testRule("dmarc-missing", {
  valid: [
    { name: "record at the domain" },
    {
      name: "a subdomain covered by the Organizational Domain's record (tree walk)",
      org: {
        version: 1,
        domains: [{ name: "news.example.com" }],
        paths: [
          { id: "p", from: ["news.example.com"], via: { direct: { ips: ["192.0.2.10"] } }, mailFrom: "example.com" },
        ],
      },
    },
    { name: "a timeout is not 'missing'", dns: { "_dmarc.example.com": { TXT: { timeout: true } } } },
    {
      name: "a domain that does not send (parked-domain-unprotected reports it)",
      org: { version: 1, domains: [{ name: "example.com" }, { name: "old.example.net", sends: false }], paths: [] },
    },
  ],
  invalid: [
    {
      name: "no record anywhere",
      dns: { "_dmarc.example.com": null },
      findings: [{ domain: "example.com", message: /No DMARC record applies to example\.com/ }],
    },
    {
      name: "only a non-DMARC TXT at _dmarc",
      dns: { "_dmarc.example.com": { TXT: ["some verification token"] } },
      findings: [{ domain: "example.com", message: /No DMARC record applies/ }],
    },
  ],
});
