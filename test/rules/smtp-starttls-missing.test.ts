import { testRule } from "./rule-tester.ts";
import { edit, probes } from "./transport-fakes.ts";

const smartHostOrg = {
  version: 1,
  name: "Example",
  domains: [{ name: "example.com" }],
  smartHosts: [{ id: "edge", hostname: "relay.example.com", ips: ["192.0.2.10"] }],
  paths: [
    {
      id: "onprem",
      from: ["example.com"],
      via: { smartHost: "edge" },
      dkim: [{ domain: "example.com", selector: "s1" }],
    },
  ],
};

testRule("smtp-starttls-missing", {
  valid: [
    { name: "no probe (the default)", check: "example.com" },
    { name: "STARTTLS offered", check: "example.com", options: probes() },
    {
      name: "a refused connection is unknown, not 'no STARTTLS'",
      check: "example.com",
      options: probes({ "mx.example.com:25": edit.refused }),
    },
    {
      name: "an MX host run by a provider is not probed",
      check: "example.com",
      dns: {
        "example.com": {
          TXT: ["v=spf1 include:spf.protection.outlook.com -all"],
          MX: [{ preference: 0, exchange: "example-com.mail.protection.outlook.com" }],
        },
      },
      options: probes({ "example-com.mail.protection.outlook.com:25": edit.noStarttls }),
    },
  ],
  invalid: [
    {
      name: "an MX host without STARTTLS",
      check: "example.com",
      options: probes({ "mx.example.com:25": edit.noStarttls }),
      findings: [
        {
          domain: "example.com",
          message:
            /^mx\.example\.com:25 \(an MX host of example\.com\) does not offer STARTTLS in its EHLO reply: mail to it crosses the network in clear/,
        },
      ],
    },
    {
      name: "a smart host's submission port without STARTTLS",
      org: smartHostOrg,
      dns: { "relay.example.com": { A: ["192.0.2.10"] } },
      options: probes({ "relay.example.com:587": edit.noStarttls }),
      findings: [
        {
          domain: "example.com",
          message:
            /^relay\.example\.com:587 \(smart host edge\) does not offer STARTTLS.*credentials and mail sent to it cross the network in clear/,
        },
      ],
    },
    {
      name: "a host named for probing (port 587)",
      check: "example.com",
      options: {
        probe: { ...probes({ "submit.example.com:587": edit.noStarttls }).probe, hosts: ["submit.example.com:587"] },
      },
      dns: { "submit.example.com": { A: ["192.0.2.30"] } },
      findings: [
        {
          domain: "example.com",
          message: /^submit\.example\.com:587 \(a host named for probing\) does not offer STARTTLS/,
        },
      ],
    },
  ],
});
