import { testRule } from "./rule-tester.ts";
import { https, policy, policyUrl } from "./transport-fakes.ts";

const record = { "_mta-sts.example.com": { TXT: ["v=STSv1; id=20261101"] } };
const dns = { ...record, "mta-sts.example.com": { A: ["192.0.2.80"] } };
const url = policyUrl("example.com");
const good = ["version: STSv1", "mode: enforce", "mx: mx.example.com", "max_age: 604800"];

testRule("mta-sts-policy-unreachable", {
  valid: [
    { name: "the policy is served", check: "example.com", dns, options: https({ [url]: policy(good) }) },
    { name: "a timeout is unknown", check: "example.com", dns, options: https({ [url]: { failure: "timeout" } }) },
    { name: "an offline run without a recording is unknown", check: "example.com", dns, options: https({}) },
    {
      name: "the policy host's address lookups fail (unknown)",
      check: "example.com",
      dns: { ...record, "mta-sts.example.com": { A: { rcode: "SERVFAIL" }, AAAA: { rcode: "SERVFAIL" } } },
      options: https({ [url]: policy(good) }),
    },
  ],
  invalid: [
    {
      name: "the policy host does not exist",
      check: "example.com",
      dns: record,
      options: https({ [url]: policy(good) }),
      findings: [{ domain: "example.com", message: /the policy host has no A or AAAA record/ }],
    },
    {
      name: "a redirect (never followed)",
      check: "example.com",
      dns,
      options: https({ [url]: { status: 301, location: "https://www.example.com/mta-sts.txt" } }),
      findings: [
        {
          domain: "example.com",
          message: /senders must not follow redirects.*HTTP 301 redirect to https:\/\/www\.example\.com\/mta-sts\.txt/,
        },
      ],
    },
    {
      name: "a 404",
      check: "example.com",
      dns,
      options: https({ [url]: { status: 404, contentType: "text/html" } }),
      findings: [
        { domain: "example.com", message: /the server does not answer 200 \(HTTP status 404; only 200 is valid\)/ },
      ],
    },
    {
      name: "a certificate for another name",
      check: "example.com",
      dns,
      options: https({ [url]: { failure: "certificate", message: "certificate not valid for mta-sts.example.com" } }),
      findings: [{ domain: "example.com", message: /its certificate is not valid for the policy host/ }],
    },
    {
      name: "a refused connection",
      check: "example.com",
      dns,
      options: {
        transport: {
          https: {
            fetch: async () => ({
              ok: false,
              kind: "connect",
              code: "ECONNREFUSED",
              message: "connect ECONNREFUSED 192.0.2.80:443",
            }),
          },
        },
      },
      findings: [{ domain: "example.com", message: /the policy host refused the connection/ }],
    },
    {
      name: "the wrong media type, the policy itself valid: a warning",
      check: "example.com",
      dns,
      options: https({ [url]: policy(good, "text/html") }),
      findings: [
        {
          domain: "example.com",
          severity: "warning",
          message: /the media type is not `text\/plain`.*The policy itself parses/,
        },
      ],
    },
  ],
});
