/**
 * Generated domains for the queue tests: `n` domains under `q.example`, each with an SPF record
 * including one of three providers (whose records every domain shares), an MX and a DMARC record.
 */
import type { DnsFixture, FixtureOwner } from "../../src/dns/fixture/types.ts";

export const PROVIDERS: Record<string, FixtureOwner> = {
  "spf.provider-a.example": { TXT: ["v=spf1 ip4:192.0.2.0/24 include:_net.provider-a.example -all"] },
  "_net.provider-a.example": { TXT: ["v=spf1 ip4:198.51.100.0/24 -all"] },
  "spf.provider-b.example": { TXT: ["v=spf1 ip4:203.0.113.0/24 -all"] },
  "spf.provider-c.example": { TXT: ["v=spf1 ip6:2001:db8::/32 -all"] },
};

/** `n` domains and the zone that serves them (one root zone: one server answers every name). */
export function queueDomains(n: number): { domains: string[]; zone: DnsFixture } {
  const records: Record<string, FixtureOwner> = { ...PROVIDERS };
  const providers = Object.keys(PROVIDERS).filter((p) => p.startsWith("spf."));
  const domains: string[] = [];
  for (let i = 0; i < n; i++) {
    const d = `d${i}.q.example`;
    domains.push(d);
    records[d] = {
      TXT: [`v=spf1 include:${providers[i % providers.length]} -all`],
      MX: [{ preference: 10, exchange: `mx.${d}` }],
    };
    records[`_dmarc.${d}`] = { TXT: [`v=DMARC1; p=${i % 2 ? "reject" : "none"}; rua=mailto:dmarc@${d}`] };
  }
  return { domains, zone: { version: 1, records } };
}
