import { testRule } from "./rule-tester.ts";

testRule("dmarc-multiple-records", {
  valid: [
    { name: "one record" },
    {
      name: "one DMARC record beside another TXT",
      dns: { "_dmarc.example.com": { TXT: ["v=DMARC1; p=reject; rua=mailto:d@example.com", "unrelated"] } },
    },
  ],
  invalid: [
    {
      name: "two DMARC records",
      dns: { "_dmarc.example.com": { TXT: ["v=DMARC1; p=reject", "v=DMARC1; p=none"] } },
      findings: [
        { domain: "example.com", message: /_dmarc\.example\.com holds 2 DMARC records; receivers ignore them all/ },
      ],
    },
  ],
});
