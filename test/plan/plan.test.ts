/**
 * How a plan merges fixes (issue 13 §3): one SPF record per domain, DMARC stages, domains that
 * do not send, DKIM keys from the configuration, flattening only when asked, moves to a MAIL FROM
 * subdomain as manual steps, conflicts, and the exact manual steps.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FixtureResolver } from "../../src/dns/fixture/resolver.ts";
import type { DnsFixture, FixtureOwner } from "../../src/dns/fixture/types.ts";
import { plan } from "../../src/plan/plan.ts";
import type { PlanOptions } from "../../src/plan/types.ts";
import { dkimKey } from "../rules/rule-tester.ts";

const NOW = new Date("2026-11-23T09:00:00Z");
const root = join(import.meta.dirname, "../..");
const providers = (
  JSON.parse(readFileSync(join(root, "fixtures/scenarios/spf-over-ten-lookups/dns.json"), "utf8")) as DnsFixture
).records;

/** example.com: a direct server (192.0.2.10) signing with s1, DMARC as given. */
function world(dmarc: string[] | undefined, extra: Record<string, FixtureOwner> = {}) {
  const records: Record<string, FixtureOwner> = {
    "example.com": { TXT: ["v=spf1 ip4:192.0.2.10 -all"] },
    "s1._domainkey.example.com": { TXT: [dkimKey(2048)] },
    ...(dmarc ? { "_dmarc.example.com": { TXT: dmarc } } : {}),
    ...extra,
  };
  return new FixtureResolver({ version: 1, records });
}
const direct = (extra: object = {}) => ({
  version: 1,
  domains: [{ name: "example.com", ...extra }],
  paths: [
    {
      id: "direct",
      from: ["example.com"],
      via: { direct: { ips: ["192.0.2.10"] } },
      dkim: [{ domain: "example.com", selector: "s1" }],
    },
  ],
});
const run = (org: object, resolver: FixtureResolver, options: Partial<PlanOptions> = {}) =>
  plan(org, { resolver, now: NOW, ...options });
const dmarcChange = (p: Awaited<ReturnType<typeof plan>>) => p.changes.find((c) => c.name === "_dmarc.example.com");

describe("plan: DMARC, a staged rollout", () => {
  const table: [what: string, current: string[] | undefined, expected: string | undefined, why?: RegExp][] = [
    [
      "no record: p=none with reports",
      undefined,
      "v=DMARC1; p=none; rua=mailto:dmarc-reports@example.com",
      /stage 1 of 5/,
    ],
    [
      "p=none, every path passes with aligned DKIM: quarantine, testing",
      ["v=DMARC1; p=none; rua=mailto:r@example.com"],
      "v=DMARC1; p=quarantine; t=y; rua=mailto:r@example.com",
      /stage 2 of 5/,
    ],
    [
      "quarantine testing: quarantine",
      ["v=DMARC1; p=quarantine; t=y; rua=mailto:r@example.com"],
      "v=DMARC1; p=quarantine; rua=mailto:r@example.com",
      /stage 3 of 5/,
    ],
    [
      "quarantine: reject, testing",
      ["v=DMARC1; p=quarantine; rua=mailto:r@example.com"],
      "v=DMARC1; p=reject; t=y; rua=mailto:r@example.com",
      /stage 4 of 5/,
    ],
    [
      "reject testing: reject",
      ["v=DMARC1; p=reject; t=y; rua=mailto:r@example.com"],
      "v=DMARC1; p=reject; rua=mailto:r@example.com",
      /stage 5 of 5/,
    ],
    ["reject with reports: nothing to do", ["v=DMARC1; p=reject; rua=mailto:r@example.com"], undefined],
    [
      "pct (RFC 7489) becomes t=y (RFC 9989), one stage at a time",
      ["v=DMARC1; p=quarantine; pct=25; rua=mailto:r@example.com"],
      "v=DMARC1; p=quarantine; rua=mailto:r@example.com",
      /RFC 9989/,
    ],
    [
      "reports are added to a record without rua",
      ["v=DMARC1; p=reject"],
      "v=DMARC1; p=reject; rua=mailto:dmarc-reports@example.com",
      /aggregate reports/,
    ],
    [
      "a policy that is not one starts the rollout again",
      ["v=DMARC1; p=strict; rua=mailto:r@example.com"],
      "v=DMARC1; p=none; rua=mailto:r@example.com",
      /a valid policy \(p=strict is not one\)/,
    ],
    [
      "two records become one",
      ["v=DMARC1; p=none; rua=mailto:r@example.com", "v=DMARC1; p=reject"],
      "v=DMARC1; p=none; rua=mailto:r@example.com",
      /one DMARC record/,
    ],
  ];
  it.each(table)("%s", async (_what, current, expected, why) => {
    const p = await run(direct(), world(current));
    const change = dmarcChange(p);
    if (expected === undefined) expect(change).toBeUndefined();
    else {
      expect(change?.records).toEqual([[expected]]);
      expect(JSON.stringify(change?.reasons)).toMatch(why ?? /./);
    }
    expect(p.summary.status).not.toBe("unresolved");
  });

  it("stays at p=none while a path fails (no change when reports are already asked for)", async () => {
    const p = await run(
      direct(),
      world(["v=DMARC1; p=none; rua=mailto:r@example.com"], { "s1._domainkey.example.com": { TXT: ["v=DKIM1; p="] } }),
    );
    expect(dmarcChange(p)).toBeUndefined();
  });

  it("does not move on from p=none when the description accepts it, and uses --rua without a manual step", async () => {
    const accepted = await run(
      direct({ accept: [{ rule: "dmarc-policy-none", reason: "waiting for the report review" }] }),
      world(["v=DMARC1; p=none; rua=mailto:r@example.com"]),
    );
    expect(dmarcChange(accepted)).toBeUndefined();
    const p = await run(direct(), world(undefined), { rua: "mailto:reports@dmarc.example.net" });
    expect(dmarcChange(p)?.records).toEqual([["v=DMARC1; p=none; rua=mailto:reports@dmarc.example.net"]]);
    expect(p.manualSteps).toEqual([]);
    const own = await run(direct(), world(undefined));
    expect(own.manualSteps).toEqual([
      {
        ruleId: "dmarc-missing",
        domain: "example.com",
        action:
          "Make sure the mailbox `dmarc-reports@example.com` exists and accepts the aggregate reports (or give your own address with `--rua`).",
      },
    ]);
  });
});

