/**
 * The contract's example (`../shared/contracts/org.md`) as a typed literal: `tsc` proves that it
 * type-checks as an `Organisation`, and the tests prove that it is the same data as the fixtures.
 */
import type { Organisation } from "../../src/org/types.ts";

export const contractExample = {
  version: 1,
  name: "Contoso",
  domains: [
    { name: "contoso.example" },
    { name: "news.contoso.example" },
    { name: "contoso-old.example", sends: false },
  ],
  smartHosts: [{ id: "edge-relay", hostname: "relay.contoso.example", ips: ["198.51.100.25", "2001:db8:25::25"] }],
  providers: [
    { id: "exo", catalog: "microsoft365", settings: { tenant: "contoso" } },
    { id: "sg", catalog: "sendgrid", settings: { returnPathDomain: "em4821.news.contoso.example" } },
    { id: "ses", catalog: "amazon-ses", settings: { region: "eu-west-1", mailFromDomain: "bounce.contoso.example" } },
  ],
  paths: [
    {
      id: "onprem-via-relay",
      description: "Exchange 2019 on-premises, send connector to the edge smart host",
      from: ["contoso.example"],
      via: { smartHost: "edge-relay" },
      mailFrom: "contoso.example",
      dkim: [{ domain: "contoso.example", selector: "relay2025" }],
    },
    {
      id: "exchange-online",
      from: ["contoso.example"],
      via: { provider: "exo" },
      dkim: [
        { domain: "contoso.example", selector: "selector1" },
        { domain: "contoso.example", selector: "selector2" },
      ],
    },
    { id: "newsletters", from: ["news.contoso.example"], via: { provider: "sg" } },
  ],
} satisfies Organisation;
