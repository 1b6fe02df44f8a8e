import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { FixtureResolver } from "../../src/dns/fixture/resolver.ts";
import { loadOrg } from "../../src/org/load.ts";
import { providerCatalog } from "../../src/providers/index.ts";
import { loadAggregateReports } from "../../src/reports/load.ts";
import { orgFromReports } from "../../src/reports/org-draft.ts";
import { draftToYaml } from "../../src/reports/org-draft-yaml.ts";
import { report as aggregate, direct, rec } from "../rules/report-fixtures.ts";

const EXAMPLE = join(import.meta.dirname, "../../fixtures/examples/contoso");

async function contosoDraft() {
  const loaded = await loadAggregateReports([join(EXAMPLE, "dmarc-reports.zip.gz")]);
  const records = loaded.reports.flatMap((r) => r.records.map((x) => ({ ...x, policyDomain: r.policy.domain })));
  const resolver = await FixtureResolver.fromFile(join(EXAMPLE, "dns.json"));
  return orgFromReports(records, { catalog: providerCatalog, resolver, name: "Contoso" });
}

describe("orgFromReports (init --from-reports)", () => {
  it("drafts the Contoso description from its month of reports: providers with the settings DNS and the reports reveal", async () => {
    const draft = await contosoDraft();
    expect(draft.problems).toEqual([]);
    expect(draft.org.domains).toEqual([
      { name: "contoso.example" },
      { name: "news.contoso.example" },
      { name: "app.contoso.example" },
      { name: "contoso-old.example", sends: false },
      { name: "events.contoso.example", sends: false },
    ]);
    expect(draft.org.providers).toEqual([
      { id: "microsoft365", catalog: "microsoft365", settings: { tenant: "contoso" } },
      { id: "sendgrid", catalog: "sendgrid" },
      {
        id: "amazon-ses",
        catalog: "amazon-ses",
        settings: { region: "eu-west-1", mailFromDomain: "bounce.contoso.example" },
      },
      { id: "mailchimp", catalog: "mailchimp" },
    ]);
    expect(draft.org.paths.map((p) => [p.id, p.from, p.via, p.dkim?.map((d) => d.selector)])).toEqual([
      ["microsoft365", ["contoso.example"], { provider: "microsoft365" }, ["selector1"]],
      ["sendgrid", ["news.contoso.example"], { provider: "sendgrid" }, ["s1"]],
      ["amazon-ses", ["app.contoso.example"], { provider: "amazon-ses" }, ["4mbkz3t4xq2hcyzsnfo5sgelbnvh6gzl"]],
      ["mailchimp", ["contoso.example"], { provider: "mailchimp" }, undefined],
      [
        "signer-relay2025",
        ["contoso.example"],
        { direct: { ips: ["203.0.113.25", "2001:db8:25::25"] } },
        ["relay2025"],
      ],
      ["servers-contoso-example", ["contoso.example"], { direct: { ips: ["198.51.100.7"] } }, undefined],
    ]);
    // Forwarders (Gmail, the mailing list) and spoofing are not paths.
    const ips = JSON.stringify(draft.org.paths);
    for (const ip of ["209.85.220.41", "192.0.2.77", "198.19."]) expect(ips).not.toContain(ip);
  });

  it("writes YAML with from/CONFIRM comments that loads back to the same description", async () => {
    const draft = await contosoDraft();
    const text = draftToYaml(draft);
    expect(parse(text)).toEqual(draft.org);
    expect(loadOrg(text, { catalog: providerCatalog })).toEqual(draft.org);
    expect(text).toContain("# from: tenant contoso: the key of contoso.example s=selector1 is a CNAME to");
    expect(text).toContain(
      "# CONFIRM: its mail fails DMARC: set up its DKIM signing (and custom MAIL FROM) for your domain",
    );
    expect(text).toMatch(/# note: not described: 2 forwarders and mailing lists \(667 messages\)/);
    expect(text.split("\n").every((l) => l.length <= 110)).toBe(true);
  });

  it("fills a required setting it cannot infer with the catalog's example and asks to confirm it", async () => {
    const draft = await orgFromReports(
      aggregate([
        rec("40.107.1.1", 10, {
          dkim: "pass",
          dkimAuth: [["example.com", "selector1", "pass"]],
          spfAuth: [["example.com", "pass"]],
        }),
      ]).records.map((r) => ({ ...r, policyDomain: "example.com" })),
      {
        catalog: providerCatalog,
        resolver: new FixtureResolver({
          version: 1,
          records: {
            "1.1.107.40.in-addr.arpa": { PTR: ["mail-x.outbound.protection.outlook.com"] },
            "mail-x.outbound.protection.outlook.com": { A: ["40.107.1.1"] },
          },
        }),
      },
    );
    expect(draft.org.providers).toEqual([
      { id: "microsoft365", catalog: "microsoft365", settings: { tenant: "contoso" } },
    ]);
    expect(draftToYaml(draft)).toContain('# CONFIRM: tenant: "contoso" is the catalog\'s example, not yours');
  });

  it("keeps hostile report data in values and one-line comments (never new YAML)", async () => {
    const evil = "s1\nversion: 2\n# x";
    const records = [
      direct(10),
      rec("192.0.2.10", 5, { dkim: "pass", dkimAuth: [["example.com", evil, "pass"]] }),
      rec("192.0.2.11", 5, { dkim: "pass", dkimAuth: [["example.com", "k\u0000\u2028", "pass"]] }),
    ].map((r) => ({ ...r, policyDomain: "example.com" }));
    const draft = await orgFromReports(records, { catalog: providerCatalog });
    const text = draftToYaml(draft);
    expect(parse(text)).toEqual(draft.org);
    expect(text.split("\n").filter((l) => /^version:/.test(l))).toEqual(["version: 1"]);
    expect(text).not.toContain("\u0000");
    expect(draft.problems.length).toBeGreaterThan(0);
    expect(text).toContain("# PROBLEM: ");
  });
});
