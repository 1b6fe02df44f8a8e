import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { FixtureResolver } from "../../src/dns/fixture/resolver.ts";
import type { DnsFixture, FixtureOwner } from "../../src/dns/fixture/types.ts";
import type { SpfAnalysis, SpfTreeNode } from "../../src/spf/analysis-types.ts";
import { analyzeSpf } from "../../src/spf/analyze.ts";
import { authorizes } from "../../src/spf/authorizes.ts";
import { checkHost } from "../../src/spf/check-host.ts";

const PROVIDERS = (
  JSON.parse(readFileSync(new URL("../../fixtures/spf/providers.json", import.meta.url), "utf8")) as DnsFixture
).records;

function resolverOf(records: Record<string, FixtureOwner>): FixtureResolver {
  return new FixtureResolver({ version: 1, records: { ...PROVIDERS, ...records } });
}

function analyze(records: Record<string, FixtureOwner>, domain = "contoso.example"): Promise<SpfAnalysis> {
  return analyzeSpf(domain, { resolver: resolverOf(records) });
}

function codes(a: SpfAnalysis): string[] {
  return a.findings.map((f) => f.code);
}

const CONTOSO: Record<string, FixtureOwner> = {
  "contoso.example": {
    TXT: [
      "v=spf1 ip4:192.0.2.0/25 ip4:192.0.2.128/25 mx include:spf.protection.outlook.example include:_spf.google.example -all",
      "MS=ms12345",
    ],
    MX: [{ preference: 10, exchange: "mail.contoso.example" }],
  },
  "mail.contoso.example": { A: ["203.0.113.10"], AAAA: ["2001:db8:10::25"] },
};

describe("analyzeSpf(): the tree", () => {
  it("returns the whole include tree with records, terms and DNS evidence", async () => {
    const a = await analyze(CONTOSO);
    expect(a.root.status).toBe("ok");
    expect(a.root.record).toMatch(/^v=spf1 ip4:192.0.2.0\/25/);
    expect(a.root.txt?.records).toHaveLength(2);
    const names = (n: SpfTreeNode): unknown => ({
      [n.domain]: n.terms.filter((t) => t.child).map((t) => names(t.child as SpfTreeNode)),
    });
    expect(names(a.root)).toEqual({
      "contoso.example": [
        { "spf.protection.outlook.example": [{ "spfd.protection.outlook.example": [] }] },
        {
          "_spf.google.example": [
            { "_netblocks.google.example": [] },
            { "_netblocks2.google.example": [] },
            { "_netblocks3.google.example": [] },
          ],
        },
      ],
    });
    const mx = a.root.terms.find((t) => t.term.text === "mx");
    expect(mx).toMatchObject({
      countsLookup: true,
      reachable: true,
      target: "contoso.example",
      mxNames: 1,
      networks: { ipv4: ["203.0.113.10/32"], ipv6: ["2001:db8:10::25/128"] },
    });
    expect(mx?.evidence.map((e) => `${e.name} ${e.type} ${e.status}`)).toEqual([
      "contoso.example MX ok",
      "mail.contoso.example A ok",
      "mail.contoso.example AAAA ok",
    ]);
    expect(JSON.parse(JSON.stringify(a))).toEqual(a);
  });

  it("counts lookups as a receiver does for a host that matches nothing", async () => {
    const a = await analyze(CONTOSO);
    // mx, include outlook, include spfd, include google, 3 netblocks includes.
    expect(a.lookups).toEqual({ count: 7, limit: 10, exceeded: false, unbounded: false });
    expect(a.voidLookups).toMatchObject({ ipv4: 0, ipv6: 0, exceeded: false });
    expect(a.mx).toEqual([
      { domain: "contoso.example", term: "mx", position: 43, path: ["contoso.example"], names: 1, exceeded: false },
    ]);
  });

  it("merges the authorised networks per result, includes resolved", async () => {
    const a = await analyze(CONTOSO);
    expect(a.networks.otherwise).toBe("fail");
    expect(a.networks.pass.ipv4).toContain("192.0.2.0/24"); // two /25 merged
    expect(a.networks.pass.ipv4).toContain("203.0.113.10/32");
    expect(a.networks.pass.ipv4).toContain("40.92.0.0/15");
    expect(a.networks.pass.ipv4).toContain("74.125.0.0/16");
    expect(a.networks.pass.ipv6).toContain("2a01:111:f400::/48");
    expect(a.networks.fail).toEqual({ ipv4: [], ipv6: [] });
    // Google's own "~all" is not contoso's: an include matches only on "pass".
    expect(a.networks.softfail).toEqual({ ipv4: [], ipv6: [] });
  });

  it("has no error findings for a healthy record", async () => {
    const a = await analyze(CONTOSO);
    expect(a.findings.filter((f) => f.severity === "error")).toEqual([]);
  });

  it("a domain over the limit still gets its whole tree, and says where the 10th is passed", async () => {
    const records: Record<string, FixtureOwner> = {
      ...CONTOSO,
      "contoso.example": {
        TXT: [
          "v=spf1 include:spf.protection.outlook.example include:_spf.google.example include:mailgun.example include:sendgrid.example a:www.contoso.example mx include:amazonses.example -all",
        ],
        MX: [{ preference: 10, exchange: "mail.contoso.example" }],
      },
      "www.contoso.example": { A: ["192.0.2.80"] },
    };
    const a = await analyze(records);
    expect(a.lookups.count).toBe(12);
    expect(a.lookups.exceeded).toBe(true);
    expect(a.lookups.exceededAt).toEqual({
      domain: "contoso.example",
      term: "mx",
      position: 145,
      path: ["contoso.example"],
    });
    expect(a.root.terms.find((t) => t.term.text === "include:amazonses.example")?.child?.status).toBe("ok");
    expect(a.findings[0]).toMatchObject({ code: "lookup-limit", severity: "error", rfc: "RFC 7208 §4.6.4" });
    // What a receiver does: permerror once the 11th term is reached, a pass before it.
    expect(
      (await checkHost({ ip: "100.64.0.1", sender: "x@contoso.example" }, { resolver: resolverOf(records) })).result,
    ).toBe("permerror");
    expect((await authorizes(a, "100.64.0.1")).result).toBe("permerror");
    expect((await authorizes(a, "40.92.1.1")).result).toBe("pass");
  });
});

