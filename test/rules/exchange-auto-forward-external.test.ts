import { online, onprem, remoteDomain, spamPolicy } from "./exchange-exports.ts";
import { testExchangeRule } from "./exchange-tester.ts";
import { dkimKey } from "./rule-tester.ts";

const policy = (mode: "Automatic" | "On" | "Off") => online("GetHostedOutboundSpamFilterPolicy", spamPolicy(mode));
const onlineRemote = (...o: Parameters<typeof online>[1][]) => online("GetRemoteDomain", ...o);
const onpremRemote = (...o: Parameters<typeof onprem>[1][]) => onprem("GetRemoteDomain", ...o);
const exo = {
  version: 1,
  domains: [{ name: "example.com" }],
  providers: [{ id: "exo", catalog: "microsoft365", settings: { tenant: "contoso" } }],
  paths: [{ id: "exo", from: ["example.com"], via: { provider: "exo" }, dkim: [] }],
};
const exoDns = {
  "example.com": { TXT: ["v=spf1 include:spf.protection.outlook.com -all"] },
  "spf.protection.outlook.com": { TXT: ["v=spf1 ip4:40.92.0.0/15 -all"] },
};

testExchangeRule("exchange-auto-forward-external", {
  valid: [
    {
      name: "policy Automatic (off)",
      exports: [policy("Automatic"), onlineRemote(remoteDomain("*", true))],
      encodings: ["utf-16le"],
    },
    {
      name: "policy On, every remote domain blocks it",
      exports: [policy("On"), onlineRemote(remoteDomain("*", false))],
    },
    {
      name: "Exchange Server's default remote domain blocks it",
      exports: [onpremRemote(remoteDomain("*", false), remoteDomain("partner.example", true))],
    },
    {
      name: "remote domains without the policy (Exchange Online's default is off)",
      exports: [onlineRemote(remoteDomain("*", true))],
    },
  ],
  invalid: [
    {
      name: "Exchange Online: policy On and the default remote domain allows it",
      org: exo,
      dns: exoDns,
      exports: [policy("On"), onlineRemote(remoteDomain("*", true))],
      encodings: ["utf-16be"],
      findings: [
        {
          domain: "example.com",
          message:
            /^Exchange Online lets mailboxes forward automatically to every external domain \(remote domain \*\): outbound spam filter policy "Default" set AutoForwardingMode On\. Forwarded mail fails SPF .* and exo \(example\.com\) carry no aligned DKIM signature: once forwarded, that mail fails DMARC\.$/,
          fix: /`Set-HostedOutboundSpamFilterPolicy -Identity 'Default' -AutoForwardingMode Off`/,
          evidence: /"AutoForwardingMode = On"/,
        },
      ],
    },
    {
      name: "Exchange Online policy On, remote domains not exported; Exchange Server forwards too",
      exports: [policy("On"), onpremRemote(remoteDomain("*", true))],
      dns: { "s1._domainkey.example.com": { TXT: [dkimKey()] } },
      findings: [
        {
          domain: "example.com",
          message:
            /to every external domain whose remote domain does not block it \(Get-RemoteDomain was not read from Exchange Online\)/,
        },
        {
          domain: "example.com",
          message:
            /^Exchange Server lets mailboxes forward automatically to every external domain: the default remote domain "Default" \(\*\) has AutoForwardEnabled True\. Forwarded mail fails SPF .* DMARC rests on DKIM alone\.$/,
          fix: /`Set-RemoteDomain -Identity 'Default' -AutoForwardEnabled \$false`/,
        },
      ],
    },
  ],
});
