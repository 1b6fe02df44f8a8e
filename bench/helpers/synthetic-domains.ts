/**
 * Synthetic organisations for bulk benchmarks: `n` domains shaped like real ones (Microsoft 365,
 * Google, SendGrid, Mailgun, SES includes in different mixes, a DMARC record, an MX, a DKIM
 * CNAME), with the providers' records (nested like the real ones) they include.
 */
import type { FixtureOwner } from "../../src/dns/fixture/types.ts";

const providers: Record<string, FixtureOwner> = {
  "spf.protection.outlook.com": {
    TXT: ["v=spf1 ip4:40.92.0.0/15 ip4:40.107.0.0/16 ip4:52.100.0.0/15 ip4:104.47.0.0/17 ip6:2a01:111:f400::/48 -all"],
  },
  "_spf.google.com": {
    TXT: ["v=spf1 include:_netblocks.google.com include:_netblocks2.google.com include:_netblocks3.google.com ~all"],
  },
  "_netblocks.google.com": {
    TXT: [
      "v=spf1 ip4:35.190.247.0/24 ip4:64.233.160.0/19 ip4:66.102.0.0/20 ip4:74.125.0.0/16 ip4:209.85.128.0/17 ~all",
    ],
  },
  "_netblocks2.google.com": { TXT: ["v=spf1 ip6:2001:4860:4000::/36 ip6:2404:6800:4000::/36 ~all"] },
  "_netblocks3.google.com": { TXT: ["v=spf1 ip4:172.217.0.0/19 ip4:108.177.96.0/19 ~all"] },
  "sendgrid.net": { TXT: ["v=spf1 ip4:167.89.0.0/17 ip4:149.72.0.0/16 ~all"] },
  "mailgun.org": { TXT: ["v=spf1 include:_spf.mailgun.org include:_spf.eu.mailgun.org ~all"] },
  "_spf.mailgun.org": { TXT: ["v=spf1 ip4:209.61.151.0/24 ip4:166.78.68.0/22 ~all"] },
  "_spf.eu.mailgun.org": { TXT: ["v=spf1 ip4:141.193.32.0/23 ~all"] },
  "amazonses.com": { TXT: ["v=spf1 ip4:199.255.192.0/22 ip4:54.240.0.0/18 -all"] },
};

const mixes = [
  ["spf.protection.outlook.com"],
  ["spf.protection.outlook.com", "sendgrid.net"],
  ["_spf.google.com"],
  ["_spf.google.com", "mailgun.org"],
  ["spf.protection.outlook.com", "_spf.google.com", "amazonses.com", "sendgrid.net"],
];

export function syntheticDomains(n: number): { domains: string[]; records: Record<string, FixtureOwner> } {
  const records: Record<string, FixtureOwner> = { ...providers };
  const domains: string[] = [];
  for (let i = 0; i < n; i++) {
    const d = `org${String(i).padStart(4, "0")}.bulk.example`;
    domains.push(d);
    const mix = mixes[i % mixes.length] ?? [];
    records[d] = {
      TXT: [`v=spf1 ip4:198.51.${i % 256}.0/28 ${mix.map((m) => `include:${m}`).join(" ")} -all`],
      MX: [{ preference: 10, exchange: `mx.${d}` }],
    };
    records[`mx.${d}`] = { A: [`198.51.${i % 256}.1`] };
    records[`_dmarc.${d}`] = {
      TXT: [i % 3 === 0 ? "v=DMARC1; p=none; rua=mailto:dmarc@" + d : `v=DMARC1; p=reject; rua=mailto:dmarc@${d}`],
    };
    records[`selector1._domainkey.${d}`] = {
      CNAME: `selector1-${d.replace(/\./g, "-")}._domainkey.bulk.onmicrosoft.example`,
    };
    records[`selector1-${d.replace(/\./g, "-")}._domainkey.bulk.onmicrosoft.example`] = {
      TXT: [
        "v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAwfW/1Prz3MdFvujsigVdX02QNOxHky61JJUqjILlLCVH3kc1hGpAMvDyIMrsS0VFdxqhcXF5NXMBOh4lu3CHOxXvXAxprZKkd6KEqwMdIoHZhnIhPmcQKJqfLNG9kwQLoyc5jeR62DnpJgvHsKj/Q83J9mU3hHQYNgCreSjfMwDn6PVCo5mIGvmyzRAs1MQv6YzFugcAWdnXmptch9uP1YsL02c0gH9aZzoh78XjVyoX/G5gRWV1xWhfrzfkLgorM7u91xSLf1QqvXvCmCqKVDcUIVa5gtmbyJhG3s4Z+G3fB9SDKfoFZDsUGMaJSP14azgzUYPkeU8PdSYwn2sDfwIDAQAB",
      ],
    };
  }
  return { domains, records };
}
