import { report as aggregate, direct, rec } from "./report-fixtures.ts";
import { testRule } from "./rule-tester.ts";

const pNone = { "_dmarc.example.com": { TXT: ["v=DMARC1; p=none; rua=mailto:dmarc@example.com"] } };
const pQuarantine = { "_dmarc.example.com": { TXT: ["v=DMARC1; p=quarantine; rua=mailto:dmarc@example.com"] } };

testRule("report-policy-readiness", {
  valid: [
    { name: "p=reject: nothing to ramp up", reports: [aggregate([direct(100), rec("198.51.100.30", 5)])] },
    { name: "p=none without any report", dns: pNone },
    {
      name: "p=none but no report covers the domain's mail",
      dns: pNone,
      reports: [aggregate([rec("203.0.113.1", 10, { from: "example.net" })], { domain: "example.net" })],
    },
  ],
  invalid: [
    {
      name: "p=none and every legitimate message passes: ready",
      dns: pNone,
      reports: [aggregate([direct(400), rec("203.0.113.66", 25)])],
      findings: [
        {
          domain: "example.com",
          message:
            /^example\.com is at p=none, and the reports \(2026-11-20\) show all 400 legitimate messages passing DMARC: it is ready for p=quarantine, then p=reject\. Enforcement would stop 25 messages from unknown sources that fail DMARC\.$/,
        },
      ],
    },
    {
      name: "p=none with an undeclared provider and a forwarder failing: which sources first",
      dns: pNone,
      reports: [
        aggregate([
          direct(880),
          rec("198.51.100.30", 100, { spfAuth: [["mail198.atl121.mcsv.net", "pass"]] }),
          rec("203.0.113.9", 20, { reasons: ["mailing_list"] }),
        ]),
      ],
      findings: [
        {
          domain: "example.com",
          message:
            /^example\.com is at p=none\. In the reports \(2026-11-20\), 120 legitimate messages of 1,000 \(12%\) failed DMARC and would go to spam at p=quarantine, and be rejected at p=reject\. Fix these first: Intuit Mailchimp \(marketing\), undeclared \(100 failing\); forwarders and mailing lists, which break SPF \(and DKIM when they change the message\) \(20 failing\)\.$/,
        },
      ],
    },
    {
      name: "p=quarantine: the next step is p=reject (info)",
      dns: pQuarantine,
      reports: [aggregate([direct(400)])],
      findings: [
        {
          domain: "example.com",
          severity: "info",
          message:
            /^example\.com is at p=quarantine, and the reports \(2026-11-20\) show all 400 legitimate messages passing DMARC: it is ready for p=reject\.$/,
        },
      ],
    },
  ],
});
