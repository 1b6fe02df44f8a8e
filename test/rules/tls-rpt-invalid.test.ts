import { testRule } from "./rule-tester.ts";

const rpt = (txt: string[]) => ({ "_smtp._tls.example.com": { TXT: txt } });

testRule("tls-rpt-invalid", {
  valid: [
    { name: "no record", check: "example.com" },
    {
      name: "a valid record with two destinations",
      check: "example.com",
      dns: rpt(["v=TLSRPTv1; rua=mailto:tls@example.com,https://reports.example.net/tls"]),
    },
    {
      name: "unrelated TXT records beside it",
      check: "example.com",
      dns: rpt(["v=TLSRPTv1; rua=mailto:tls@example.com", "google-site-verification=x"]),
    },
  ],
  invalid: [
    {
      name: "a DMARC-style size suffix",
      check: "example.com",
      dns: rpt(["v=TLSRPTv1; rua=mailto:tls@example.com!10m"]),
      findings: [
        { domain: "example.com", message: /is invalid, so senders send no TLS reports: .*"!" must be percent-encoded/ },
      ],
    },
    {
      name: "no rua",
      check: "example.com",
      dns: rpt(["v=TLSRPTv1;"]),
      findings: [{ domain: "example.com", message: /the record has no "rua" field, which is required/ }],
    },
    {
      name: "two records",
      check: "example.com",
      dns: rpt(["v=TLSRPTv1; rua=mailto:a@example.com", "v=TLSRPTv1; rua=mailto:b@example.com"]),
      findings: [{ domain: "example.com", message: /2 records begin with "v=TLSRPTv1"/ }],
    },
  ],
});
