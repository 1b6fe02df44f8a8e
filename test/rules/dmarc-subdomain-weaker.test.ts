import { testRule } from "./rule-tester.ts";

testRule("dmarc-subdomain-weaker", {
  valid: [
    { name: "no sp" },
    {
      name: "sp as strict as p",
      dns: { "_dmarc.example.com": { TXT: ["v=DMARC1; p=quarantine; sp=reject; rua=mailto:d@example.com"] } },
    },
  ],
  invalid: [
    {
      name: "sp=none under p=reject",
      dns: { "_dmarc.example.com": { TXT: ["v=DMARC1; p=reject; sp=none; rua=mailto:d@example.com"] } },
      findings: [{ domain: "example.com", message: /p=reject but sp=none/ }],
    },
    {
      name: "np=quarantine under p=reject",
      dns: { "_dmarc.example.com": { TXT: ["v=DMARC1; p=reject; np=quarantine; rua=mailto:d@example.com"] } },
      findings: [{ domain: "example.com", message: /p=reject but np=quarantine/ }],
    },
  ],
});
