import { dkimKey, testRule } from "./rule-tester.ts";

const org = {
  version: 1,
  domains: [{ name: "example.com" }],
  providers: [{ id: "exo", catalog: "microsoft365", settings: { tenant: "contoso" } }],
  paths: [{ id: "exo", from: ["example.com"], via: { provider: "exo" } }],
};
const spf = {
  "spf.protection.outlook.com": { TXT: ["v=spf1 ip4:40.92.0.0/15 -all"] },
  "example.com": { TXT: ["v=spf1 include:spf.protection.outlook.com -all"] },
};
const legacy = (n: number) => `selector${n}-example-com._domainkey.contoso.onmicrosoft.com`;

testRule("exchange-online-dkim-not-enabled", {
  valid: [
    {
      name: "legacy onmicrosoft.com CNAMEs with keys",
      org,
      dns: {
        ...spf,
        "selector1._domainkey.example.com": { CNAME: legacy(1) },
        "selector2._domainkey.example.com": { CNAME: legacy(2) },
        [legacy(1)]: { TXT: [dkimKey()] },
        [legacy(2)]: { TXT: [dkimKey()] },
      },
    },
    {
      name: "2025 dkim.mail.microsoft form, one selector active",
      org,
      dns: {
        ...spf,
        "selector1._domainkey.example.com": {
          CNAME: "selector1-example-com._domainkey.contoso.x-v1.dkim.mail.microsoft",
        },
        "selector1-example-com._domainkey.contoso.x-v1.dkim.mail.microsoft": { TXT: [dkimKey()] },
      },
    },
    { name: "not an Exchange Online path" },
  ],
  invalid: [
    {
      name: "no CNAMEs at all",
      org,
      dns: spf,
      findings: [
        {
          domain: "example.com",
          path: "exo",
          message:
            /DKIM is not enabled for example\.com in Exchange Online .*selector1\._domainkey\.example\.com and selector2\._domainkey\.example\.com are not published.*signs with contoso\.onmicrosoft\.com/,
        },
      ],
    },
    {
      name: "CNAMEs published, signing never enabled (targets missing)",
      org,
      dns: {
        ...spf,
        "selector1._domainkey.example.com": { CNAME: legacy(1) },
        "selector2._domainkey.example.com": { CNAME: legacy(2) },
      },
      findings: [
        { domain: "example.com", path: "exo", message: /the CNAMEs are published but their targets do not exist yet/ },
      ],
    },
  ],
});
