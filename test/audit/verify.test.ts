/**
 * Every DNS fix is verified (issue 13 §2): a finding's changes are applied on an overlay over the
 * audit's cached resolver and the audit runs again; a fix that leaves its finding, adds an error
 * or conflicts is unverified with the reason, and every format shows it.
 */
import { describe, expect, it } from "vitest";
import { audit } from "../../src/audit/api.ts";
import { findingKey, judgeFix } from "../../src/audit/verify.ts";
import { FixtureResolver } from "../../src/dns/fixture/resolver.ts";
import type { DnsAnswer, ResolveOptions, Resolver, RRType } from "../../src/dns/types.ts";
import { formatHtml } from "../../src/report/html.ts";
import { formatMarkdown } from "../../src/report/markdown.ts";
import { formatSarif } from "../../src/report/sarif.ts";
import { formatText } from "../../src/report/text.ts";
import type { Finding } from "../../src/rules/types.ts";
import { baseDns, dkimKey } from "../rules/rule-tester.ts";

const NOW = new Date("2026-11-23T09:00:00Z");

const finding = (ruleId: string, severity: Finding["severity"], extra: Partial<Finding> = {}): Finding => ({
  ruleId,
  severity,
  domain: "example.com",
  message: `${ruleId} message`,
  evidence: [],
  references: [],
  fix: "",
  ...extra,
});

describe("judgeFix: what a re-audit over a finding's changes says", () => {
  const target = finding("smarthost-not-authorized", "error", { path: "relay" });
  const table: [what: string, before: Finding[], after: Finding[], manual: boolean, status: string, reason?: RegExp][] =
    [
      ["the finding goes away, nothing new", [target], [], false, "verified"],
      [
        "a warning may appear (only new errors count)",
        [target],
        [finding("spf-record-too-long", "warning")],
        false,
        "verified",
      ],
      [
        "an error that was there before is not new",
        [target, finding("dmarc-missing", "error")],
        [finding("dmarc-missing", "error")],
        false,
        "verified",
      ],
      [
        "the finding stays",
        [target],
        [{ ...target, message: "still there" }],
        false,
        "unverified",
        /still reports it: still there/,
      ],
      [
        "a new error appears",
        [target],
        [finding("spf-too-many-lookups", "error", { message: "12 lookups" })],
        false,
        "unverified",
        /new error: \[spf-too-many-lookups\] example\.com: 12 lookups/,
      ],
      [
        "the finding stays, but manual steps remain",
        [target],
        [target],
        true,
        "needs-manual-steps",
        /until the manual steps are done/,
      ],
      [
        "a new error beats manual steps",
        [target],
        [target, finding("path-dmarc-fail", "error", { path: "relay" })],
        true,
        "unverified",
        /new error: \[path-dmarc-fail\]/,
      ],
    ];
  it.each(table)("%s → %s", (_what, before, after, manual, status, reason) => {
    const f = manual ? { ...target, manualSteps: ["do it"] } : target;
    const v = judgeFix(f, before, after);
    expect(v.status).toBe(status);
    if (reason !== undefined) expect(v.reason).toMatch(reason);
    else expect(v.reason).toBeUndefined();
  });

  it("identifies findings by rule, domain (any case) and path", () => {
    expect(findingKey(target)).toBe(findingKey({ ruleId: target.ruleId, domain: "EXAMPLE.com", path: "relay" }));
    expect(findingKey(target)).not.toBe(findingKey({ ...target, path: "other" }));
  });
});

const relayOrg = (ips: string[]) => ({
  version: 1,
  domains: [{ name: "example.com" }],
  smartHosts: [{ id: "edge", hostname: "relay.example.com", ips }],
  paths: [
    {
      id: "relay",
      from: ["example.com"],
      via: { smartHost: "edge" },
      dkim: [{ domain: "example.com", selector: "s1" }],
    },
  ],
});

/** A resolver that counts what reaches it. */
function counting(below: Resolver): Resolver & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    resolve<T extends RRType>(name: string, type: T, options?: ResolveOptions): Promise<DnsAnswer<T>> {
      asked.push(`${name} ${type}`);
      return below.resolve(name, type, options);
    },
  };
}

