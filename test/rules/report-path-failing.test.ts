import { report as aggregate, direct, rec } from "./report-fixtures.ts";
import { testRule } from "./rule-tester.ts";

/** Mail from the direct path's address with the given aligned outcomes. */
function fromPath(count: number, dkim: "pass" | "fail", spf: "pass" | "fail") {
  return rec("192.0.2.10", count, {
    dkim,
    spf,
    dkimAuth: [["example.com", "s1", dkim]],
    spfAuth: [["example.com", spf === "pass" ? "pass" : "softfail"]],
  });
}

testRule("report-path-failing", {
  valid: [
    { name: "the path's mail passes through both identifiers", reports: [aggregate([direct(1000)])] },
    { name: "no traffic from the path", reports: [aggregate([rec("203.0.113.1", 10)])] },
    {
      name: "1% failing is within the threshold",
      reports: [aggregate([direct(990), fromPath(10, "fail", "fail")])],
    },
    {
      name: "the DNS simulation already predicts the failure (path-dmarc-fail says it)",
      dns: { "example.com": { TXT: ["v=spf1 -all"] }, "s1._domainkey.example.com": null },
      reports: [aggregate([fromPath(100, "fail", "fail")])],
    },
    {
      name: "the DNS simulation already predicts DKIM-only alignment (SPF at fault)",
      dns: { "example.com": { TXT: ["v=spf1 -all"] } },
      reports: [aggregate([fromPath(1000, "pass", "fail")])],
    },
  ],
  invalid: [
    {
      name: "10% of the path's mail fails DMARC where DNS predicts a pass",
      reports: [aggregate([direct(900), fromPath(100, "fail", "fail")])],
      findings: [
        {
          domain: "example.com",
          path: "direct",
          message:
            /^On path direct \(direct\) from example\.com, 100 messages of 1,000 \(10%\) failed DMARC in the reports \(2026-11-20\): SPF aligned for 90%, DKIM for 90%\. The DNS simulation predicts pass, so the difference is in the real traffic\.$/,
        },
      ],
    },
    {
      name: "the path's mail fails mostly for DKIM: the identifier at fault is named",
      reports: [aggregate([direct(100), fromPath(300, "fail", "pass"), fromPath(600, "fail", "fail")])],
      findings: [
        {
          domain: "example.com",
          path: "direct",
          message:
            /600 messages of 1,000 \(60%\) failed DMARC .*SPF aligned for 40%, DKIM for 10%\. The identifier at fault: SPF and DKIM\./,
        },
      ],
    },
    {
      name: "the path passes through DKIM only where DNS predicts both",
      reports: [aggregate([fromPath(1000, "pass", "fail")])],
      findings: [
        {
          domain: "example.com",
          path: "direct",
          severity: "warning",
          message:
            /^On path direct \(direct\) from example\.com, DMARC passes for 100% of 1,000 messages \(2026-11-20\) but through DKIM only: SPF aligned for 0%, DKIM for 100%\. The identifier at fault: SPF; any DKIM problem would make this mail fail\.$/,
        },
      ],
    },
    {
      name: "DNS predicts SPF-only trouble, the reports show DKIM not aligning instead",
      dns: { "example.com": { TXT: ["v=spf1 -all"] } },
      reports: [aggregate([fromPath(1000, "fail", "pass")])],
      findings: [
        {
          domain: "example.com",
          path: "direct",
          severity: "warning",
          message: /through SPF only: .*The identifier at fault: DKIM/,
        },
      ],
    },
  ],
});
