import { testRule } from "./rule-tester.ts";

const org = { version: 1, domains: [{ name: "example.com" }, { name: "parked.example", sends: false }], paths: [] };
const locked = {
  "parked.example": { TXT: ["v=spf1 -all"], MX: [{ preference: 0, exchange: "." }] },
  "_dmarc.parked.example": { TXT: ["v=DMARC1; p=reject;"] },
};

testRule("parked-domain-unprotected", {
  valid: [
    { name: "locked down: -all, p=reject, null MX", org, dns: locked },
    { name: "sending domains are not parked" },
  ],
  invalid: [
    {
      name: "nothing published",
      org,
      findings: [
        {
          domain: "parked.example",
          message:
            /parked\.example does not send mail, but there is no SPF record `v=spf1 -all`, no DMARC record with p=reject applies and there is no null MX/,
        },
      ],
    },
    {
      name: "p=none and a real MX",
      org,
      dns: {
        ...locked,
        "parked.example": { TXT: ["v=spf1 -all"], MX: [{ preference: 10, exchange: "mx.example.com" }] },
        "_dmarc.parked.example": { TXT: ["v=DMARC1; p=none"] },
      },
      findings: [
        {
          domain: "parked.example",
          message: /the DMARC policy is p=none, not p=reject and the MX records \(mx\.example\.com\) accept mail/,
        },
      ],
    },
  ],
});
