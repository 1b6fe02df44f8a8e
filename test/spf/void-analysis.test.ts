/**
 * The void lookups analyzeSpf() says a receiver counts (RFC 7208 §4.6.4), for terms whose name
 * depends on the message or the client (macros) and for ptr: for a client that matches nothing,
 * those lookups are void, so the analysis counts them at that worst case, with the reason, and
 * agrees with checkHost() (and pyspf, Mail::SPF) that the tree is over the limit.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FixtureResolver } from "../../src/dns/fixture/resolver.ts";
import type { DnsFixture, FixtureOwner } from "../../src/dns/fixture/types.ts";
import { checkDomain } from "../../src/index.ts";
import { analyzeSpf } from "../../src/spf/analyze.ts";
import { checkHost } from "../../src/spf/check-host.ts";
import { check } from "./generate.ts";

function resolverOf(records: Record<string, FixtureOwner>): FixtureResolver {
  return new FixtureResolver({ version: 1, records });
}

/** Two stale a: terms (their names were deleted) and Salesforce's per-client exists: term. */
const SALESFORCE: Record<string, FixtureOwner> = {
  "contoso.example": {
    TXT: ["v=spf1 a:old-relay.contoso.example a:old-web.contoso.example include:_spf.salesforce.example -all"],
  },
  "_spf.salesforce.example": { TXT: ["v=spf1 exists:%{i}._spf.salesforce.example -all"] },
  "192.0.2.77._spf.salesforce.example": { A: ["127.0.0.1"] },
};

describe("analyzeSpf(): void lookups of dynamic terms (RFC 7208 §4.6.4)", () => {
  it("two stale a: terms plus exists:%{i}... are 3 void lookups for a client that matches nothing", async () => {
    const a = await analyzeSpf("contoso.example", { resolver: resolverOf(SALESFORCE) });
    expect(a.voidLookups).toMatchObject({ ipv4: 3, ipv6: 3, limit: 2, exceeded: true });
    const exists = a.voidLookups.terms.find((t) => t.term.startsWith("exists:"));
    expect(exists).toMatchObject({
      domain: "_spf.salesforce.example",
      name: "%{i}._spf.salesforce.example",
      families: ["ipv4", "ipv6"],
      path: ["contoso.example", "_spf.salesforce.example"],
    });
    expect(exists?.dynamic).toMatch(/does not exist .*a void lookup/);
    // The stale a: terms are counted from DNS, not as a worst case.
    expect(a.voidLookups.terms.filter((t) => t.dynamic === undefined).map((t) => t.name)).toEqual([
      "old-relay.contoso.example",
      "old-web.contoso.example",
    ]);
    const finding = a.findings.find((f) => f.code === "void-lookup-limit");
    expect(finding?.severity).toBe("error");
    expect(finding?.message).toMatch(/3 \(IPv4 client\), 3 \(IPv6 client\)/);
    expect(finding?.message).toContain('"exists:%{i}._spf.salesforce.example" in _spf.salesforce.example');
    // The per-term "void-lookup" warning is for what DNS showed; the dynamic term is named above.
    expect(a.findings.filter((f) => f.code === "void-lookup").map((f) => f.term)).toEqual([
      "a:old-relay.contoso.example",
      "a:old-web.contoso.example",
    ]);
  });

  it("checkHost() gives permerror for that client, at the exists: term", async () => {
    const r = await checkHost(
      { ip: "198.51.100.9", sender: "x@contoso.example" },
      { resolver: resolverOf(SALESFORCE) },
    );
    expect(r.result).toBe("permerror");
    expect(r.problem).toMatchObject({ code: "void-lookup-limit", term: "exists:%{i}._spf.salesforce.example" });
    expect(r.voidLookups).toBe(3);
  });

  it("a client the exists: term knows passes: the worst case is for clients that match nothing", async () => {
    const r = await checkHost({ ip: "192.0.2.77", sender: "x@contoso.example" }, { resolver: resolverOf(SALESFORCE) });
    expect(r.result).toBe("pass");
    expect(r.voidLookups).toBe(2);
  });

  it("the spf-void-lookups rule fires for it (checkDomain)", async () => {
    const report = await checkDomain("contoso.example", {
      resolver: resolverOf(SALESFORCE),
      rules: { only: ["spf-void-lookups"] },
    });
    const found = report.findings.filter((f) => f.ruleId === "spf-void-lookups");
    expect(found).toHaveLength(1);
    expect(found[0]?.message).toMatch(/makes 3 void lookups for an IPv4 client and 3 for an IPv6 client \(limit 2\)/);
    expect(found[0]?.message).toContain("exists:%{i}._spf.salesforce.example");
  });

  it.each([
    ["ptr", "v=spf1 a:gone1.example a:gone2.example ptr -all", "the client's PTR name", /PTR lookup is void/],
    ["ptr:domain", "v=spf1 a:gone1.example a:gone2.example ptr:contoso.example -all", "the client's PTR name", /PTR/],
    ["a:%{l}...", "v=spf1 a:gone1.example a:gone2.example a:%{l}.users.example -all", "%{l}.users.example", /address/],
    ["mx:%{o}", "v=spf1 a:gone1.example mx:gone2.example mx:%{o}.example -all", "%{o}.example", /MX/],
    [
      "exists:%{ir}...",
      "v=spf1 mx:gone1.example a:gone2.example exists:%{ir}.x.example -all",
      "%{ir}.x.example",
      /does not exist/,
    ],
  ])("%s is counted void at worst, with the reason", async (_, record, name, reason) => {
    const resolver = resolverOf({ "contoso.example": { TXT: [record] } });
    const a = await analyzeSpf("contoso.example", { resolver });
    expect(a.voidLookups).toMatchObject({ ipv4: 3, ipv6: 3, exceeded: true });
    const dynamic = a.voidLookups.terms.filter((t) => t.dynamic !== undefined);
    expect(dynamic).toHaveLength(1);
    expect(dynamic[0]?.name).toBe(name);
    expect(dynamic[0]?.dynamic).toMatch(reason);
    // And a receiver agrees, for a client without PTR records that matches nothing.
    const r = await checkHost({ ip: "203.0.113.200", sender: "bob@contoso.example" }, { resolver });
    expect(r).toMatchObject({ result: "permerror", problem: { code: "void-lookup-limit" } });
  });

  it("a domain-spec with only %{d} is static: counted from DNS, never as a worst case", async () => {
    const resolver = resolverOf({
      "contoso.example": { TXT: ["v=spf1 a:gone1.example a:gone2.example exists:_spf.%{d} -all"] },
      "_spf.contoso.example": { A: ["127.0.0.2"] },
    });
    const a = await analyzeSpf("contoso.example", { resolver });
    expect(a.voidLookups).toMatchObject({ ipv4: 2, ipv6: 2, exceeded: false });
    expect(a.voidLookups.terms.every((t) => t.dynamic === undefined)).toBe(true);
  });

  it("a dynamic include counts no void of its own (its record's terms are unknown), a dynamic exists one", async () => {
    const resolver = resolverOf({
      "contoso.example": { TXT: ["v=spf1 include:%{l}.users.example exists:%{l}.x.example -all"] },
    });
    const a = await analyzeSpf("contoso.example", { resolver });
    expect(a.voidLookups.terms.map((t) => t.term)).toEqual(["exists:%{l}.x.example"]);
    expect(a.voidLookups).toMatchObject({ ipv4: 1, ipv6: 1, exceeded: false });
  });

  it("terms after all are never evaluated, so never void", async () => {
    const resolver = resolverOf({
      "contoso.example": { TXT: ["v=spf1 a:gone1.example a:gone2.example -all ptr exists:%{i}.x.example"] },
    });
    const a = await analyzeSpf("contoso.example", { resolver });
    expect(a.voidLookups).toMatchObject({ ipv4: 2, ipv6: 2, exceeded: false });
  });

  it("on generated zones, checkHost() never reaches the void limit where the analysis says it cannot", async () => {
    // The analysis is the worst case for a client that matches nothing; a real client meets at most
    // as many void lookups. Excluded: loops (receivers go round until a limit; the analysis reports
    // them as over the lookup limit) and dynamic include/redirect targets (their records are unknown).
    const samples = fc.sample(fc.tuple(voidZone, fc.array(check, { minLength: 3, maxLength: 3 })), {
      numRuns: 300,
      seed: 7208,
    });
    let checked = 0;
    for (const [fixture, checks] of samples) {
      const resolver = new FixtureResolver(fixture);
      const a = await analyzeSpf("d0.example.com", { resolver, checkSpfType: false });
      if (a.lookups.unbounded || a.dynamic.some((d) => /^(include:|redirect=)/i.test(d.term))) continue;
      for (const c of checks) {
        const r = await checkHost({ ...c, sender: `${c.sender.split("@")[0]}@d0.example.com` }, { resolver });
        const family = c.ip.includes(":") && !c.ip.startsWith("::ffff:") ? "ipv6" : "ipv4";
        if (r.problem?.code !== "void-lookup-limit") {
          // Never more voids than the worst case, whatever the client.
          expect(r.voidLookups).toBeLessThanOrEqual(a.voidLookups[family]);
          continue;
        }
        checked++;
        if (!(a.voidLookups[family] > a.voidLookups.limit))
          expect.fail(
            `checkHost gave void-lookup-limit but the analysis counts ${a.voidLookups[family]} (${family}): ${JSON.stringify(c)} ${JSON.stringify(fixture.records)}`,
          );
      }
    }
    expect(checked).toBeGreaterThan(30);
  });
});

