import { testRule } from "./rule-tester.ts";

testRule("spf-duplicate-include", {
  valid: [
    {
      name: "each domain once",
      dns: {
        "example.com": { TXT: ["v=spf1 ip4:192.0.2.10 include:a.example.net -all"] },
        "a.example.net": { TXT: ["v=spf1 -all"] },
      },
    },
  ],
  invalid: [
    {
      name: "included directly and through another include",
      dns: {
        "example.com": { TXT: ["v=spf1 ip4:192.0.2.10 include:a.example.net include:b.example.net -all"] },
        "a.example.net": { TXT: ["v=spf1 ip4:198.51.100.0/24 -all"] },
        "b.example.net": { TXT: ["v=spf1 include:a.example.net -all"] },
      },
      findings: [{ domain: "example.com", message: /a\.example\.net is included 2 times in the tree/ }],
    },
  ],
});
