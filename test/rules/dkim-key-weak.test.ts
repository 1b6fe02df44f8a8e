import { dkimKey, testRule } from "./rule-tester.ts";

testRule("dkim-key-weak", {
  valid: [
    { name: "2048 bits" },
    {
      name: "an unusable 512-bit key is dkim-key-invalid's",
      dns: { "s1._domainkey.example.com": { TXT: [dkimKey(512)] } },
    },
  ],
  invalid: [
    {
      name: "1024 bits",
      dns: { "s1._domainkey.example.com": { TXT: [dkimKey(1024)] } },
      findings: [
        { domain: "example.com", path: "direct", message: /is RSA 1024 bits; 2048 is the recommended minimum/ },
      ],
    },
    {
      name: "1024 bits found by discovery",
      check: "example.com",
      dns: { "s1._domainkey.example.com": { TXT: [dkimKey(1024)] } },
      findings: [{ domain: "example.com", message: /s1\._domainkey\.example\.com is RSA 1024 bits/ }],
    },
  ],
});
