/** The hybrid organisation's DNS (see `source.ts`), for the end-to-end tests. */
import type { DnsFixture } from "../../../src/dns/fixture/types.ts";
import { dkimKey } from "../../rules/rule-tester.ts";

const S1 = "selector1-contoso-example._domainkey.contoso.n-v1.dkim.mail.microsoft";
const S2 = "selector2-contoso-example._domainkey.contoso.n-v1.dkim.mail.microsoft";

/** Contoso's DNS: SPF and DMARC in place, the DKIM CNAMEs of contoso.example, a provider's PTR for mail.contoso.example. */
export const HYBRID_DNS: DnsFixture = {
  version: 1,
  records: {
    "ns.root.invalid": { A: ["127.0.0.1"] },
    "contoso.example": {
      TXT: ["v=spf1 ip4:198.51.100.25 ip4:198.51.100.10 include:spf.protection.outlook.com -all"],
      MX: [{ preference: 10, exchange: "contoso-example.mail.protection.outlook.com" }],
    },
    "_dmarc.contoso.example": { TXT: ["v=DMARC1; p=reject; rua=mailto:dmarc@contoso.example"] },
    "news.contoso.example": { TXT: ["v=spf1 ip4:198.51.100.25 include:spf.protection.outlook.com -all"] },
    "relay.contoso.example": { A: ["198.51.100.25"] },
    "mail.contoso.example": { A: ["198.51.100.10"] },
    "10.100.51.198.in-addr.arpa": { PTR: ["host-10.isp.example"] },
    "spf.protection.outlook.com": { TXT: ["v=spf1 ip4:40.92.0.0/15 ip4:40.107.0.0/16 -all"] },
    "selector1._domainkey.contoso.example": { CNAME: S1 },
    "selector2._domainkey.contoso.example": { CNAME: S2 },
    [S1]: { TXT: [dkimKey()] },
    [S2]: { TXT: [dkimKey()] },
  },
};
