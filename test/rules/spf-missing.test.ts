import { testRule } from "./rule-tester.ts";

testRule("spf-missing", {
  valid: [
    { name: "record present" },
    { name: "a timeout is not 'missing'", dns: { "example.com": { TXT: { timeout: true } } } },
  ],
  invalid: [
    {
      name: "the MAIL FROM domain has no SPF",
      dns: { "example.com": { MX: [{ preference: 10, exchange: "mx.example.com" }] } },
      findings: [{ domain: "example.com", message: /MAIL FROM \(envelope\) domain of direct but has no SPF record/ }],
    },
    {
      name: "a From-only domain without SPF (info)",
      org: {
        version: 1,
        domains: [{ name: "example.com" }, { name: "news.example.com" }],
        paths: [
          { id: "news", from: ["news.example.com"], via: { direct: { ips: ["192.0.2.10"] } }, mailFrom: "example.com" },
        ],
      },
      // The domain exists (an address record) but publishes no TXT: NODATA, a proven absence.
      dns: { "news.example.com": { A: ["192.0.2.80"] } },
      findings: [{ domain: "news.example.com", severity: "info", message: /no path uses it as MAIL FROM/ }],
    },
  ],
});
