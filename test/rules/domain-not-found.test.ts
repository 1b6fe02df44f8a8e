import { testRule } from "./rule-tester.ts";

const twoDomains = {
  version: 1,
  domains: [{ name: "example.com" }, { name: "exampel.com" }],
  paths: [],
};

testRule("domain-not-found", {
  valid: [
    { name: "the domain exists" },
    {
      name: "a domain that exists but publishes nothing (NODATA)",
      org: twoDomains,
      dns: { "exampel.com": { A: ["192.0.2.1"] } },
    },
    {
      name: "every question failed: unknown, not missing",
      org: twoDomains,
      dns: { "exampel.com": { TXT: { timeout: true }, MX: { timeout: true } } },
    },
    {
      name: "a path's MAIL FROM domain that does not exist is spf-missing's, not a typo in the description",
      org: {
        version: 1,
        domains: [{ name: "example.com" }],
        paths: [
          { id: "p", from: ["example.com"], via: { direct: { ips: ["192.0.2.10"] } }, mailFrom: "bounce.example.com" },
        ],
      },
    },
  ],
  invalid: [
    {
      name: "a typo: NXDOMAIN at the domain's own name",
      org: twoDomains,
      findings: [
        {
          domain: "exampel.com",
          message: /^exampel\.com does not exist \(NXDOMAIN\): a typo, or an expired domain\?$/,
        },
      ],
    },
    {
      name: "a domain check of a name that does not exist",
      check: "nonexistent.example",
      findings: [{ domain: "nonexistent.example", message: /does not exist \(NXDOMAIN\)/ }],
    },
  ],
});
