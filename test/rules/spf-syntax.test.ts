import { testRule } from "./rule-tester.ts";

testRule("spf-syntax", {
  valid: [
    { name: "a clean record" },
    {
      name: "an include with a valid record",
      dns: {
        "example.com": { TXT: ["v=spf1 ip4:192.0.2.10 include:_spf.example.net -all"] },
        "_spf.example.net": { TXT: ["v=spf1 ip4:198.51.100.0/24 -all"] },
      },
    },
  ],
  invalid: [
    {
      name: "ip4 with a host name",
      dns: { "example.com": { TXT: ["v=spf1 ip4:mail.example.com -all"] } },
      findings: [
        {
          domain: "example.com",
          message:
            /SPF of example\.com: syntax error at offset 11 of example\.com: "mail\.example\.com" is not an IPv4 address/,
        },
      ],
    },
    {
      name: "ip4:1.2.3.4~all (missing space)",
      dns: { "example.com": { TXT: ["v=spf1 ip4:192.0.2.10 ip4:1.2.3.4~all"] } },
      findings: [
        {
          domain: "example.com",
          message: /syntax error at offset 26 of example\.com: "1\.2\.3\.4~all" is not an IPv4 address/,
        },
      ],
    },
    {
      name: "an error in an included record, and an include without a record",
      dns: {
        "example.com": { TXT: ["v=spf1 ip4:192.0.2.10 include:_spf.example.net include:gone.example.net -all"] },
        "_spf.example.net": { TXT: ["v=spf1 ip4:198.51.100.0/33 -all"] },
      },
      findings: [
        { domain: "example.com", message: /\(in example\.com > _spf\.example\.net\): syntax error/ },
        { domain: "example.com", message: /include target gone\.example\.net has no SPF record/ },
      ],
    },
  ],
});
