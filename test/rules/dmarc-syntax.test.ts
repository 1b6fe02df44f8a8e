import { testRule } from "./rule-tester.ts";

testRule("dmarc-syntax", {
  valid: [
    { name: "a clean record" },
    {
      name: "tags in any order after p",
      dns: { "_dmarc.example.com": { TXT: ["v=DMARC1; p=reject; adkim=s; aspf=r; rua=mailto:d@example.com; fo=1"] } },
    },
    {
      // Below 100 is dmarc-pct-partial's finding (one cause, one finding), not a syntax problem.
      name: "pct=50 under RFC 7489",
      dns: { "_dmarc.example.com": { TXT: ["v=DMARC1; p=reject; pct=50; rua=mailto:d@example.com"] } },
    },
  ],
  invalid: [
    {
      name: "pct=100: valid RFC 7489 syntax, with what RFC 9989 changed (info)",
      dns: { "_dmarc.example.com": { TXT: ["v=DMARC1; p=reject; pct=100; rua=mailto:d@example.com"] } },
      findings: [
        {
          domain: "example.com",
          severity: "info",
          message:
            /has pct=100, RFC 7489's default: RFC 9989 removed `pct` \(its receivers ignore it; `t=y` replaces it for testing\)/,
        },
      ],
    },
    {
      name: "an invalid policy value",
      dns: { "_dmarc.example.com": { TXT: ["v=DMARC1; p=reject; sp=rejected; rua=mailto:d@example.com"] } },
      findings: [
        {
          domain: "example.com",
          severity: "error",
          message:
            /_dmarc\.example\.com has 2 problems: sp: "rejected" is not none, quarantine or reject.*act as if the record said p=none/,
        },
      ],
    },
    {
      name: "an unknown tag and a removed one (warnings)",
      dns: { "_dmarc.example.com": { TXT: ["v=DMARC1; p=reject; rua=mailto:d@example.com; ri=3600; foo=bar"] } },
      findings: [{ domain: "example.com", severity: "warning", message: /has 2 problems/ }],
    },
    {
      name: "a record receivers cannot recognise (no ';' after v)",
      dns: { "_dmarc.example.com": { TXT: ["v=DMARC1 p=reject"] } },
      findings: [{ domain: "example.com", message: /_dmarc\.example\.com/ }],
    },
  ],
});
