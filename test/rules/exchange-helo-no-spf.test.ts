import { dnsConnector, onprem } from "./exchange-exports.ts";
import { testExchangeRule } from "./exchange-tester.ts";

const send = (...o: Parameters<typeof onprem>[1][]) => onprem("GetSendConnector", ...o);
const internet = send(dnsConnector("Internet", "mail.example.com"));

testExchangeRule("exchange-helo-no-spf", {
  valid: [
    {
      name: "the EHLO name authorises itself",
      exports: [internet],
      dns: { "mail.example.com": { A: ["192.0.2.10"], TXT: ["v=spf1 a -all"] } },
      encodings: ["utf-16le"],
    },
    {
      name: "the EHLO name's TXT question times out: unknown",
      exports: [internet],
      dns: { "mail.example.com": { A: ["192.0.2.10"], TXT: { timeout: true } } },
    },
  ],
  invalid: [
    {
      name: "no SPF record at the EHLO name",
      exports: [internet],
      dns: { "mail.example.com": { A: ["192.0.2.10"] } },
      encodings: ["utf-8-bom", "utf-16be"],
      findings: [
        {
          domain: "mail.example.com",
          message:
            /^Send connector "Internet" says EHLO mail\.example\.com, but mail\.example\.com publishes no SPF record: bounces and other null-sender mail from it cannot pass SPF\./,
          fix: /^Publish `mail\.example\.com TXT "v=spf1 ip4:192\.0\.2\.10 -all"`\.$/,
        },
      ],
    },
    {
      name: "an SPF record that does not list the address",
      exports: [internet],
      dns: { "mail.example.com": { A: ["192.0.2.10"], TXT: ["v=spf1 ip4:203.0.113.9 -all"] } },
      findings: [
        {
          domain: "mail.example.com",
          message: /but the SPF record of mail\.example\.com gives fail for 192\.0\.2\.10: bounces/,
          fix: /^Add `ip4:192\.0\.2\.10` to the SPF record of mail\.example\.com/,
          evidence: /check_host\(192\.0\.2\.10, mail\.example\.com\): fail/,
        },
      ],
    },
  ],
});
