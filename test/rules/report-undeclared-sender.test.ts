import { report as aggregate, direct, rec } from "./report-fixtures.ts";
import { baseOrg, dkimKey, testRule } from "./rule-tester.ts";

const twoDomains = { ...baseOrg, domains: [{ name: "example.com" }, { name: "example.org" }] };

testRule("report-undeclared-sender", {
  valid: [
    { name: "no reports given" },
    { name: "only the described path's mail", reports: [aggregate([direct(500)])] },
    {
      name: "a forwarder the receiver named (reason forwarded)",
      reports: [
        aggregate([
          direct(500),
          rec("203.0.113.9", 12, { dkim: "pass", reasons: ["forwarded"], dkimAuth: [["example.com", "s1", "pass"]] }),
        ]),
      ],
    },
    {
      name: "the path's signature passing from outside its address with SPF failing: a forwarder",
      reports: [
        aggregate([
          direct(500),
          rec("198.51.100.77", 8, {
            dkim: "pass",
            dkimAuth: [["example.com", "s1", "pass"]],
            spfAuth: [["example.com", "fail"]],
          }),
        ]),
      ],
    },
  ],
  invalid: [
    {
      name: "a known provider named by its envelope domain, failing under p=reject: its mail is lost now",
      reports: [
        aggregate([
          direct(500),
          rec("198.51.100.30", 120, { spfAuth: [["mail198.atl121.mcsv.net", "pass"]], disposition: "reject" }),
        ]),
      ],
      findings: [
        {
          domain: "example.com",
          severity: "error",
          message:
            /^Intuit Mailchimp \(marketing\) sends as example\.com \(120 messages from 1 address, 0 passing DMARC \(0%\), 2026-11-20\) but no path describes it \(recognised by: SPF passes for its envelope domain mail198\.atl121\.mcsv\.net\)\. Its mail fails DMARC \(p=reject: it is being quarantined or rejected now\)\.$/,
        },
      ],
    },
    {
      name: "a forward-confirmed PTR name of a known provider, passing through an undescribed selector",
      dns: {
        "30.100.51.198.in-addr.arpa": { PTR: ["o1.ptr4821.sendgrid.net"] },
        "o1.ptr4821.sendgrid.net": { A: ["198.51.100.30"] },
      },
      reports: [
        aggregate([direct(500), rec("198.51.100.30", 75, { dkim: "pass", dkimAuth: [["example.com", "em", "pass"]] })]),
      ],
      findings: [
        {
          domain: "example.com",
          message:
            /^Twilio SendGrid sends as example\.com \(75 messages from 1 address, 75 passing DMARC \(100%\), 2026-11-20\) but no path describes it \(recognised by: PTR o1\.ptr4821\.sendgrid\.net \(forward-confirmed\)\)\.$/,
        },
      ],
    },
    {
      name: "a selector whose key is a provider's CNAME names the provider",
      dns: {
        "k1._domainkey.example.com": { CNAME: "dkim.mcsv.net" },
        "dkim.mcsv.net": { TXT: [dkimKey()] },
      },
      reports: [
        aggregate([direct(500), rec("198.51.100.50", 40, { dkim: "pass", dkimAuth: [["example.com", "k1", "pass"]] })]),
      ],
      findings: [
        {
          domain: "example.com",
          message:
            /^Intuit Mailchimp \(marketing\) sends as example\.com \(40 messages from 1 address, 40 passing DMARC \(100%\), 2026-11-20\) but no path describes it \(recognised by: DKIM s=k1 of example\.com is a CNAME to dkim\.mcsv\.net\)\.$/,
        },
      ],
    },
    {
      name: "a PTR name that is not forward-confirmed names nobody: unknown, failing under p=reject",
      dns: { "31.100.51.198.in-addr.arpa": { PTR: ["mail.sendgrid.net"] } },
      reports: [aggregate([direct(500), rec("198.51.100.31", 900, { disposition: "reject" })])],
      findings: [
        {
          domain: "example.com",
          severity: "info",
          message:
            /^1 unknown source sent mail as example\.com that failed DMARC \(900 messages of 900, 2026-11-20\): spoofing candidates, or servers no path describes\. p=reject stops it\.$/,
        },
      ],
    },
    {
      name: "an unknown server passing DMARC through SPF",
      dns: { "example.com": { TXT: ["v=spf1 ip4:192.0.2.0/24 -all"] } },
      reports: [aggregate([direct(500), rec("192.0.2.99", 40, { spf: "pass", spfAuth: [["example.com", "pass"]] })])],
      findings: [
        {
          domain: "example.com",
          message:
            /^1 unknown source passes DMARC as example\.com \(40 messages from 1 address, 40 passing DMARC \(100%\), 2026-11-20\) and no path describes it\. Why it passes: SPF passes aligned \(the SPF record of its envelope domain authorises it\)\.$/,
        },
      ],
    },
    {
      name: "unknown sources failing where p=none: delivered",
      dns: { "_dmarc.example.com": { TXT: ["v=DMARC1; p=none; rua=mailto:dmarc@example.com"] } },
      reports: [aggregate([direct(500), rec("203.0.113.1", 10), rec("203.0.113.2", 5)])],
      findings: [
        {
          domain: "example.com",
          message:
            /^2 unknown sources sent mail as example\.com that failed DMARC \(15 messages of 15, .*p=none, so receivers deliver it\.$/,
        },
      ],
    },
    {
      name: "a described path sending for a From domain it does not list",
      org: twoDomains,
      dns: {
        "example.org": { TXT: ["v=spf1 ip4:192.0.2.10 -all"] },
        "_dmarc.example.org": { TXT: ["v=DMARC1; p=reject"] },
      },
      reports: [
        aggregate([direct(500)]),
        aggregate([rec("192.0.2.10", 30, { from: "example.org", spf: "pass", spfAuth: [["example.org", "pass"]] })], {
          domain: "example.org",
        }),
      ],
      findings: [
        {
          domain: "example.org",
          message:
            /^Path direct sends as example\.org \(30 messages from 1 address, 30 passing DMARC \(100%\), 2026-11-20\), a From domain it does not list\.$/,
        },
      ],
    },
  ],
});
