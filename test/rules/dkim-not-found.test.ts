import { testRule } from "./rule-tester.ts";

testRule("dkim-not-found", {
  valid: [
    {
      name: "a key at a common selector",
      check: "example.com",
      dns: { "default._domainkey.example.com": { TXT: ["v=DKIM1; p="] } },
    },
    { name: "audits never report it (paths name their selectors)" },
  ],
  invalid: [
    {
      name: "nothing at any known selector",
      check: "example.com",
      dns: { "s1._domainkey.example.com": null },
      findings: [
        { domain: "example.com", message: /No DKIM key was found for example\.com at \d+ known selector names/ },
      ],
    },
  ],
});
