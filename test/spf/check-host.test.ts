import { describe, expect, it } from "vitest";
import { CachingResolver } from "../../src/dns/cache.ts";
import { FixtureResolver } from "../../src/dns/fixture/resolver.ts";
import type { FixtureOwner } from "../../src/dns/fixture/types.ts";
import type { DnsAnswer, Resolver } from "../../src/dns/types.ts";
import { SpfCache } from "../../src/spf/cache.ts";
import { checkHost } from "../../src/spf/check-host.ts";

const ORG: Record<string, FixtureOwner> = {
  "contoso.example": {
    TXT: [
      "v=spf1 ip4:192.0.2.0/28 include:spf.provider.example include:_spf.other.example -all exp=why.contoso.example",
      "google-site-verification=abc",
    ],
  },
  "spf.provider.example": { TXT: ["v=spf1 ip4:198.51.100.0/24 include:_netblocks.provider.example ~all"] },
  "_netblocks.provider.example": { TXT: ["v=spf1 ip6:2001:db8:100::/48 -all"] },
  "_spf.other.example": { TXT: ["v=spf1 a:relay.other.example -all"] },
  "relay.other.example": { A: ["203.0.113.7"] },
  "why.contoso.example": { TXT: [["%{i} is not one of %{d}'s ", "designated mail servers."]] },
};
const resolver = new FixtureResolver({ version: 1, records: ORG });

