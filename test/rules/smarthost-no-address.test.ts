import { testRule } from "./rule-tester.ts";

const org = {
  version: 1,
  domains: [{ name: "example.com" }],
  smartHosts: [{ id: "relay", hostname: "relay.example.com" }],
  paths: [{ id: "relay", from: ["example.com"], via: { smartHost: "relay" } }],
};

testRule("smarthost-no-address", {
  valid: [
    { name: "the host name has an address", org, dns: { "relay.example.com": { A: ["192.0.2.10"] } } },
    {
      name: "the lookups fail: unknown (dns-temperror), not missing",
      org,
      dns: { "relay.example.com": { A: { timeout: true }, AAAA: { timeout: true } } },
    },
    {
      name: "the description gives the addresses",
      org: { ...org, smartHosts: [{ id: "relay", hostname: "relay.example.com", ips: ["192.0.2.10"] }] },
    },
  ],
  invalid: [
    {
      name: "NXDOMAIN for the host name",
      org,
      findings: [
        {
          domain: "example.com",
          path: "relay",
          message:
            /^Smart host relay \(relay\.example\.com\) on path relay .*resolves to no address \(A nxdomain, AAAA nxdomain\): no egress addresses/,
        },
      ],
    },
    {
      name: "NODATA for both A and AAAA",
      org,
      dns: { "relay.example.com": { TXT: ["not an address"] } },
      findings: [{ domain: "example.com", path: "relay", message: /\(A nodata, AAAA nodata\)/ }],
    },
  ],
});
