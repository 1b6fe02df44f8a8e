import { testRule } from "./rule-tester.ts";

testRule("dns-temperror", {
  valid: [
    { name: "every answer definite (NXDOMAIN and NODATA are answers)", dns: { "s1._domainkey.example.com": null } },
  ],
  invalid: [
    {
      name: "the SPF TXT times out: one finding for the record, naming the path it leaves open",
      dns: { "example.com": { TXT: { timeout: true }, MX: [{ preference: 10, exchange: "mx.example.com" }] } },
      findings: [
        {
          domain: "example.com",
          message:
            /^Could not check the SPF record of example\.com: example\.com TXT failed \(timeout\)\. This leaves open the SPF result of path direct \(from example\.com\)/,
        },
      ],
    },
    {
      name: "SERVFAIL at the DKIM key",
      dns: { "s1._domainkey.example.com": { TXT: { rcode: "SERVFAIL" } } },
      findings: [
        {
          domain: "example.com",
          message:
            /^Could not check the DKIM key s1\._domainkey\.example\.com: s1\._domainkey\.example\.com TXT failed \(servfail\)\. This leaves open the DKIM result of path direct/,
        },
      ],
    },
    {
      name: "the DMARC record times out and the MX is refused: one finding each",
      dns: {
        "_dmarc.example.com": { TXT: { timeout: true } },
        "example.com": { TXT: ["v=spf1 ip4:192.0.2.10 -all"], MX: { rcode: "REFUSED" } },
      },
      findings: [
        { domain: "example.com", message: /^Could not check the MX records of example\.com: .*\(refused\)/ },
        {
          domain: "example.com",
          message:
            /^Could not check the DMARC policy of example\.com: .*\(timeout\)\. This leaves open the DMARC result/,
        },
      ],
    },
    {
      name: "a smart host's addresses",
      org: {
        version: 1,
        domains: [{ name: "example.com" }],
        smartHosts: [{ id: "relay", hostname: "relay.example.com" }],
        paths: [{ id: "relay", from: ["example.com"], via: { smartHost: "relay" } }],
      },
      dns: { "relay.example.com": { A: { timeout: true }, AAAA: { timeout: true } } },
      findings: [
        {
          domain: "example.com",
          path: "relay",
          message:
            /^Could not check the addresses of smart host relay \(relay\.example\.com\): .*This leaves open the SPF result of path relay/,
        },
      ],
    },
  ],
});
