import { testRule } from "./rule-tester.ts";

testRule("spf-void-lookups", {
  valid: [
    { name: "no voids" },
    {
      name: "two voids are allowed",
      dns: { "example.com": { TXT: ["v=spf1 ip4:192.0.2.10 a:gone1.example.com a:gone2.example.com -all"] } },
    },
  ],
  invalid: [
    {
      name: "three voids",
      dns: {
        "example.com": {
          TXT: ["v=spf1 ip4:192.0.2.10 a:gone1.example.com a:gone2.example.com exists:gone3.example.com -all"],
        },
      },
      findings: [{ domain: "example.com", message: /makes 3 void lookups for an IPv4 client .*\(limit 2\)/ }],
    },
  ],
});
