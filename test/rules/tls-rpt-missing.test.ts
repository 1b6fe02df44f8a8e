import { testRule } from "./rule-tester.ts";
import { https, policy, policyUrl } from "./transport-fakes.ts";

const sts = {
  "_mta-sts.example.com": { TXT: ["v=STSv1; id=20261101"] },
  "mta-sts.example.com": { A: ["192.0.2.80"] },
};
const options = https({
  [policyUrl("example.com")]: policy(["version: STSv1", "mode: testing", "mx: mx.example.com", "max_age: 604800"]),
});
const tlsa = { "_25._tcp.mx.example.com": { TLSA: [`3 1 1 ${"ab".repeat(32)}`] } };

testRule("tls-rpt-missing", {
  valid: [
    { name: "neither MTA-STS nor DANE published", check: "example.com" },
    {
      name: "MTA-STS with TLS-RPT",
      check: "example.com",
      dns: { ...sts, "_smtp._tls.example.com": { TXT: ["v=TLSRPTv1; rua=mailto:tls@example.com"] } },
      options,
    },
    {
      name: "the TLS-RPT lookup failed (unknown)",
      check: "example.com",
      dns: { ...sts, "_smtp._tls.example.com": { TXT: { timeout: true } } },
      options,
    },
  ],
  invalid: [
    {
      name: "MTA-STS without TLS-RPT",
      check: "example.com",
      dns: sts,
      options,
      findings: [
        {
          domain: "example.com",
          message: /publishes an MTA-STS record but no TLS-RPT record at _smtp\._tls\.example\.com/,
        },
      ],
    },
    {
      name: "TLSA records (DANE) without TLS-RPT",
      check: "example.com",
      dns: tlsa,
      findings: [
        {
          domain: "example.com",
          message: /publishes TLSA records for mx\.example\.com \(DANE\) but no TLS-RPT record/,
        },
      ],
    },
  ],
});