/** One small zone per finding (valid and invalid cases side by side). */
const FINDINGS: { name: string; records: Record<string, FixtureOwner>; expect: string[]; not?: string[] }[] = [
  {
    name: "+all",
    records: { "contoso.example": { TXT: ["v=spf1 +all"] } },
    expect: ["pass-all"],
    not: ["missing-all"],
  },
  { name: "?all", records: { "contoso.example": { TXT: ["v=spf1 ip4:192.0.2.1 ?all"] } }, expect: ["neutral-all"] },
  { name: "missing all", records: { "contoso.example": { TXT: ["v=spf1 ip4:192.0.2.1"] } }, expect: ["missing-all"] },
  {
    name: "redirect instead of all is fine",
    records: { "contoso.example": { TXT: ["v=spf1 redirect=sendgrid.example"] } },
    expect: [],
    not: ["missing-all"],
  },
  {
    name: "ptr",
    records: { "contoso.example": { TXT: ["v=spf1 ptr -all"] } },
    expect: ["ptr-mechanism", "dynamic-term"],
  },
  {
    name: "several SPF records",
    records: { "contoso.example": { TXT: ["v=spf1 -all", "v=spf1 ~all"] } },
    expect: ["multiple-records"],
  },
  {
    name: "obsolete type 99",
    records: { "contoso.example": { TXT: ["v=spf1 -all"], SPF: ["v=spf1 -all"] } },
    expect: ["spf-rr-type"],
  },
  { name: "no record", records: { "contoso.example": { A: ["192.0.2.1"] } }, expect: ["no-spf-record"] },
  {
    name: "include without record",
    records: { "contoso.example": { TXT: ["v=spf1 include:nothing.example -all"] } },
    expect: ["include-target-without-record"],
  },
  {
    name: "syntax error",
    records: { "contoso.example": { TXT: ["v=spf1 ip4:192.0.2 include:sendgrid.example -all"] } },
    expect: ["syntax-error"],
  },
  {
    name: "terms after all",
    records: { "contoso.example": { TXT: ["v=spf1 -all include:sendgrid.example"] } },
    expect: ["unreachable-term"],
  },
  {
    name: "redirect beside all",
    records: { "contoso.example": { TXT: ["v=spf1 redirect=sendgrid.example ~all"] } },
    expect: ["redirect-ignored"],
  },
  {
    name: "shadowed term",
    records: { "contoso.example": { TXT: ["v=spf1 ip4:192.0.2.0/24 ip4:192.0.2.7 -all"] } },
    expect: ["shadowed-term"],
  },
  {
    name: "not shadowed when partly new",
    records: { "contoso.example": { TXT: ["v=spf1 ip4:192.0.2.0/25 ip4:192.0.2.0/24 -all"] } },
    expect: [],
    not: ["shadowed-term"],
  },
  {
    name: "void lookups",
    records: { "contoso.example": { TXT: ["v=spf1 a:gone1.example a:gone2.example a:gone3.example -all"] } },
    expect: ["void-lookup-limit", "void-lookup"],
  },
  {
    name: "more than 10 MX",
    records: {
      "contoso.example": {
        TXT: ["v=spf1 mx -all"],
        MX: Array.from({ length: 11 }, (_, i) => ({ preference: i, exchange: `mx${i}.example` })),
      },
    },
    expect: ["mx-limit"],
  },
  {
    name: "include loop",
    records: {
      "contoso.example": { TXT: ["v=spf1 include:a.example -all"] },
      "a.example": { TXT: ["v=spf1 include:contoso.example"] },
    },
    expect: ["include-loop", "lookup-limit"],
  },
  {
    name: "duplicate include",
    records: {
      "contoso.example": { TXT: ["v=spf1 include:sendgrid.example include:x.example -all"] },
      "x.example": { TXT: ["v=spf1 include:sendgrid.example"] },
    },
    expect: ["duplicate-include"],
  },
  {
    name: "DNS timeout",
    records: {
      "contoso.example": { TXT: ["v=spf1 include:slow.example -all"] },
      "slow.example": { "*": { timeout: true } },
    },
    expect: ["dns-error"],
  },
  {
    name: "malformed target",
    records: { "contoso.example": { TXT: ["v=spf1 a:x..example -all"] } },
    expect: ["malformed-target"],
  },
  {
    name: "macros",
    records: { "contoso.example": { TXT: ["v=spf1 exists:%{i}._spf.contoso.example -all"] } },
    expect: ["dynamic-term"],
  },
  {
    name: "unknown modifier",
    records: { "contoso.example": { TXT: ["v=spf1 -all moo=cow"] } },
    expect: ["unknown-modifier"],
  },
  {
    name: "record over 450 octets",
    records: {
      "contoso.example": {
        TXT: [
          [
            `v=spf1 ${Array.from({ length: 30 }, (_, i) => `ip4:192.0.2.${i}`).join(" ")}`,
            ` ${Array.from({ length: 12 }, (_, i) => `ip4:198.51.100.${i}`).join(" ")} -all`,
          ],
        ],
      },
    },
    expect: ["record-too-large", "string-too-long"],
  },
];

