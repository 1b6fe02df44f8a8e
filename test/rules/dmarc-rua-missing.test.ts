import { testRule } from "./rule-tester.ts";

testRule("dmarc-rua-missing", {
  valid: [{ name: "rua present" }],
  invalid: [
    {
      name: "no rua",
      dns: { "_dmarc.example.com": { TXT: ["v=DMARC1; p=reject"] } },
      findings: [{ domain: "example.com", message: /has no valid rua/ }],
    },
    {
      name: "only an invalid rua",
      dns: { "_dmarc.example.com": { TXT: ["v=DMARC1; p=reject; rua=dmarc@example.com"] } },
      findings: [{ domain: "example.com", message: /has no valid rua/ }],
    },
  ],
});
