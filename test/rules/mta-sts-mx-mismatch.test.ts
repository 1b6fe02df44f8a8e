import { testRule } from "./rule-tester.ts";
import { https, policy, policyUrl } from "./transport-fakes.ts";

const dns = {
  "_mta-sts.example.com": { TXT: ["v=STSv1; id=20261101"] },
  "mta-sts.example.com": { A: ["192.0.2.80"] },
  "example.com": {
    TXT: ["v=spf1 ip4:192.0.2.10 -all"],
    MX: [
      { preference: 10, exchange: "mx.example.com" },
      { preference: 20, exchange: "backup.mail.example.com" },
    ],
  },
};
const withPolicy = (mode: string, mx: string[]) =>
  https({
    [policyUrl("example.com")]: policy([
      "version: STSv1",
      `mode: ${mode}`,
      ...mx.map((m) => `mx: ${m}`),
      "max_age: 604800",
    ]),
  });

testRule("mta-sts-mx-mismatch", {
  valid: [
    {
      name: "every MX covered by a name or a one-label wildcard",
      check: "example.com",
      dns,
      options: withPolicy("enforce", ["mx.example.com", "*.mail.example.com"]),
    },
    { name: "mode none is not checked", check: "example.com", dns, options: withPolicy("none", ["other.example.net"]) },
    {
      name: "an invalid policy is mta-sts-invalid's, not this rule's",
      check: "example.com",
      dns,
      options: https({
        [policyUrl("example.com")]: policy([
          "version: STSv1",
          "mode: Enforce",
          "mx: other.example.net",
          "max_age: 604800",
        ]),
      }),
    },
  ],
  invalid: [
    {
      name: "enforce: a wildcard matches one label only, so backup.mail.example.com is uncovered by *.example.com",
      check: "example.com",
      dns,
      options: withPolicy("enforce", ["*.example.com"]),
      findings: [
        {
          domain: "example.com",
          message:
            /\(mode enforce\): MX host backup\.mail\.example\.com matches no `mx` pattern of the policy \(\*\.example\.com\): senders that apply the policy will not deliver to it\./,
        },
      ],
    },
    {
      name: "testing: an uncovered MX is a warning",
      check: "example.com",
      dns,
      options: withPolicy("testing", ["mx.example.com"]),
      findings: [
        {
          domain: "example.com",
          severity: "warning",
          message: /\(mode testing\): MX host backup\.mail\.example\.com matches no `mx` pattern.*report the failure/,
        },
      ],
    },
    {
      name: "enforce: every MX covered, a stale pattern (warning)",
      check: "example.com",
      dns,
      options: withPolicy("enforce", ["mx.example.com", "*.mail.example.com", "mail.old-provider.example"]),
      findings: [
        {
          domain: "example.com",
          severity: "warning",
          message: /pattern mail\.old-provider\.example matches no MX host/,
        },
      ],
    },
  ],
});
