import { testRule } from "./rule-tester.ts";

testRule("spf-multiple-records", {
  valid: [
    { name: "one record" },
    {
      name: "an SPF record beside other TXT records",
      dns: { "example.com": { TXT: ["v=spf1 ip4:192.0.2.10 -all", "v=spf10 x", "MS=123"] } },
    },
  ],
  invalid: [
    {
      name: "two records",
      dns: { "example.com": { TXT: ["v=spf1 ip4:192.0.2.10 -all", "v=spf1 include:_spf.google.com ~all"] } },
      findings: [
        { domain: "example.com", message: /example\.com publishes 2 SPF records, so every SPF check gives permerror/ },
      ],
    },
    {
      name: "an include target with two records",
      dns: {
        "example.com": { TXT: ["v=spf1 ip4:192.0.2.10 include:esp.example.net -all"] },
        "esp.example.net": { TXT: ["v=spf1 ip4:198.51.100.0/24 -all", "v=spf1 -all"] },
      },
      findings: [
        {
          domain: "example.com",
          message: /\(in example\.com > esp\.example\.net\): esp\.example\.net publishes 2 SPF records/,
        },
      ],
    },
  ],
});
