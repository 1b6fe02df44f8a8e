import { testRule } from "./rule-tester.ts";

testRule("dns-temperror", {
  valid: [
    { name: "every answer definite (NXDOMAIN and NODATA are answers)", dns: { "s1._domainkey.example.com": null } },
  ],
  invalid: [
    {
      name: "the SPF TXT times out",
      dns: { "example.com": { TXT: { timeout: true }, MX: [{ preference: 10, exchange: "mx.example.com" }] } },
      findings: [{ domain: "example.com", message: /DNS question.* failed \(timeout\): example\.com TXT/ }],
    },
    {
      name: "SERVFAIL at the DKIM key",
      dns: { "s1._domainkey.example.com": { TXT: { rcode: "SERVFAIL" } } },
      findings: [{ domain: "s1._domainkey.example.com", message: /failed \(servfail\)/ }],
    },
  ],
});