describe("analyzeSpf(): findings", () => {
  it.each(FINDINGS)("$name", async (c) => {
    const a = await analyze(c.records);
    for (const code of c.expect) expect(codes(a), JSON.stringify(a.findings, null, 1)).toContain(code);
    for (const code of c.not ?? []) expect(codes(a)).not.toContain(code);
    if (c.expect.length === 0) expect(a.findings.filter((f) => f.severity !== "info")).toEqual([]);
    for (const f of a.findings) {
      expect(f.rfc).toMatch(/^RFC 7208 §/);
      expect(f.path[0]).toBe("contoso.example");
    }
  });

  it("a broken record keeps its good terms and their subtrees", async () => {
    const a = await analyze({ "contoso.example": { TXT: ["v=spf1 ip4:192.0.2 include:sendgrid.example -all"] } });
    expect(a.root.status).toBe("syntax-error");
    expect(a.root.parse?.errors[0]).toMatchObject({ code: "invalid-ip4", position: 11 });
    expect(a.root.terms.map((t) => t.term.text)).toEqual(["include:sendgrid.example", "-all"]);
    expect(a.root.terms[0]?.child?.status).toBe("ok");
    expect(a.networks.pass.ipv4).toContain("167.89.0.0/17");
    expect((await authorizes(a, "167.89.0.1")).result).toBe("permerror");
  });
});

describe("authorizes()", () => {
  it("answers static trees from the analysis alone, with the term that matched", async () => {
    const a = await analyze(CONTOSO);
    const r = await authorizes(a, "2a01:111:f403::25");
    expect(r).toMatchObject({
      result: "pass",
      source: "analysis",
      matched: { term: "include:spf.protection.outlook.example", via: [{ term: "ip6:2a01:111:f403::/49" }] },
    });
    expect((await authorizes(a, "192.0.2.200")).result).toBe("pass");
    expect((await authorizes(a, "::ffff:203.0.113.10")).result).toBe("pass");
    expect((await authorizes(a, "100.64.0.1")).result).toBe("fail");
    expect((await authorizes(a, "nope")).result).toBe("permerror");
  });

  it("falls back to checkHost() only for dynamic parts, asking DNS only what the analysis lacks", async () => {
    const records: Record<string, FixtureOwner> = {
      "contoso.example": { TXT: ["v=spf1 ip4:192.0.2.0/24 exists:%{l}._allow.contoso.example -all"] },
      "vip._allow.contoso.example": { A: ["127.0.0.2"] },
    };
    const a = await analyze(records);
    expect(a.dynamic).toEqual([
      {
        domain: "contoso.example",
        term: "exists:%{l}._allow.contoso.example",
        position: 24,
        path: ["contoso.example"],
        reason: "its domain-spec uses %{l}, which depend on the message (§7)",
      },
    ]);
    const statically = await authorizes(a, "192.0.2.9", "anyone@contoso.example");
    expect(statically).toMatchObject({ result: "pass", source: "analysis" });
    const asked: string[] = [];
    const base = resolverOf(records);
    const counting = {
      resolve: ((name: string, type: string) => {
        asked.push(`${name} ${type}`);
        return base.resolve(name, type);
      }) as FixtureResolver["resolve"],
    };
    const vip = await authorizes(a, "100.64.0.1", "vip@contoso.example", { resolver: counting });
    expect(vip).toMatchObject({ result: "pass", source: "check-host" });
    expect(vip.fallbackReason).toMatch(/%\{l\}/);
    expect(asked).toEqual(["vip._allow.contoso.example A"]);
    expect((await authorizes(a, "100.64.0.1", "nobody@contoso.example", { resolver: counting })).result).toBe("fail");
  });
});
