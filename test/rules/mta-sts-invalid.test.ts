import { testRule } from "./rule-tester.ts";
import { https, policy, policyUrl } from "./transport-fakes.ts";

const sts = (txt: string[]) => ({
  "_mta-sts.example.com": { TXT: txt },
  "mta-sts.example.com": { A: ["192.0.2.80"] },
});
const good = ["version: STSv1", "mode: enforce", "mx: mx.example.com", "max_age: 604800"];

testRule("mta-sts-invalid", {
  valid: [
    { name: "no MTA-STS record at all", check: "example.com" },
    {
      name: "one valid record and a valid policy",
      check: "example.com",
      dns: sts(["v=STSv1; id=20261101"]),
      options: https({ [policyUrl("example.com")]: policy(good) }),
    },
    {
      name: "a policy fetch that timed out is unknown, not invalid",
      check: "example.com",
      dns: sts(["v=STSv1; id=20261101"]),
      options: https({ [policyUrl("example.com")]: { failure: "timeout", message: "no answer within 20000 ms" } }),
    },
    {
      name: "a SERVFAIL at _mta-sts is unknown, not invalid",
      check: "example.com",
      dns: { "_mta-sts.example.com": { TXT: { rcode: "SERVFAIL" } } },
    },
    {
      name: "an offline run without the policy's recording (unknown)",
      check: "example.com",
      dns: sts(["v=STSv1; id=20261101"]),
      options: https({}),
    },
    {
      name: "a domain that receives no mail (null MX) is not checked",
      check: "example.com",
      dns: {
        "example.com": { TXT: ["v=spf1 -all"], MX: [{ preference: 0, exchange: "." }] },
        "_mta-sts.example.com": { TXT: ["v=STSv1;", "v=STSv1; id=2"] },
      },
    },
    {
      name: "transport checks turned off",
      check: "example.com",
      dns: sts(["v=STSv1;"]),
      options: { transport: false },
    },
  ],
  invalid: [
    {
      name: "two records begin with v=STSv1",
      check: "example.com",
      dns: sts(["v=STSv1; id=1", "v=STSv1; id=2"]),
      options: https({ [policyUrl("example.com")]: policy(good) }),
      findings: [
        {
          domain: "example.com",
          message: /_mta-sts\.example\.com of example\.com is invalid.*2 records begin with "v=STSv1"/,
        },
      ],
    },
    {
      name: "a record without an id",
      check: "example.com",
      dns: sts(["v=STSv1;"]),
      options: https({ [policyUrl("example.com")]: policy(good) }),
      findings: [{ domain: "example.com", message: /the record has no "id" field, which is required/ }],
    },
    {
      name: "a near miss senders discard (V=STSv1)",
      check: "example.com",
      dns: sts(["V=STSv1; id=1"]),
      options: https({ [policyUrl("example.com")]: policy(good) }),
      findings: [{ domain: "example.com", message: /nearly begins with "v=STSv1;" and senders discard it/ }],
    },
    {
      name: "a policy with a wrong version and mode, each with its line",
      check: "example.com",
      dns: sts(["v=STSv1; id=20261101"]),
      options: https({
        [policyUrl("example.com")]: policy(["version: STSv2", "mode: Enforce", "mx: mx.example.com", "max_age: 86400"]),
      }),
      findings: [
        {
          domain: "example.com",
          message:
            /The MTA-STS policy https:\/\/mta-sts\.example\.com\/\.well-known\/mta-sts\.txt of example\.com is invalid.*version must be "STSv1", not "STSv2" \(line 1\).*not "Enforce" \(line 2\)/,
        },
      ],
    },
    {
      name: "in an audit too",
      dns: sts(["v=STSv1; id=1", "v=STSv1; id=2"]),
      findings: [{ domain: "example.com", message: /2 records begin with "v=STSv1"/ }],
    },
  ],
});
