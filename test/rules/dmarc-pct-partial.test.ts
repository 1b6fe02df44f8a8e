import { testRule } from "./rule-tester.ts";

testRule("dmarc-pct-partial", {
  valid: [
    { name: "no pct" },
    {
      name: "pct=100",
      dns: { "_dmarc.example.com": { TXT: ["v=DMARC1; p=reject; pct=100; rua=mailto:d@example.com"] } },
    },
    { name: "pct with p=none has no effect", dns: { "_dmarc.example.com": { TXT: ["v=DMARC1; p=none; pct=10"] } } },
  ],
  invalid: [
    {
      name: "pct=25",
      dns: { "_dmarc.example.com": { TXT: ["v=DMARC1; p=quarantine; pct=25; rua=mailto:d@example.com"] } },
      findings: [{ domain: "example.com", message: /pct=25: RFC 7489 receivers apply p=quarantine to only 25%/ }],
    },
    {
      // Any value under 100 is partial, not only small ones (kills a "< 50" mutation).
      name: "pct=99",
      dns: { "_dmarc.example.com": { TXT: ["v=DMARC1; p=reject; pct=99; rua=mailto:d@example.com"] } },
      findings: [{ domain: "example.com", message: /pct=99: RFC 7489 receivers apply p=reject to only 99%/ }],
    },
  ],
});
