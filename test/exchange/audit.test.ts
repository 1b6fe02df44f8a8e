/**
 * The description derived from the hybrid organisation's exports audits as the organisation sends:
 * exports → orgFromExchange → audit, against a recorded DNS fixture.
 */
import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { audit } from "../../src/audit/api.ts";
import { FixtureResolver } from "../../src/dns/fixture/resolver.ts";
import { orgFromExchange, orgToYaml, parseExchangeExports } from "../../src/exchange/index.ts";
import { hybridFixtureFiles } from "./hybrid/generate.ts";

const { publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const KEY = `v=DKIM1; k=rsa; p=${publicKey.export({ type: "spki", format: "der" }).toString("base64")}`;
const EXO_TARGET = "selector1-contoso-example._domainkey.contoso.n-v1.dkim.mail.microsoft";

const dns = new FixtureResolver({
  version: 1,
  records: {
    "contoso.example": { TXT: ["v=spf1 ip4:198.51.100.25 ip4:198.51.100.10 include:spf.protection.outlook.com -all"] },
    "_dmarc.contoso.example": { TXT: ["v=DMARC1; p=reject"] },
    "news.contoso.example": { TXT: ["v=spf1 ip4:198.51.100.25 include:spf.protection.outlook.com -all"] },
    "relay.contoso.example": { A: ["198.51.100.25"], AAAA: [] },
    "mail.contoso.example": { A: ["198.51.100.10"], AAAA: [] },
    "spf.protection.outlook.com": { TXT: ["v=spf1 ip4:40.92.0.0/15 ip4:40.107.0.0/16 -all"] },
    "selector1._domainkey.contoso.example": { CNAME: EXO_TARGET },
    [EXO_TARGET]: { TXT: [KEY] },
    "selector2._domainkey.contoso.example": {
      CNAME: "selector2-contoso-example._domainkey.contoso.n-v1.dkim.mail.microsoft",
    },
  },
});

describe("exports → orgFromExchange → audit", () => {
  it("gives each path the verdict its DNS deserves", async () => {
    const files = Object.fromEntries(
      Object.entries(hybridFixtureFiles())
        .filter(([p]) => p.startsWith("clixml/"))
        .map(([p, t]) => [p.slice(7), t]),
    );
    const derived = await orgFromExchange(parseExchangeExports(files), { resolver: dns });
    expect(derived.ok).toBe(true);
    if (!derived.ok) return;
    // The YAML the admin would edit audits the same as the object.
    const report = await audit(orgToYaml(derived.org, derived.annotations), {
      resolver: dns,
      now: new Date("2026-01-01T00:00:00Z"),
    });
    const rows = report.paths.map((p) => [
      p.id,
      p.fromDomain,
      p.spf.result,
      p.dkim.filter((d) => d.result === "pass" && d.aligned).length,
      p.verdict,
    ]);
    expect(rows).toEqual([
      ["internet-via-relay", "contoso.example", "pass", 0, "fragile"],
      ["internet-via-relay", "news.contoso.example", "pass", 0, "fragile"],
      ["partner-direct", "contoso.example", "pass", 0, "fragile"],
      ["partner-direct", "news.contoso.example", "fail", 0, "fail"],
      ["exchange-online-contoso.example", "contoso.example", "pass", 1, "pass"],
      ["exchange-online", "news.contoso.example", "pass", 0, "fragile"],
    ]);
  });
});
