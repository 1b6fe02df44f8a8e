import { testRule } from "./rule-tester.ts";

testRule("dkim-key-missing", {
  valid: [
    { name: "key published" },
    { name: "a DNS failure is not 'missing'", dns: { "s1._domainkey.example.com": { TXT: { rcode: "SERVFAIL" } } } },
    {
      name: "a dangling CNAME has its own rule",
      dns: { "s1._domainkey.example.com": { CNAME: "gone.esp.example.net" } },
    },
  ],
  invalid: [
    {
      name: "nothing at the key name",
      dns: { "s1._domainkey.example.com": null },
      findings: [
        {
          domain: "example.com",
          path: "direct",
          message:
            /signs with selector s1 \(d=example\.com\), but nothing is published there: s1\._domainkey\.example\.com/,
        },
      ],
    },
    {
      name: "a TXT that is not a key",
      dns: { "s1._domainkey.example.com": { TXT: ["google-site-verification=abc"] } },
      findings: [{ domain: "example.com", path: "direct", message: /the TXT record there is not a DKIM key/ }],
    },
  ],
});
