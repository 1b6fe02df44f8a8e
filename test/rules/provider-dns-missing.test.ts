import type { FixtureOwner } from "../../src/dns/fixture/types.ts";
import { dkimKey, testRule } from "./rule-tester.ts";

/** Amazon SES with a custom MAIL FROM domain bounce.example.com (MX to SES feedback, SPF include:amazonses.com). */
const org = {
  version: 1,
  domains: [{ name: "example.com" }],
  providers: [
    { id: "ses", catalog: "amazon-ses", settings: { region: "eu-west-1", mailFromDomain: "bounce.example.com" } },
  ],
  paths: [
    { id: "app", from: ["example.com"], via: { provider: "ses" }, dkim: [{ domain: "example.com", selector: "tok1" }] },
  ],
};
const ses = {
  "amazonses.com": { TXT: ["v=spf1 ip4:199.255.192.0/22 ip4:54.240.0.0/18 -all"] },
  "tok1._domainkey.example.com": { CNAME: "tok1.dkim.amazonses.com" },
  "tok1.dkim.amazonses.com": { TXT: [dkimKey(2048)] },
};
const bounce = (mx: FixtureOwner["MX"]) => ({
  "bounce.example.com": { TXT: ["v=spf1 include:amazonses.com ~all"], ...(mx ? { MX: mx } : {}) },
});

testRule("provider-dns-missing", {
  valid: [
    {
      name: "the MX SES requires is there",
      org,
      dns: { ...ses, ...bounce([{ preference: 10, exchange: "feedback-smtp.eu-west-1.amazonses.com" }]) },
    },
    {
      name: "another preference is fine (only the exchange matters)",
      org,
      dns: { ...ses, ...bounce([{ preference: 20, exchange: "feedback-smtp.eu-west-1.amazonses.com" }]) },
    },
    {
      name: "the MX lookup fails: unknown (dns-temperror), not missing",
      org,
      dns: { ...ses, ...bounce({ timeout: true }) },
    },
  ],
  invalid: [
    {
      name: "no MX at the custom MAIL FROM domain",
      org,
      dns: { ...ses, ...bounce(undefined) },
      findings: [
        {
          domain: "bounce.example.com",
          path: "app",
          message:
            /^Amazon SES requires `bounce\.example\.com MX 10 feedback-smtp\.eu-west-1\.amazonses\.com` for path app .*there is no MX record at bounce\.example\.com \(nodata\): the path's SPF is at risk\.$/,
        },
      ],
    },
    {
      name: "an MX to another region",
      org,
      dns: { ...ses, ...bounce([{ preference: 10, exchange: "feedback-smtp.us-east-1.amazonses.com" }]) },
      findings: [
        {
          domain: "bounce.example.com",
          path: "app",
          message: /bounce\.example\.com has `10 feedback-smtp\.us-east-1\.amazonses\.com`/,
        },
      ],
    },
  ],
});
