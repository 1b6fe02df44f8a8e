/**
 * One cause, one finding across the Exchange rules and the DNS rules: Exchange Online DKIM that is
 * not enabled is reported once (exchange-online-dkim-mismatch, with the configuration behind it),
 * never also as exchange-online-dkim-not-enabled, dkim-unaligned or path-single-alignment; a
 * weak key reported from the configuration is not reported again from DNS.
 */
import { describe, expect, it } from "vitest";
import { audit } from "../../src/audit/api.ts";
import { FixtureResolver } from "../../src/dns/fixture/resolver.ts";
import { parseExchangeExports } from "../../src/exchange/index.ts";
import { dkimConfig, online } from "../rules/exchange-exports.ts";
import { exportFiles } from "../rules/exchange-tester.ts";
import { dkimKey } from "../rules/rule-tester.ts";
import { e } from "./hybrid/shapes.ts";

const org = {
  version: 1,
  domains: [{ name: "example.com" }],
  providers: [{ id: "exo", catalog: "microsoft365", settings: { tenant: "contoso" } }],
  paths: [{ id: "exo", from: ["example.com"], via: { provider: "exo" } }],
};
const T1 = "selector1-example-com._domainkey.contoso.n-v1.dkim.mail.microsoft";
const base = {
  "example.com": { TXT: ["v=spf1 include:spf.protection.outlook.com -all"] },
  "_dmarc.example.com": { TXT: ["v=DMARC1; p=reject"] },
  "spf.protection.outlook.com": { TXT: ["v=spf1 ip4:40.92.0.0/15 -all"] },
};

async function run(config: Parameters<typeof dkimConfig>[1] | undefined, records: object) {
  const exchange =
    config === undefined
      ? undefined
      : parseExchangeExports(
          exportFiles([online("GetDkimSigningConfig", dkimConfig("example.com", config))], "json", "utf-8"),
        );
  const report = await audit(org, {
    resolver: new FixtureResolver({ version: 1, records }),
    now: new Date("2026-11-23T09:00:00Z"),
    ...(exchange === undefined ? {} : { exchange }),
  });
  return report.findings.map((f) => [f.ruleId, f.path ?? null]);
}

describe("one cause, one finding", () => {
  it("without the exports, DNS alone tells that Exchange Online DKIM is not enabled", async () => {
    expect(await run(undefined, base)).toContainEqual(["exchange-online-dkim-not-enabled", "exo"]);
  });

  it("with them, exchange-online-dkim-mismatch stands for it and for its consequences", async () => {
    const findings = await run(
      { Enabled: false, Status: e("CnameError", "Microsoft.Exchange.Data.DkimSigningConfigStatus") },
      base,
    );
    expect(findings).toContainEqual(["exchange-online-dkim-mismatch", "exo"]);
    for (const id of ["exchange-online-dkim-not-enabled", "dkim-unaligned", "path-single-alignment"])
      expect(findings.map((f) => f[0])).not.toContain(id);
  });

  it("a 1024-bit key in the configuration is not reported again from DNS", async () => {
    const dns = {
      ...base,
      "selector1._domainkey.example.com": { CNAME: T1 },
      [T1]: { TXT: [dkimKey(1024)] },
    };
    expect((await run(undefined, dns)).map((f) => f[0])).toContain("dkim-key-weak");
    const findings = await run({ Selector1KeySize: 1024, Selector2CNAME: null }, dns);
    expect(findings).toContainEqual(["exchange-online-dkim-mismatch", "exo"]);
    expect(findings.map((f) => f[0])).not.toContain("dkim-key-weak");
  });
});
