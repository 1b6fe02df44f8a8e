import { dnsConnector, onprem, sendConnector } from "./exchange-exports.ts";
import { testExchangeRule } from "./exchange-tester.ts";

const send = (...o: Parameters<typeof onprem>[1][]) => onprem("GetSendConnector", ...o);
const internet = send(dnsConnector("Internet", "mail.example.com"));
const PTR10 = "10.2.0.192.in-addr.arpa";
const PTR7 = "7.100.51.198.in-addr.arpa";
const good = {
  "mail.example.com": { A: ["192.0.2.10"], TXT: ["v=spf1 a -all"] },
  [PTR10]: { PTR: ["mail.example.com"] },
};
/** The description as `init` writes it: a direct path that names the connector, with its real egress. */
const natOrg = {
  version: 1,
  domains: [{ name: "example.com" }],
  paths: [
    {
      id: "internet",
      description: 'Exchange Server send connector "Internet" delivers by DNS (address spaces SMTP:*;1)',
      from: ["example.com"],
      via: { direct: { ips: ["198.51.100.7"] } },
    },
  ],
};

testExchangeRule("exchange-helo-not-fcrdns", {
  valid: [
    { name: "PTR and A agree with the EHLO name", exports: [internet], dns: good, encodings: ["utf-16le"] },
    {
      name: "the PTR question fails: unknown, not absent",
      exports: [internet],
      dns: { ...good, [PTR10]: { PTR: { rcode: "SERVFAIL" } } },
    },
    {
      name: "smart host connectors are not checked (the smart host says its own EHLO)",
      exports: [send(sendConnector("Relay"))],
    },
    {
      name: "a connector without Fqdn is not checked",
      exports: [send(dnsConnector("Internet", "mail.example.com", { Fqdn: null }))],
    },
  ],
  invalid: [
    {
      name: "no PTR record",
      exports: [internet],
      dns: { "mail.example.com": { A: ["192.0.2.10"] } },
      encodings: ["utf-16be"],
      findings: [
        {
          domain: "mail.example.com",
          message:
            /^Send connector "Internet" says EHLO mail\.example\.com, but 192\.0\.2\.10 has no PTR record \(nxdomain\)\. Egress addresses: the A\/AAAA records of mail\.example\.com/,
          fix: /^Have the owner of the address block publish `10\.2\.0\.192\.in-addr\.arpa\. PTR mail\.example\.com\.`\.$/,
          evidence: /"name":"10\.2\.0\.192\.in-addr\.arpa","type":"PTR","status":"nxdomain"/,
        },
      ],
    },
    {
      name: "the PTR names the provider's host",
      exports: [internet],
      dns: { ...good, [PTR10]: { PTR: ["host-10.isp.example"] } },
      findings: [
        {
          domain: "mail.example.com",
          message: /but the PTR record of 192\.0\.2\.10 names host-10\.isp\.example, not mail\.example\.com\./,
          fix: /`Set-SendConnector -Identity 'Internet' -Fqdn host-10\.isp\.example`/,
        },
      ],
    },
    {
      name: "behind NAT: the description's egress address is not the EHLO name's",
      org: natOrg,
      exports: [internet],
      dns: { ...good, [PTR7]: { PTR: ["mail.example.com"] } },
      findings: [
        {
          domain: "mail.example.com",
          message:
            /but mail\.example\.com resolves to 192\.0\.2\.10, not 198\.51\.100\.7\. Egress addresses: the egress addresses of path internet in the description\.$/,
          fix: /^Publish `mail\.example\.com\. A 198\.51\.100\.7`\.$/,
        },
      ],
    },
  ],
});
