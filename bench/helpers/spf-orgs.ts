/**
 * Synthetic organisations for SPF benchmarks and tests: each org's record mixes its own networks,
 * an MX, and includes of the synthetic provider trees of fixtures/spf/providers.json (shaped like
 * Microsoft 365, Google Workspace, SendGrid, Mailgun and Amazon SES).
 */
import { readFileSync } from "node:fs";
import type { DnsFixture, FixtureOwner } from "../../src/dns/fixture/types.ts";

const PROVIDERS = JSON.parse(
  readFileSync(new URL("../../fixtures/spf/providers.json", import.meta.url), "utf8"),
) as DnsFixture;

/** The provider includes, in the order orgs pick them. */
export const PROVIDER_INCLUDES = [
  "spf.protection.outlook.example",
  "_spf.google.example",
  "sendgrid.example",
  "mailgun.example",
  "amazonses.example",
];

/** One synthetic org: its domain, and a client address inside one of its providers (pass) and one outside (fail). */
export interface SyntheticOrg {
  domain: string;
  passIp: string;
  failIp: string;
}

/** A fixture with `count` orgs, each including 1-3 providers (in rotation) plus its own ip4, a and mx terms; all within the lookup limit. */
export function syntheticOrgs(count: number): { fixture: DnsFixture; orgs: SyntheticOrg[] } {
  const records: Record<string, FixtureOwner> = { ...PROVIDERS.records };
  const orgs: SyntheticOrg[] = [];
  for (let i = 0; i < count; i++) {
    const domain = `org${i}.example`;
    const providers = Array.from(
      { length: 1 + (i % 3) },
      (_, k) => PROVIDER_INCLUDES[(i + k) % PROVIDER_INCLUDES.length] as string,
    );
    const own = `ip4:192.0.2.${i % 250}/32 ip4:198.51.${i % 250}.0/24`;
    records[domain] = {
      TXT: [
        `v=spf1 ${own} mx a:smtp.${domain} ${providers.map((p) => `include:${p}`).join(" ")} -all`,
        `verification=${i}`,
      ],
      MX: [{ preference: 10, exchange: `mx.${domain}` }],
    };
    records[`mx.${domain}`] = { A: [`203.0.113.${i % 250}`] };
    records[`smtp.${domain}`] = { A: [`203.0.113.${(i + 1) % 250}`] };
    // The last included provider's first network: deep in the tree, so that most terms are evaluated.
    const last = providers[providers.length - 1];
    const passIp = {
      "spf.protection.outlook.example": "40.92.1.1",
      "_spf.google.example": "172.217.1.1",
      "sendgrid.example": "149.72.1.1",
      "mailgun.example": "69.72.33.1",
      "amazonses.example": "52.82.172.9",
    }[last as string] as string;
    orgs.push({ domain, passIp, failIp: "100.64.0.1" });
  }
  return { fixture: { version: 1, $comment: "synthetic organisations (bench/helpers/spf-orgs.ts)", records }, orgs };
}
