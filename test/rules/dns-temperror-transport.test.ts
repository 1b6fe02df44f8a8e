/** `dns-temperror` for the transport facts: a fetch, a TLSA lookup or a probe that could not complete is "could not check". */
import { testRule } from "./rule-tester.ts";
import { edit, https, policyUrl, probes } from "./transport-fakes.ts";

const sts = { "_mta-sts.example.com": { TXT: ["v=STSv1; id=1"] }, "mta-sts.example.com": { A: ["192.0.2.80"] } };

testRule("dns-temperror", {
  valid: [{ name: "transport checks with definite answers", check: "example.com", options: probes() }],
  invalid: [
    {
      name: "the MTA-STS policy fetch times out",
      check: "example.com",
      dns: sts,
      options: https({
        [policyUrl("example.com")]: { failure: "timeout", message: "no complete answer within 20000 ms" },
      }),
      findings: [
        {
          domain: "example.com",
          message:
            /^Could not check the MTA-STS policy of example\.com \(https:\/\/mta-sts\.example\.com\/\.well-known\/mta-sts\.txt\): the fetch did not complete \(timeout: no complete answer within 20000 ms\)\. This leaves open whether the MTA-STS policy of example\.com is valid and covers its MX hosts\.$/,
        },
      ],
    },
    {
      name: "an offline run without the policy's recording",
      check: "example.com",
      dns: sts,
      options: https({}),
      findings: [
        {
          domain: "example.com",
          message: /the fetch was not made \(offline run: the HTTPS recording holds no answer for this URL\)/,
        },
      ],
    },
    {
      name: "the TLSA lookup of an MX host fails",
      check: "example.com",
      dns: { "_25._tcp.mx.example.com": { TLSA: { rcode: "SERVFAIL" } } },
      findings: [
        {
          domain: "example.com",
          message:
            /^Could not check the TLSA records of mx\.example\.com \(DANE\): _25\._tcp\.mx\.example\.com TLSA failed \(servfail\)/,
        },
      ],
    },
    {
      name: "a probe whose connection is refused",
      check: "example.com",
      options: probes({ "mx.example.com:25": edit.refused }),
      findings: [
        {
          domain: "example.com",
          message:
            /^Could not check the SMTP service of mx\.example\.com:25: the probe's connect step did not complete \(refused: connect ECONNREFUSED 192\.0\.2\.25:25\)\. This leaves open whether it offers STARTTLS \(mx\.example\.com:25\)/,
        },
      ],
    },
    {
      name: "a probed host whose address lookups time out",
      check: "example.com",
      dns: { "mx.example.com": { A: { timeout: true }, AAAA: { timeout: true } } },
      options: probes(),
      findings: [
        {
          domain: "example.com",
          message:
            /^Could not check the address of mx\.example\.com: mx\.example\.com A and mx\.example\.com AAAA failed \(timeout\)/,
        },
      ],
    },
  ],
});
