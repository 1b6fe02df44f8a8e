import { baseOrg, testRule } from "./rule-tester.ts";

testRule("direct-not-authorized", {
  valid: [
    { name: "address in SPF" },
    {
      name: "address through mx",
      dns: {
        "example.com": { TXT: ["v=spf1 mx -all"], MX: [{ preference: 10, exchange: "mx.example.com" }] },
        "mx.example.com": { A: ["192.0.2.10"] },
      },
    },
  ],
  invalid: [
    {
      name: "address not in SPF",
      dns: { "example.com": { TXT: ["v=spf1 ip4:192.0.2.11 -all"] } },
      findings: [
        {
          domain: "example.com",
          path: "direct",
          message: /The sending server .* sends from 192\.0\.2\.10, .* SPF gives fail/,
        },
      ],
    },
    {
      name: "permerror from a broken record",
      org: baseOrg,
      dns: { "example.com": { TXT: ["v=spf1 ip4:192.0.2.10 ip4:1.2.3.4~all -all"] } },
      findings: [{ domain: "example.com", path: "direct", message: /SPF gives permerror/ }],
    },
  ],
});
