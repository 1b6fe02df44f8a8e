import { report as aggregate, direct, rec } from "./report-fixtures.ts";
import { testRule } from "./rule-tester.ts";

testRule("report-unknown-domain", {
  valid: [
    { name: "no reports given" },
    { name: "reports for the listed domain only", reports: [aggregate([direct(10), rec("203.0.113.1", 4)])] },
  ],
  invalid: [
    {
      name: "a domain that sends and is not listed",
      reports: [
        aggregate([direct(10)]),
        aggregate(
          [
            rec("198.51.100.7", 90, { from: "example.net", spf: "pass" }),
            rec("198.51.100.8", 10, { from: "example.net" }),
          ],
          { domain: "example.net", reporter: "Yahoo" },
        ),
      ],
      findings: [
        {
          domain: "example.net",
          message:
            /^DMARC reports \(2026-11-20\) cover mail from example\.net which the description does not list: 100 messages from 2 addresses, 90 passing DMARC \(90%\), reported by Yahoo\.$/,
        },
      ],
    },
    {
      name: "an unlisted subdomain whose mail all fails (info)",
      reports: [aggregate([direct(10), rec("203.0.113.5", 7, { from: "mail.example.com" })])],
      findings: [
        {
          domain: "mail.example.com",
          severity: "info",
          message:
            /^DMARC reports \(2026-11-20\) cover mail from mail\.example\.com, a subdomain of example\.com, which the description does not list: 7 messages from 1 address, 0 passing DMARC \(0%\), reported by google\.com\.$/,
        },
      ],
    },
  ],
});
