import { testRule } from "./rule-tester.ts";

testRule("spf-permissive-all", {
  valid: [
    { name: "-all" },
    { name: "~all", dns: { "example.com": { TXT: ["v=spf1 ip4:192.0.2.10 ~all"] } } },
    {
      name: "redirect instead of all",
      dns: {
        "example.com": { TXT: ["v=spf1 ip4:192.0.2.10 redirect=_spf.example.com"] },
        "_spf.example.com": { TXT: ["v=spf1 -all"] },
      },
    },
  ],
  invalid: [
    {
      name: "+all",
      dns: { "example.com": { TXT: ["v=spf1 ip4:192.0.2.10 +all"] } },
      findings: [
        { domain: "example.com", severity: "error", message: /"\+all" authorises every host on the Internet/ },
      ],
    },
    {
      name: "?all",
      dns: { "example.com": { TXT: ["v=spf1 ip4:192.0.2.10 ?all"] } },
      findings: [{ domain: "example.com", severity: "warning", message: /"\?all" asserts nothing/ }],
    },
    {
      name: "no all",
      dns: { "example.com": { TXT: ["v=spf1 ip4:192.0.2.10"] } },
      findings: [{ domain: "example.com", severity: "warning", message: /ends without "all" or "redirect"/ }],
    },
  ],
});