describe("plan: SPF", () => {
  it("never adds an include that is already there past the limit: it keeps it, first, and drops what serves nothing", async () => {
    const junk = Array.from({ length: 11 }, (_, i) => `include:n${i}.example.net`);
    const extra: Record<string, FixtureOwner> = {
      "spf.protection.outlook.com": providers["spf.protection.outlook.com"] as FixtureOwner,
    };
    for (let i = 0; i < 11; i++) extra[`n${i}.example.net`] = { TXT: [`v=spf1 ip4:198.18.${i}.0/24 -all`] };
    extra["example.com"] = { TXT: [`v=spf1 ${junk.join(" ")} include:spf.protection.outlook.com -all`] };
    const org = {
      version: 1,
      domains: [{ name: "example.com" }],
      providers: [{ id: "exo", catalog: "microsoft365", settings: { tenant: "example" } }],
      paths: [
        {
          id: "exo",
          from: ["example.com"],
          via: { provider: "exo" },
          dkim: [{ domain: "example.com", selector: "s1" }],
        },
      ],
    };
    const p = await run(org, world(["v=DMARC1; p=reject; rua=mailto:r@example.com"], extra));
    const spf = p.changes.find((c) => c.name === "example.com" && c.type === "TXT");
    const record = ((spf?.records[0] ?? []) as string[]).join("");
    expect(record.match(/include:spf\.protection\.outlook\.com/g)).toHaveLength(1);
    expect(record.startsWith("v=spf1 include:spf.protection.outlook.com ")).toBe(true);
    expect(spf?.notes).toHaveLength(2);
    expect(spf?.notes[0]).toMatch(
      /^removed `include:n\d+\.example\.net` \(1 DNS lookup\): it authorises no described path/,
    );
    expect(p.before.paths[0]?.spf.result).toBe("permerror");
    expect(p.after.paths[0]?.spf.result).toBe("pass");
    expect(p.summary.status).toBe("clean");
  });

  /**
   * Four providers on example.com, each needing its include (the catalog says so): Microsoft 365
   * (1 lookup), Google Workspace (4), Mailgun (3) and Zendesk (3 here): 11, and nothing to remove.
   */
  const crowded = () => {
    const extra: Record<string, FixtureOwner> = {};
    for (const name of [
      "spf.protection.outlook.com",
      "_spf.google.com",
      "_netblocks.google.com",
      "_netblocks2.google.com",
      "_netblocks3.google.com",
      "mailgun.org",
      "_spf.mailgun.org",
      "_spf.eu.mailgun.org",
    ])
      extra[name] = { ...(providers[name] as FixtureOwner), $ttl: name.includes("google") ? 3600 : 300 };
    extra["mail.zendesk.com"] = { TXT: ["v=spf1 include:z1.zendesk.example ~all"] };
    extra["z1.zendesk.example"] = { TXT: ["v=spf1 include:z2.zendesk.example ~all"] };
    extra["z2.zendesk.example"] = { TXT: ["v=spf1 ip4:192.161.144.0/20 ~all"] };
    extra["example.com"] = {
      TXT: [
        "v=spf1 include:spf.protection.outlook.com include:_spf.google.com include:mailgun.org include:mail.zendesk.com -all",
      ],
    };
    const ids = ["exo", "gw", "mg", "zd"];
    const org = {
      version: 1,
      domains: [{ name: "example.com" }],
      providers: [
        { id: "exo", catalog: "microsoft365", settings: { tenant: "example" } },
        { id: "gw", catalog: "google-workspace" },
        { id: "mg", catalog: "mailgun" },
        { id: "zd", catalog: "zendesk" },
      ],
      paths: ids.map((id) => ({
        id,
        from: ["example.com"],
        via: { provider: id },
        dkim: [{ domain: "example.com", selector: "s1" }],
      })),
    };
    return { org, resolver: world(["v=DMARC1; p=reject; rua=mailto:r@example.com"], extra) };
  };

  it("flattens only with --flatten, naming the provider's TTL and the risk", async () => {
    const { org, resolver } = crowded();
    const without = await run(org, resolver);
    const note = without.changes.find((c) => c.name === "example.com")?.notes.at(-1);
    expect(without.changes.filter((c) => c.name === "example.com" && c.type === "TXT")).toEqual([]);
    expect(without.before.domains[0]?.spf.lookups).toBe(11);
    expect(note).toBeUndefined();
    const flat = await run(org, resolver, { flatten: true });
    const spf = flat.changes.find((c) => c.name === "example.com" && c.type === "TXT");
    expect(spf?.notes[0]).toMatch(
      /^flattened `include:_spf\.google\.com` \(4 DNS lookups\) into \d+ address terms \(--flatten\): _spf\.google\.com publishes them with a TTL of 3600 s, and the provider may change its addresses at any time; when it does, mail from the new ones fails SPF until this record is updated/,
    );
    expect(flat.after.domains[0]?.spf.lookups).toBe(7);
    expect(flat.summary.status).toBe("clean");
  });

  it("proposes moving a provider to its own MAIL FROM subdomain when nothing else fits, as a manual step", async () => {
    const { org, resolver } = crowded();
    const p = await run(org, resolver);
    const move = p.manualSteps.find((s) => s.ruleId === "spf-too-many-lookups");
    expect(move?.action).toMatch(/^Move Mailgun \(Sinch\) \(path `mg`\) to its own MAIL FROM subdomain/);
    expect(move?.action).toMatch(/`include:mailgun\.org`, 3 DNS lookups/);
    // Nothing is published (no record is better than today's); the move covers the limit, and the
    // path that fails only past the limit.
    expect(p.summary.remaining.map((r) => [r.ruleId, r.path, r.covered])).toEqual([
      ["spf-too-many-lookups", undefined, true],
      ["provider-not-authorized", "zd", true],
    ]);
    expect(p.manualSteps.find((s) => s.path === "zd")?.action).toMatch(
      /only because the record is over the lookup limit/,
    );
    expect(p.summary.status).toBe("manual");
  });
});

