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
