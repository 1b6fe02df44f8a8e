import { testRule } from "./rule-tester.ts";

testRule("dkim-key-revoked", {
  valid: [{ name: "a live key" }],
  invalid: [
    {
      name: "empty p=",
      dns: { "s1._domainkey.example.com": { TXT: ["v=DKIM1; k=rsa; p="] } },
      findings: [
        {
          domain: "example.com",
          path: "direct",
          message: /signs with selector s1, whose key s1\._domainkey\.example\.com is revoked/,
        },
      ],
    },
  ],
});