describe("audit: each finding's changes are verified over an overlay", () => {
  it("verifies a smart host fix, asking DNS again only about the changed name, and keeps the other TXT records there", async () => {
    const dns = counting(
      new FixtureResolver({
        version: 1,
        records: { ...baseDns, "example.com": { TXT: ["v=spf1 ip4:192.0.2.10 -all", "site=abc"] } },
      }),
    );
    const report = await audit(relayOrg(["203.0.113.25"]), { resolver: dns, now: NOW });
    const f = report.findings.find((x) => x.ruleId === "smarthost-not-authorized");
    expect(f?.changes).toEqual([
      { name: "example.com", type: "TXT", records: [["v=spf1 ip4:192.0.2.10 ip4:203.0.113.25 -all"], ["site=abc"]] },
    ]);
    expect(f?.verification).toEqual({ status: "verified" });
    // The re-audit was answered from the audit's cache: the resolver saw each question once, and
    // after the audit's own questions only the conflict check of the changed name (RFC 2181 §10.1).
    expect(new Set(dns.asked).size).toBe(dns.asked.length);
    expect(dns.asked.slice(report.dns.questions)).toEqual(["example.com CNAME"]);
  });

  it("puts new addresses before the first DNS-querying term of a record over the limit (the issue's ip6: after the 10th lookup)", async () => {
    const includes = Array.from({ length: 11 }, (_, i) => `include:n${i}.example.net`);
    const records: Record<string, object> = {
      ...baseDns,
      "example.com": { TXT: [`v=spf1 ${includes.join(" ")} -all`] },
    };
    for (let i = 0; i < 11; i++) records[`n${i}.example.net`] = { TXT: [`v=spf1 ip4:198.18.${i}.0/24 -all`] };
    const report = await audit(relayOrg(["203.0.113.25", "2001:db8::25"]), {
      resolver: new FixtureResolver({ version: 1, records }),
      now: NOW,
      rules: { only: ["smarthost-not-authorized"] },
    });
    const [f] = report.findings;
    expect(f?.fix).toMatch(
      /^Add `ip4:203\.0\.113\.25` and `ip6:2001:db8::25` to the SPF record of example\.com, before its first DNS-querying term/,
    );
    expect(f?.changes?.[0]?.records[0]).toEqual([
      `v=spf1 ip4:203.0.113.25 ip6:2001:db8::25 ${includes.join(" ")} -all`.slice(0, 255),
      `v=spf1 ip4:203.0.113.25 ip6:2001:db8::25 ${includes.join(" ")} -all`.slice(255),
    ]);
    // The addresses pass now; the lookup-limit error was there before, so it is not new.
    expect(f?.verification).toEqual({ status: "verified" });
  });

  const mailchimp = {
    version: 1,
    domains: [{ name: "example.com" }],
    providers: [{ id: "mc", catalog: "mailchimp" }],
    paths: [
      { id: "news", from: ["example.com"], via: { provider: "mc" }, dkim: [{ domain: "example.com", selector: "k2" }] },
    ],
  };

  it("publishes the CNAME the catalog documents for a missing key, verified once the target holds a key", async () => {
    const report = await audit(mailchimp, {
      resolver: new FixtureResolver({
        version: 1,
        records: { ...baseDns, "dkim2.mcsv.net": { TXT: [dkimKey(2048)] } },
      }),
      now: NOW,
      rules: { only: ["dkim-key-missing"] },
    });
    const [f] = report.findings;
    expect(f?.changes).toEqual([{ name: "k2._domainkey.example.com", type: "CNAME", records: ["dkim2.mcsv.net"] }]);
    expect(f?.fix).toContain("    k2._domainkey.example.com CNAME dkim2.mcsv.net.");
    expect(f?.verification).toEqual({ status: "verified" });
  });

  it("marks a fix unverified when a CNAME would sit beside other data (RFC 2181 §10.1), and every format says so", async () => {
    const report = await audit(mailchimp, {
      resolver: new FixtureResolver({
        version: 1,
        records: {
          ...baseDns,
          // Not a key, and an A record the CNAME cannot live beside.
          "k2._domainkey.example.com": { TXT: ["hello"], A: ["192.0.2.1"] },
          "dkim2.mcsv.net": { TXT: [dkimKey(2048)] },
        },
      }),
      now: NOW,
    });
    const f = report.findings.find((x) => x.ruleId === "dkim-key-missing");
    // The TXT record there goes in the same change set; the A record is what conflicts.
    expect(f?.changes).toEqual([
      { name: "k2._domainkey.example.com", type: "CNAME", records: ["dkim2.mcsv.net"] },
      { name: "k2._domainkey.example.com", type: "TXT", records: [] },
    ]);
    expect(f?.verification?.status).toBe("unverified");
    expect(f?.verification?.reason).toMatch(/cannot be published as they are: .*has A there.*RFC 2181 §10\.1/);
    expect(formatText(report)).toMatch(/Proposed fix, NOT verified: the changes cannot be published/);
    expect(formatMarkdown(report)).toMatch(/Proposed fix, \*\*not verified\*\*: the changes cannot be published/);
    expect(formatHtml(report)).toMatch(
      /<dt>Proposed fix, not verified<\/dt><dd class="fix unverified"><p class="verification">the changes cannot/,
    );
    expect(
      JSON.parse(formatSarif(report)).runs[0].results.find((r: { ruleId: string }) => r.ruleId === "dkim-key-missing")
        .properties.verification.status,
    ).toBe("unverified");
  });

  it("does not verify when asked not to, and verifies at most the changes of one audit", async () => {
    const report = await audit(relayOrg(["203.0.113.25"]), {
      resolver: new FixtureResolver({ version: 1, records: baseDns }),
      now: NOW,
      verifyFixes: false,
    });
    const f = report.findings.find((x) => x.ruleId === "smarthost-not-authorized");
    expect(f?.changes).toHaveLength(1);
    expect(f?.verification).toBeUndefined();
  });

  it("never puts DNS text into a fix outside a code block", async () => {
    const hostile = "v=spf1 ip4:192.0.2.10 note=<img/src=x>[link](https://evil.example) -all";
    const report = await audit(relayOrg(["203.0.113.25"]), {
      resolver: new FixtureResolver({ version: 1, records: { ...baseDns, "example.com": { TXT: [hostile] } } }),
      now: NOW,
      rules: { only: ["smarthost-not-authorized"] },
    });
    const fix = report.findings[0]?.fix ?? "";
    for (const line of fix.split("\n").filter((l) => l.includes("img"))) expect(line.startsWith("    ")).toBe(true);
    expect(formatHtml(report)).not.toMatch(/<img/);
    // In Markdown, inside an indented code block of the list item: shown, never rendered.
    expect(formatMarkdown(report)).toContain(
      "\n      v=spf1 ip4:192.0.2.10 note=<img/src=x>[link](https://evil.example) ip4:203.0.113.25 -all\n",
    );
  });

  it("cleans a broken record before adding to it, and says so", async () => {
    const report = await audit(relayOrg(["203.0.113.25"]), {
      resolver: new FixtureResolver({
        version: 1,
        records: { ...baseDns, "example.com": { TXT: ["v=spf1 ip4:192.0.2.10 ip4:300.1.2.3 -all"] } },
      }),
      now: NOW,
      rules: { only: ["smarthost-not-authorized"] },
    });
    const [f] = report.findings;
    expect(f?.fix).toMatch(
      /^Publish one valid SPF record for example\.com that authorises 203\.0\.113\.25 \(in place of the broken one/,
    );
    expect(f?.changes?.[0]?.records).toEqual([["v=spf1 ip4:192.0.2.10 ip4:203.0.113.25 -all"]]);
    expect(f?.verification).toEqual({ status: "verified" });
  });
});

describe("audit: the rules' changes", () => {
  it("parked-domain-unprotected publishes SPF -all (keeping other TXT), p=reject and a null MX, verified", async () => {
    const report = await audit(
      { version: 1, domains: [{ name: "example.com" }, { name: "old.example", sends: false }], paths: [] },
      {
        resolver: new FixtureResolver({
          version: 1,
          records: {
            ...baseDns,
            "old.example": { TXT: ["verify=1"], MX: [{ preference: 10, exchange: "mx.example.com" }] },
          },
        }),
        now: NOW,
      },
    );
    const f = report.findings.find((x) => x.ruleId === "parked-domain-unprotected");
    expect(f?.changes).toEqual([
      { name: "old.example", type: "TXT", records: [["v=spf1 -all"], ["verify=1"]] },
      { name: "_dmarc.old.example", type: "TXT", records: [["v=DMARC1; p=reject"]] },
      { name: "old.example", type: "MX", records: [{ preference: 0, exchange: "" }] },
    ]);
    expect(f?.verification).toEqual({ status: "verified" });
  });

  it("dkim-key-missing for a path the audit cannot write a key for gives a manual step, no change", async () => {
    const { "s1._domainkey.example.com": _key, ...records } = baseDns;
    const report = await audit(relayOrg(["192.0.2.10"]), {
      resolver: new FixtureResolver({ version: 1, records }),
      now: NOW,
      rules: { only: ["dkim-key-missing"] },
    });
    const [f] = report.findings;
    expect(f?.changes).toBeUndefined();
    expect(f?.manualSteps).toEqual([
      "Publish the public key of selector `s1` for `example.com` as a TXT record at `s1._domainkey.example.com` (`v=DKIM1; k=rsa; p=…`), exactly as the smart host edge (relay.example.com), which signs this path gives it.",
    ]);
    expect(dkimKey(2048)[0]).toMatch(/^v=DKIM1/);
  });
});

describe("provider-not-authorized: an include already there, past the limit", () => {
  it("never proposes to add it again: it says why it is not reached, and proposes no change", async () => {
    const includes = Array.from({ length: 10 }, (_, i) => `include:n${i}.example.net`);
    const records: Record<string, object> = {
      ...baseDns,
      "example.com": { TXT: [`v=spf1 ${includes.join(" ")} include:spf.protection.outlook.com -all`] },
      "spf.protection.outlook.com": { TXT: ["v=spf1 ip4:40.92.0.0/15 ip6:2a01:111:f400::/48 -all"] },
    };
    for (let i = 0; i < 10; i++) records[`n${i}.example.net`] = { TXT: [`v=spf1 ip4:198.18.${i}.0/24 -all`] };
    const report = await audit(
      {
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
      },
      {
        resolver: new FixtureResolver({ version: 1, records }),
        now: NOW,
        rules: { only: ["provider-not-authorized"] },
      },
    );
    const [f] = report.findings;
    expect(f?.fix).toMatch(
      /^The SPF record of example\.com already has `include:spf\.protection\.outlook\.com`, but it sits past the 10th DNS lookup \(the record needs 11\)/,
    );
    expect(f?.changes).toBeUndefined();
  });
});
