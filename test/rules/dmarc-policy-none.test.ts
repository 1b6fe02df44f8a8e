import { testRule } from "./rule-tester.ts";

testRule("dmarc-policy-none", {
  valid: [
    { name: "p=reject" },
    {
      name: "p=quarantine",
      dns: { "_dmarc.example.com": { TXT: ["v=DMARC1; p=quarantine; rua=mailto:d@example.com"] } },
    },
  ],
  invalid: [
    {
      name: "p=none",
      dns: { "_dmarc.example.com": { TXT: ["v=DMARC1; p=none; rua=mailto:d@example.com"] } },
      findings: [{ domain: "example.com", message: /The DMARC policy of example\.com is p=none/ }],
    },
    {
      name: "p=none with a failing path: fix it first",
      dns: {
        "_dmarc.example.com": { TXT: ["v=DMARC1; p=none; rua=mailto:d@example.com"] },
        "example.com": { TXT: ["v=spf1 -all"] },
        "s1._domainkey.example.com": null,
      },
      findings: [{ domain: "example.com", message: /Fix the failing paths first \(direct\)/ }],
    },
  ],
});
