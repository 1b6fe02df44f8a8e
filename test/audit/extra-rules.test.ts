import { describe, expect, it } from "vitest";
import { audit } from "../../src/audit/api.ts";
import { FixtureResolver } from "../../src/dns/fixture/resolver.ts";
import { defineRule } from "../../src/rules/define.ts";

describe("extraRules", () => {
  it("runs a user's rule beside the built-in ones, selectable by id", async () => {
    const mustReject = defineRule(
      {
        id: "acme-reject-only",
        severity: "error",
        scope: "domain",
        title: "Sending domains use p=reject",
        description: "house rule",
        references: [{ label: "house", url: "https://example.com/policy" }],
        fix: "Publish p=reject.",
      },
      ({ facts, report }) => {
        for (const d of facts.domains)
          if (d.sends && d.dmarc?.policy?.p !== "reject")
            report({ domain: d.domain, message: `${d.domain} is at p=${d.dmarc?.policy?.p}` });
      },
    );
    const resolver = new FixtureResolver({
      version: 1,
      records: {
        "example.com": { TXT: ["v=spf1 ip4:192.0.2.10 -all"] },
        "_dmarc.example.com": { TXT: ["v=DMARC1; p=quarantine; rua=mailto:d@example.com"] },
      },
    });
    const org = {
      version: 1,
      domains: [{ name: "example.com" }],
      paths: [{ id: "d", from: ["example.com"], via: { direct: { ips: ["192.0.2.10"] } } }],
    };
    const report = await audit(org, { resolver, extraRules: [mustReject], rules: { only: ["acme-reject-only"] } });
    expect(report.findings).toEqual([
      expect.objectContaining({
        ruleId: "acme-reject-only",
        severity: "error",
        domain: "example.com",
        message: "example.com is at p=quarantine",
        fix: "Publish p=reject.",
      }),
    ]);
  });
});
