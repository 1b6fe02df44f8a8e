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
    // NXDOMAIN: domain-not-found says so; no "publish a record" finding for a name that does not exist.
    { name: "a domain that does not exist", org },
    {
      name: "what DNS could not tell is not claimed missing (MX and DMARC time out, SPF is right)",
      org,
      dns: {
        "parked.example": { TXT: ["v=spf1 -all"], MX: { timeout: true } },
        "_dmarc.parked.example": { TXT: { timeout: true } },
      },
    },
  ],
  invalid: [
    {
      name: "nothing published (the name exists, NODATA for TXT and MX)",
      org,
      dns: { "parked.example": { A: ["192.0.2.99"] } },
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
    {
      name: "only the proven part is claimed when the MX lookup fails",
      org,
      dns: {
        "parked.example": { TXT: ["v=spf1 a -all"], MX: { rcode: "SERVFAIL" } },
        "_dmarc.parked.example": { TXT: ["v=DMARC1; p=reject;"] },
      },
      findings: [
        {
          domain: "parked.example",
          message: /^parked\.example does not send mail, but SPF is `v=spf1 a -all`, not `v=spf1 -all`\.$/,
        },
      ],
    },
  ],
});