describe("plan: domains that send nothing, DKIM, manual steps, conflicts", () => {
  it("locks a domain that sends nothing: v=spf1 -all (other TXT kept), p=reject, a null MX", async () => {
    const p = await run(
      { ...direct(), domains: [{ name: "example.com" }, { name: "old.example", sends: false }] },
      world(["v=DMARC1; p=reject; rua=mailto:r@example.com"], {
        "old.example": {
          TXT: ["v=spf1 include:sendgrid.net ~all", "verify=1"],
          MX: [{ preference: 10, exchange: "mx.example.com" }],
        },
      }),
    );
    const at = (name: string, type: string) => p.changes.find((c) => c.name === name && c.type === type)?.records;
    expect(at("old.example", "TXT")).toEqual([["v=spf1 -all"], ["verify=1"]]);
    expect(at("_dmarc.old.example", "TXT")).toEqual([["v=DMARC1; p=reject"]]);
    expect(at("old.example", "MX")).toEqual([{ preference: 0, exchange: "" }]);
    expect(p.summary.status).toBe("clean");
  });

  it("publishes a DKIM key given in the configuration, instead of asking for it", async () => {
    const resolver = new FixtureResolver({
      version: 1,
      records: {
        "example.com": { TXT: ["v=spf1 ip4:192.0.2.10 -all"] },
        "_dmarc.example.com": { TXT: ["v=DMARC1; p=reject; rua=mailto:r@example.com"] },
      },
    });
    const asked = await run(direct(), resolver);
    expect(asked.manualSteps.map((s) => s.ruleId)).toEqual(["dkim-key-missing"]);
    expect(asked.summary.status).toBe("manual");
    const key = dkimKey(2048).join("");
    const given = await run(direct(), resolver, { dkimKeys: { "S1._domainkey.example.com.": key } });
    expect(given.manualSteps).toEqual([]);
    const change = given.changes.find((c) => c.name === "s1._domainkey.example.com");
    expect(((change?.records[0] ?? []) as string[]).join("")).toBe(key);
    expect(((change?.records[0] ?? []) as string[]).every((s) => Buffer.byteLength(s) <= 255)).toBe(true);
    expect(given.summary.status).toBe("clean");
  });

  it("gives the exact Exchange Online PowerShell when DKIM is not enabled, and the warning stays covered", async () => {
    const dir = join(root, "fixtures/scenarios/exchange-online-dkim-not-enabled");
    const p = await plan(readFileSync(join(dir, "org.json"), "utf8"), {
      resolver: await FixtureResolver.fromFile(join(dir, "dns.json")),
      now: NOW,
    });
    expect(p.manualSteps.map((s) => [s.ruleId, s.path])).toEqual([
      ["exchange-online-dkim-not-enabled", "exchange-online"],
      ["exchange-online-dkim-not-enabled", "exchange-online"],
      ["exchange-online-dkim-not-enabled", "exchange-online"],
    ]);
    expect(p.manualSteps[0]?.action).toContain("`New-DkimSigningConfig -DomainName fabrikam.example -Enabled $false`");
    expect(p.manualSteps[2]?.action).toContain("`Set-DkimSigningConfig -Identity fabrikam.example -Enabled $true`");
    // The path passes DMARC through SPF only: no move to enforcement.
    expect(p.changes.find((c) => c.name.startsWith("_dmarc."))).toBeUndefined();
  });

  it("says a smart host path that signs nothing needs signing elsewhere (Exchange Server cannot DKIM-sign)", async () => {
    const org = {
      version: 1,
      domains: [{ name: "example.com" }],
      smartHosts: [{ id: "edge", hostname: "relay.example.com", ips: ["192.0.2.10"] }],
      paths: [{ id: "relay", from: ["example.com"], via: { smartHost: "edge" } }],
    };
    const p = await run(org, world(["v=DMARC1; p=none; rua=mailto:r@example.com"]));
    expect(p.manualSteps).toEqual([
      {
        ruleId: "path-single-alignment",
        domain: "example.com",
        path: "relay",
        action:
          "Sign mail on path `relay` with `d=example.com`: Exchange Server on-premises cannot DKIM-sign: sign at the smart host (`relay.example.com`) or route through Exchange Online; then add the selector to the path's `dkim` list.",
      },
    ]);
    // Without aligned DKIM the policy stays at p=none.
    expect(dmarcChange(p)).toBeUndefined();
  });

  it("says when a provider offers no custom MAIL FROM: alignment through DKIM only", async () => {
    const org = {
      version: 1,
      domains: [{ name: "example.com" }],
      providers: [{ id: "mc", catalog: "mailchimp" }],
      paths: [
        {
          id: "news",
          from: ["example.com"],
          via: { provider: "mc" },
          dkim: [{ domain: "example.com", selector: "k2" }],
        },
      ],
    };
    const p = await run(
      org,
      world(["v=DMARC1; p=none; rua=mailto:r@example.com"], {
        "k2._domainkey.example.com": { CNAME: "dkim2.mcsv.net" },
        "dkim2.mcsv.net": { TXT: [dkimKey(2048)] },
        "servers.mcsv.net": providers["servers.mcsv.net"] as FixtureOwner,
        // Mailchimp's own bounce domain: SPF passes there, unaligned.
        "mcsv.net": { TXT: ["v=spf1 include:servers.mcsv.net ?all"] },
      }),
    );
    expect(p.manualSteps.find((s) => s.ruleId === "spf-unaligned")?.action).toMatch(
      /^Intuit Mailchimp \(marketing\) offers no custom MAIL FROM: alignment through DKIM only\./,
    );
  });

  it("reports changes that cannot be published together (RFC 2181 §10.1) as unresolved", async () => {
    const org = {
      version: 1,
      domains: [{ name: "example.com" }],
      providers: [{ id: "mc", catalog: "mailchimp" }],
      paths: [
        {
          id: "news",
          from: ["example.com"],
          via: { provider: "mc" },
          dkim: [{ domain: "example.com", selector: "k2" }],
        },
      ],
    };
    const p = await run(
      org,
      world(["v=DMARC1; p=none; rua=mailto:r@example.com"], {
        "k2._domainkey.example.com": { TXT: ["hello"], A: ["192.0.2.1"] },
        "dkim2.mcsv.net": { TXT: [dkimKey(2048)] },
      }),
    );
    expect(p.conflicts.map((c) => [c.kind, c.name])).toEqual([["cname-and-other-data", "k2._domainkey.example.com"]]);
    expect(p.summary.status).toBe("unresolved");
  });
});
