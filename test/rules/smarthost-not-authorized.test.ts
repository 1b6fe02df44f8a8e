import { testRule } from "./rule-tester.ts";

const relayOrg = (ips?: string[]) => ({
  version: 1,
  domains: [{ name: "example.com" }],
  smartHosts: [{ id: "edge", hostname: "relay.example.com", ...(ips ? { ips } : {}) }],
  paths: [
    {
      id: "relay",
      from: ["example.com"],
      via: { smartHost: "edge" },
      dkim: [{ domain: "example.com", selector: "s1" }],
    },
  ],
});

testRule("smarthost-not-authorized", {
  valid: [
    { name: "egress IP in SPF", org: relayOrg(["192.0.2.10"]) },
    {
      name: "hostname resolved, its address in SPF through a:",
      org: relayOrg(),
      dns: { "relay.example.com": { A: ["203.0.113.5"] }, "example.com": { TXT: ["v=spf1 a:relay.example.com -all"] } },
    },
    {
      name: "a timeout is not a verdict (dns-temperror says so)",
      org: relayOrg(["203.0.113.5"]),
      dns: { "example.com": { TXT: { timeout: true } } },
    },
  ],
  invalid: [
    {
      name: "egress IPv4 and IPv6 missing",
      org: relayOrg(["203.0.113.25", "2001:db8::25"]),
      findings: [
        {
          domain: "example.com",
          path: "relay",
          message:
            /sends from 203\.0\.113\.25 and 2001:db8::25, which the SPF record of example\.com does not authorise: SPF gives fail \(matched -all\)/,
        },
      ],
    },
    {
      name: "resolved address missing, softfail",
      org: relayOrg(),
      dns: { "relay.example.com": { A: ["203.0.113.5"] }, "example.com": { TXT: ["v=spf1 ip4:192.0.2.10 ~all"] } },
      findings: [{ domain: "example.com", path: "relay", message: /sends from 203\.0\.113\.5.*softfail/ }],
    },
    {
      name: "no SPF record at all",
      org: relayOrg(["192.0.2.10"]),
      dns: { "example.com": { MX: [{ preference: 10, exchange: "mx.example.com" }] } },
      findings: [{ domain: "example.com", path: "relay", message: /SPF gives none/ }],
    },
  ],
});
