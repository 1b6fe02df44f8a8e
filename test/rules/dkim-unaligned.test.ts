import { dkimKey, testRule } from "./rule-tester.ts";

testRule("dkim-unaligned", {
  valid: [
    { name: "signs with the From domain" },
    {
      name: "signs with a subdomain of the Organizational Domain (relaxed)",
      org: {
        version: 1,
        domains: [{ name: "example.com" }],
        paths: [
          {
            id: "direct",
            from: ["example.com"],
            via: { direct: { ips: ["192.0.2.10"] } },
            dkim: [{ domain: "mail.example.com", selector: "s1" }],
          },
        ],
      },
      dns: { "s1._domainkey.mail.example.com": { TXT: [dkimKey()] } },
    },
    { name: "no passing signature (other rules say why)", dns: { "s1._domainkey.example.com": null } },
  ],
  invalid: [
    {
      name: "signs only with another organisation's domain",
      org: {
        version: 1,
        domains: [{ name: "example.com" }],
        paths: [
          {
            id: "direct",
            from: ["example.com"],
            via: { direct: { ips: ["192.0.2.10"] } },
            dkim: [{ domain: "esp.example.net", selector: "k1" }],
          },
        ],
      },
      dns: { "k1._domainkey.esp.example.net": { TXT: [dkimKey()] } },
      findings: [
        {
          domain: "example.com",
          path: "direct",
          message: /signed only with d=esp\.example\.net, which does not align with example\.com/,
        },
      ],
    },
    {
      name: "Exchange Online before DKIM is enabled (signs with the tenant domain)",
      org: {
        version: 1,
        domains: [{ name: "example.com" }],
        providers: [{ id: "exo", catalog: "microsoft365", settings: { tenant: "contoso" } }],
        paths: [{ id: "exo", from: ["example.com"], via: { provider: "exo" } }],
      },
      dns: {
        "spf.protection.outlook.com": { TXT: ["v=spf1 ip4:40.92.0.0/15 -all"] },
        "example.com": { TXT: ["v=spf1 include:spf.protection.outlook.com -all"] },
      },
      findings: [{ domain: "example.com", path: "exo", message: /signed only with d=contoso\.onmicrosoft\.com/ }],
    },
  ],
});
