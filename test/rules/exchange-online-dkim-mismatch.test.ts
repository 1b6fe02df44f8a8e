import { e } from "../exchange/hybrid/shapes.ts";
import { dkimConfig, online } from "./exchange-exports.ts";
import { testExchangeRule } from "./exchange-tester.ts";
import { dkimKey } from "./rule-tester.ts";

const STATUS = "Microsoft.Exchange.Data.DkimSigningConfigStatus";
const dkim = (...o: Parameters<typeof online>[1][]) => online("GetDkimSigningConfig", ...o);
const T1 = "selector1-example-com._domainkey.contoso.n-v1.dkim.mail.microsoft";
const T2 = "selector2-example-com._domainkey.contoso.n-v1.dkim.mail.microsoft";
const org = {
  version: 1,
  domains: [{ name: "example.com" }, { name: "parked.example.com", sends: false }],
  providers: [{ id: "exo", catalog: "microsoft365", settings: { tenant: "contoso" } }],
  paths: [{ id: "exo", from: ["example.com"], via: { provider: "exo" } }],
};
const published = {
  "example.com": { TXT: ["v=spf1 include:spf.protection.outlook.com -all"] },
  "spf.protection.outlook.com": { TXT: ["v=spf1 ip4:40.92.0.0/15 -all"] },
  "selector1._domainkey.example.com": { CNAME: T1 },
  "selector2._domainkey.example.com": { CNAME: T2 },
  [T1]: { TXT: [dkimKey()] },
  [T2]: { TXT: [dkimKey()] },
};

testExchangeRule("exchange-online-dkim-mismatch", {
  valid: [
    {
      name: "enabled, valid, 2048 bits, CNAMEs as exported",
      org,
      exports: [dkim(dkimConfig("example.com"))],
      dns: published,
      encodings: ["utf-16le"],
    },
    {
      name: "the tenant's own domain and a domain that sends nothing",
      org,
      exports: [
        dkim(
          dkimConfig("contoso.onmicrosoft.com", { Selector1CNAME: null, Selector2CNAME: null }),
          dkimConfig("parked.example.com", { Enabled: false, Selector1CNAME: null, Selector2CNAME: null }),
        ),
      ],
      dns: published,
    },
    {
      name: "the CNAME question fails: unknown, not a mismatch",
      org,
      exports: [dkim(dkimConfig("example.com"))],
      dns: { ...published, "selector2._domainkey.example.com": { CNAME: { rcode: "SERVFAIL" } } },
    },
  ],
  invalid: [
    {
      name: "signing disabled, CNAMEs never published: one finding, for exchange-online-dkim-not-enabled too",
      org,
      exports: [dkim(dkimConfig("example.com", { Enabled: false, Status: e("CnameError", STATUS) }))],
      dns: {
        "example.com": published["example.com"],
        "spf.protection.outlook.com": published["spf.protection.outlook.com"],
      },
      encodings: ["utf-16be"],
      findings: [
        {
          domain: "example.com",
          path: "exo",
          message:
            /^Exchange Online DKIM for example\.com: signing is disabled \(Enabled False\), Exchange Online reports Status CnameError, selector1\._domainkey\.example\.com is not published \(it must be a CNAME to selector1-example-com\._domainkey\.contoso\.n-v1\.dkim\.mail\.microsoft\) and selector2\._domainkey\.example\.com is not published .* DMARC rests on SPF alone on path exo \(Microsoft 365 \/ Exchange Online\) from example\.com\.$/,
          fix: /`selector1\._domainkey\.example\.com\. CNAME selector1-example-com\._domainkey\.contoso\.n-v1\.dkim\.mail\.microsoft\.`.*`Set-DkimSigningConfig -Identity example\.com -Enabled \$true`/,
          evidence: /"Enabled = False","Status = CnameError"/,
        },
      ],
    },
    {
      name: "a CNAME to another tenant's target and 1024-bit keys",
      org,
      exports: [dkim(dkimConfig("example.com", { Selector1KeySize: 1024, Selector2KeySize: 1024 }))],
      dns: {
        ...published,
        "selector2._domainkey.example.com": { CNAME: "selector2-example-com._domainkey.fabrikam.onmicrosoft.com" },
        "selector2-example-com._domainkey.fabrikam.onmicrosoft.com": { TXT: [dkimKey()] },
      },
      findings: [
        {
          domain: "example.com",
          path: "exo",
          message:
            /^Exchange Online DKIM for example\.com: the keys are 1024 bits \(2048 recommended\) and selector2\._domainkey\.example\.com points to selector2-example-com\._domainkey\.fabrikam\.onmicrosoft\.com instead of selector2-example-com\._domainkey\.contoso\.n-v1\.dkim\.mail\.microsoft\./,
          fix: /`Rotate-DkimSigningConfig -Identity example\.com -KeySize 2048`/,
        },
      ],
    },
    {
      name: "a domain with no path in the description",
      exports: [dkim(dkimConfig("example.com", { Status: e("NoDKIMKeys", STATUS) }))],
      dns: published,
      findings: [
        {
          domain: "example.com",
          message:
            /^Exchange Online DKIM for example\.com: Exchange Online reports Status NoDKIMKeys\. Exchange Online does not sign example\.com's mail with its own domain, so DKIM does not align\.$/,
        },
      ],
    },
  ],
});
