import { testRule } from "./rule-tester.ts";

testRule("spf-include-loop", {
  valid: [
    {
      name: "a tree without loops",
      dns: {
        "example.com": { TXT: ["v=spf1 ip4:192.0.2.10 include:a.example.net -all"] },
        "a.example.net": { TXT: ["v=spf1 include:b.example.net -all"] },
        "b.example.net": { TXT: ["v=spf1 -all"] },
      },
    },
  ],
  invalid: [
    {
      name: "a includes b includes a",
      dns: {
        "example.com": { TXT: ["v=spf1 ip4:192.0.2.10 include:a.example.net -all"] },
        "a.example.net": { TXT: ["v=spf1 include:b.example.net -all"] },
        "b.example.net": { TXT: ["v=spf1 include:a.example.net -all"] },
      },
      findings: [
        {
          domain: "example.com",
          message: /include\/redirect loop: .*a\.example\.net -> b\.example\.net -> a\.example\.net/,
        },
      ],
    },
  ],
});
