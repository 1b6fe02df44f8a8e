import { testRule } from "./rule-tester.ts";

const record = (rua: string) => ({ "_dmarc.example.com": { TXT: [`v=DMARC1; p=reject; rua=${rua}`] } });

testRule("dmarc-report-destination-unauthorized", {
  valid: [
    { name: "an address in the same domain" },
    {
      name: "an address in another subdomain of the same Organizational Domain needs no authorisation",
      dns: record("mailto:dmarc@reports.example.com"),
    },
    {
      name: "an external processor that authorises exactly",
      dns: {
        ...record("mailto:x@dmarc.vendor.example"),
        "example.com._report._dmarc.dmarc.vendor.example": { TXT: ["v=DMARC1"] },
      },
    },
    {
      name: "an external processor that authorises everyone with a wildcard",
      dns: {
        ...record("mailto:x@dmarc.vendor.example"),
        "*._report._dmarc.dmarc.vendor.example": { TXT: ["v=DMARC1"] },
      },
    },
  ],
  invalid: [
    {
      name: "an external processor with no authorisation",
      dns: record("mailto:x@dmarc.vendor.example"),
      findings: [
        {
          domain: "example.com",
          message: /rua address x@dmarc\.vendor\.example is in another organisation \(dmarc\.vendor\.example\)/,
        },
      ],
    },
    {
      name: "an authorisation record that is not v=DMARC1",
      dns: {
        ...record("mailto:x@dmarc.vendor.example"),
        "example.com._report._dmarc.dmarc.vendor.example": { TXT: ["hello"] },
      },
      findings: [{ domain: "example.com", message: /x@dmarc\.vendor\.example/ }],
    },
  ],
});
