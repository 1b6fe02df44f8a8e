import { testRule } from "./rule-tester.ts";
import { edit, https, policy, policyUrl, probes } from "./transport-fakes.ts";

const enforce = {
  dns: { "_mta-sts.example.com": { TXT: ["v=STSv1; id=1"] }, "mta-sts.example.com": { A: ["192.0.2.80"] } },
  https: https({
    [policyUrl("example.com")]: policy(["version: STSv1", "mode: enforce", "mx: mx.example.com", "max_age: 604800"]),
  }),
};

testRule("smtp-certificate-invalid", {
  valid: [
    { name: "a valid certificate", check: "example.com", options: probes() },
    {
      name: "no STARTTLS: no certificate to judge (smtp-starttls-missing)",
      check: "example.com",
      options: probes({ "mx.example.com:25": edit.noStarttls }),
    },
  ],
  invalid: [
    {
      name: "self-signed on an MX host without MTA-STS: a warning",
      check: "example.com",
      options: probes({ "mx.example.com:25": edit.certificate({ chainTrusted: false }) }),
      findings: [
        {
          domain: "example.com",
          severity: "warning",
          message:
            /^The certificate of mx\.example\.com:25 \(an MX host of example\.com\) is not valid: it does not chain to a trusted CA \(DEPTH_ZERO_SELF_SIGNED_CERT\)\. Senders that verify/,
        },
      ],
    },
    {
      name: "a wrong name on an MX host under an enforced MTA-STS policy: an error",
      check: "example.com",
      dns: enforce.dns,
      options: { ...enforce.https, ...probes({ "mx.example.com:25": edit.certificate({ nameMatches: false }) }) },
      findings: [
        {
          domain: "example.com",
          message:
            /it is not valid for mx\.example\.com \(Hostname\/IP does not match.*MTA-STS policy of example\.com \(mode enforce\) do not deliver to it/,
        },
      ],
    },
    {
      name: "expired on a submission port: an error",
      check: "example.com",
      dns: { "submit.example.com": { A: ["192.0.2.30"] } },
      options: {
        probe: {
          ...probes({ "submit.example.com:465": edit.certificate({ expired: true }) }).probe,
          hosts: ["submit.example.com:465"],
        },
      },
      findings: [
        {
          domain: "example.com",
          message:
            /^The certificate of submit\.example\.com:465 .*it expired on 2027-06-11.*Clients that verify refuse it/,
        },
      ],
    },
  ],
});