const NX = ["nx1.example.com", "nx2.example.com", "d2.example.com", "d3.example.com"];
/** Terms that tend to be void: names without records, per-client names, ptr; and a few that match. */
const voidTerm = fc.oneof(
  fc.constantFrom(...NX).map((n) => `a:${n}`),
  fc.constantFrom(...NX).map((n) => `mx:${n}`),
  fc.constantFrom(...NX).map((n) => `exists:${n}`),
  fc.constantFrom("exists:%{i}.nx.example.com", "a:%{l}.nx.example.com", "mx:%{o}", "ptr", "ptr:d1.example.com"),
  fc.constantFrom(
    "include:d1.example.com",
    "include:d2.example.com",
    "ip4:192.0.2.1",
    "a:d1.example.com",
    "ip6:2001:db8::1",
  ),
);
const voidRecord = fc
  .tuple(fc.array(voidTerm, { minLength: 1, maxLength: 6 }), fc.constantFrom("-all", "~all", ""))
  .map(([terms, all]) => ["v=spf1", ...terms, all].join(" ").trim());
/** d0 (the checked domain), d1 and d2 with records; d1 has addresses; d3 exists without records. */
const voidZone: fc.Arbitrary<DnsFixture> = fc.tuple(voidRecord, voidRecord, voidRecord).map(([r0, r1, r2]) => ({
  version: 1 as const,
  records: {
    "d0.example.com": { TXT: [r0] },
    "d1.example.com": {
      TXT: [r1],
      A: ["192.0.2.2"],
      AAAA: ["2001:db8::2"],
      MX: [{ preference: 10, exchange: "d1.example.com" }],
    },
    "d2.example.com": { TXT: [r2] },
    "d3.example.com": { AAAA: ["2001:db8::3"] },
    "1.2.0.192.in-addr.arpa": { PTR: ["d1.example.com"] },
  },
}));
