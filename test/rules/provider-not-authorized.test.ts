import { dkimKey, testRule } from "./rule-tester.ts";

const outlook = {
  "spf.protection.outlook.com": { TXT: ["v=spf1 ip4:40.92.0.0/15 ip4:40.107.0.0/16 ip6:2a01:111:f400::/48 -all"] },
};
const exoOrg = {
  version: 1,
  domains: [{ name: "example.com" }],
  providers: [{ id: "exo", catalog: "microsoft365", settings: { tenant: "example" } }],
  paths: [
    { id: "exo", from: ["example.com"], via: { provider: "exo" }, dkim: [{ domain: "example.com", selector: "s1" }] },
  ],
};
const sesOrg = (mailFromDomain: string) => ({
  version: 1,
  domains: [{ name: "example.com" }],
  providers: [{ id: "ses", catalog: "amazon-ses", settings: { region: "eu-west-1", mailFromDomain } }],
  paths: [
    { id: "ses", from: ["example.com"], via: { provider: "ses" }, dkim: [{ domain: "example.com", selector: "s1" }] },
  ],
});
const ses = { "amazonses.com": { TXT: ["v=spf1 ip4:199.255.192.0/22 ip4:54.240.0.0/18 -all"] } };

testRule("provider-not-authorized", {
  valid: [
    {
      name: "Microsoft 365 include present",
      org: exoOrg,
      dns: { ...outlook, "example.com": { TXT: ["v=spf1 include:spf.protection.outlook.com -all"] } },
    },
    {
      name: "SES custom MAIL FROM with its SPF",
      org: sesOrg("bounce.example.com"),
      dns: {
        ...ses,
        "bounce.example.com": {
          TXT: ["v=spf1 include:amazonses.com ~all"],
          MX: [{ preference: 10, exchange: "feedback-smtp.eu-west-1.amazonses.com" }],
        },
      },
    },
    {
      name: "SES default MAIL FROM: amazonses.com authorises itself (spf-unaligned reports the alignment)",
      org: { ...sesOrg("x"), providers: [{ id: "ses", catalog: "amazon-ses", settings: { region: "eu-west-1" } }] },
      dns: ses,
    },
  ],
  invalid: [
    {
      name: "Microsoft 365 include missing from the From domain's SPF",
      org: exoOrg,
      dns: { ...outlook, "example.com": { TXT: ["v=spf1 ip4:192.0.2.10 -all"] } },
      findings: [
        {
          domain: "example.com",
          path: "exo",
          message:
            /Microsoft 365.*MAIL FROM example\.com, but that domain's SPF does not authorise the provider's servers: check_host\(\) gives fail for 40\.92\.0\.0, 40\.107\.0\.0 and 2a01:111:f400:: \(taken from include:spf\.protection\.outlook\.com\)/,
        },
      ],
    },
    {
      name: "SES custom MAIL FROM without SPF",
      org: sesOrg("bounce.example.com"),
      dns: {
        ...ses,
        "bounce.example.com": { MX: [{ preference: 10, exchange: "feedback-smtp.eu-west-1.amazonses.com" }] },
        "s1._domainkey.example.com": { TXT: [dkimKey(2048)] },
      },
      findings: [{ domain: "bounce.example.com", path: "ses", message: /MAIL FROM bounce\.example\.com.*gives none/ }],
    },
  ],
});
