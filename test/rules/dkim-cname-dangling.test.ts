import { dkimKey, testRule } from "./rule-tester.ts";

testRule("dkim-cname-dangling", {
  valid: [
    {
      name: "CNAME to an existing key",
      dns: {
        "s1._domainkey.example.com": { CNAME: "s1.domainkey.u1.wl1.sendgrid.net" },
        "s1.domainkey.u1.wl1.sendgrid.net": { TXT: [dkimKey()] },
      },
    },
    { name: "a TXT key" },
    {
      // Exchange Online's own selectors: exchange-online-dkim-not-enabled reports them (one cause, one finding).
      name: "Exchange Online selectors with CNAMEs whose targets do not exist yet",
      org: {
        version: 1,
        domains: [{ name: "example.com" }],
        providers: [{ id: "exo", catalog: "microsoft365", settings: { tenant: "example" } }],
        paths: [{ id: "exo", from: ["example.com"], via: { provider: "exo" } }],
      },
      dns: {
        "example.com": { TXT: ["v=spf1 include:spf.protection.outlook.com -all"] },
        "spf.protection.outlook.com": { TXT: ["v=spf1 ip4:40.92.0.0/15 -all"] },
        "selector1._domainkey.example.com": { CNAME: "selector1-example-com._domainkey.example.onmicrosoft.com" },
        "selector2._domainkey.example.com": { CNAME: "selector2-example-com._domainkey.example.onmicrosoft.com" },
      },
    },
  ],
  invalid: [
    {
      name: "CNAME to a SendGrid name that does not exist",
      dns: { "s1._domainkey.example.com": { CNAME: "s1.domainkey.u1.wl1.sendgrid.net" } },
      findings: [
        {
          domain: "example.com",
          path: "direct",
          message:
            /s1\._domainkey\.example\.com \(used by .*\) is a CNAME to s1\.domainkey\.u1\.wl1\.sendgrid\.net \(sendgrid\), which holds no key/,
        },
      ],
    },
    {
      name: "the missing-trailing-dot mistake: the zone appended to a provider's name",
      org: {
        version: 1,
        domains: [{ name: "fabrikam.com" }],
        paths: [
          {
            id: "news",
            from: ["fabrikam.com"],
            via: { direct: { ips: ["192.0.2.10"] } },
            dkim: [{ domain: "fabrikam.com", selector: "k3" }],
          },
        ],
      },
      dns: {
        "fabrikam.com": { TXT: ["v=spf1 ip4:192.0.2.10 -all"] },
        "k3._domainkey.fabrikam.com": { CNAME: "dkim3.mcsv.net.fabrikam.com" },
      },
      findings: [
        {
          domain: "fabrikam.com",
          path: "news",
          message:
            /k3\._domainkey\.fabrikam\.com .* is a CNAME to dkim3\.mcsv\.net\.fabrikam\.com, which holds no key: the target was written without its trailing dot, so the zone's name was appended to dkim3\.mcsv\.net\./,
        },
      ],
    },
    {
      name: "found by discovery in a check",
      check: "example.com",
      dns: {
        "s1._domainkey.example.com": null,
        "selector1._domainkey.example.com": { CNAME: "selector1-example-com._domainkey.gone.onmicrosoft.com" },
      },
      findings: [
        {
          domain: "example.com",
          message:
            /selector1\._domainkey\.example\.com is a CNAME to selector1-example-com\._domainkey\.gone\.onmicrosoft\.com/,
        },
      ],
    },
  ],
});