describe("checkHost()", () => {
  it("passes through nested includes and says which term matched, down to the innermost", async () => {
    const r = await checkHost(
      { ip: "2001:db8:100::25", sender: "alice@contoso.example", helo: "mail.contoso.example" },
      { resolver },
    );
    expect(r.result).toBe("pass");
    expect(r.matched).toEqual({
      term: "include:spf.provider.example",
      domain: "contoso.example",
      position: 24,
      via: [
        { term: "include:_netblocks.provider.example", domain: "spf.provider.example", position: 27 },
        { term: "ip6:2001:db8:100::/48", domain: "_netblocks.provider.example", position: 7 },
      ],
    });
    expect(r.dnsLookups).toBe(2);
  });

  it("traces every record, term and DNS question in order", async () => {
    const r = await checkHost({ ip: "203.0.113.7", sender: "bob@contoso.example" }, { resolver });
    expect(r.result).toBe("pass");
    const steps = r.trace.map((s) =>
      s.step === "dns"
        ? `dns ${s.name} ${s.type} ${s.status}`
        : s.step === "term"
          ? `term ${s.depth} ${s.term} ${s.outcome}`
          : s.step === "record"
            ? `record ${s.depth} ${s.domain}`
            : s.step,
    );
    expect(steps).toEqual([
      "dns contoso.example TXT ok",
      "record 0 contoso.example",
      "term 0 ip4:192.0.2.0/28 no-match",
      "dns spf.provider.example TXT ok",
      "record 1 spf.provider.example",
      "term 1 ip4:198.51.100.0/24 no-match",
      "dns _netblocks.provider.example TXT ok",
      "record 2 _netblocks.provider.example",
      "term 2 ip6:2001:db8:100::/48 no-match",
      "term 2 -all match",
      "term 1 include:_netblocks.provider.example no-match",
      "term 1 ~all match",
      "term 0 include:spf.provider.example no-match",
      "dns _spf.other.example TXT ok",
      "record 1 _spf.other.example",
      "dns relay.other.example A ok",
      "term 1 a:relay.other.example match",
      "term 0 include:_spf.other.example match",
    ]);
    // The trace is plain data.
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });

  it("explains a fail with the exp= text (strings joined without separator, macros expanded)", async () => {
    const r = await checkHost(
      { ip: "192.0.2.99", sender: "eve@contoso.example" },
      { resolver, receiver: "mx.receiver.example" },
    );
    expect(r.result).toBe("fail");
    expect(r.explanation).toBe("192.0.2.99 is not one of contoso.example's designated mail servers.");
    expect(r.explanationSource).toBe("exp");
    expect(r.matched?.term).toBe("-all");
  });

  it("uses the default explanation when there is no exp=", async () => {
    const r = await checkHost({ ip: "192.0.2.99", sender: "x@_spf.other.example" }, { resolver });
    expect(r.result).toBe("fail");
    expect(r.explanationSource).toBe("default");
    expect(r.explanation).toBe("_spf.other.example does not designate 192.0.2.99 as a permitted sender");
  });

  it("checks the HELO identity when MAIL FROM is empty (§2.4)", async () => {
    const r = await checkHost({ ip: "192.0.2.1", sender: "", helo: "contoso.example" }, { resolver });
    expect(r.result).toBe("pass");
  });

  it("none for a malformed or single-label domain, and for a domain without a record", async () => {
    for (const sender of [
      "x@[192.0.2.1]",
      "x@localhost",
      `x@${"a".repeat(64)}.example`,
      "x@a..example",
      "x@nothing.example",
    ]) {
      const r = await checkHost({ ip: "192.0.2.1", sender }, { resolver });
      expect(r.result, sender).toBe("none");
      expect(r.problem?.rfc).toMatch(/RFC 7208 §4\.[35]/);
    }
  });

  it("never throws on bad input", async () => {
    const bad: unknown[] = [
      null,
      undefined,
      42,
      {},
      { ip: "nope" },
      { ip: 12 },
      { ip: "1.2.3.4.5", sender: "x@contoso.example" },
    ];
    for (const input of bad) {
      const r = await checkHost(input as never, { resolver });
      expect(r.result).toBe("permerror");
      expect(r.problem?.code).toMatch(/invalid-/);
    }
    // A sender that is not a string is no sender: the HELO identity (here empty) is checked.
    expect((await checkHost({ ip: "192.0.2.1", sender: 5 } as never, { resolver })).result).toBe("none");
    const noResolver = await checkHost({ ip: "192.0.2.1", sender: "x@contoso.example" }, {} as never);
    expect(noResolver.problem?.code).toBe("invalid-input");
  });

  it("a resolver that throws or returns garbage gives temperror, not an exception", async () => {
    const throwing: Resolver = {
      resolve() {
        throw new Error("boom");
      },
    };
    const garbage: Resolver = { resolve: async () => null as unknown as DnsAnswer<never> };
    for (const bad of [throwing, garbage]) {
      const r = await checkHost({ ip: "192.0.2.1", sender: "x@contoso.example" }, { resolver: bad });
      expect(r.result).toBe("temperror");
    }
  });

  it("treats an IPv4-mapped IPv6 client as IPv4 (§5)", async () => {
    const r = await checkHost({ ip: "::ffff:192.0.2.3", sender: "x@contoso.example" }, { resolver });
    expect(r.result).toBe("pass");
    expect(r.matched?.term).toBe("ip4:192.0.2.0/28");
  });

  it("reuses parsed records and cached answers across evaluations (warm mode)", async () => {
    const cache = new SpfCache();
    const caching = new CachingResolver(resolver);
    for (let i = 0; i < 5; i++) {
      const r = await checkHost({ ip: `198.51.100.${i}`, sender: "x@contoso.example" }, { resolver: caching, cache });
      expect(r.result).toBe("pass");
    }
    // Each record parsed once; DNS asked only by the first evaluation; later ones answered from the cache.
    expect(cache.stats()).toMatchObject({ misses: 2, domains: 2 });
    expect(caching.stats()).toMatchObject({ misses: 2, hits: 0 });
    const warm = await checkHost({ ip: "198.51.100.9", sender: "x@contoso.example" }, { resolver: caching, cache });
    const dns = warm.trace.filter((s) => s.step === "dns");
    expect(dns.map((s) => s.step === "dns" && `${s.name} ${s.cached === true}`)).toEqual([
      "contoso.example true",
      "spf.provider.example true",
    ]);
    expect(warm.result).toBe("pass");
  });
});
