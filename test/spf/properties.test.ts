/**
 * Property tests (fast-check): random records and random zones never throw, never hang, never
 * exceed the lookup limits; parseSpf() round-trips every record it accepts; authorizes() gives
 * what checkHost() gives.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FixtureResolver } from "../../src/dns/fixture/resolver.ts";
import type { DnsFixture } from "../../src/dns/fixture/types.ts";
import { analyzeSpf } from "../../src/spf/analyze.ts";
import { authorizes } from "../../src/spf/authorizes.ts";
import { SpfCache } from "../../src/spf/cache.ts";
import { checkHost } from "../../src/spf/check-host.ts";
import { formatSpf, parseSpf } from "../../src/spf/parse.ts";
import { SPF_RESULTS, type SpfCheckResult, type SpfTerm } from "../../src/spf/types.ts";
import { CLIENTS, check, oddTerm, spfRecord, validTerm, zone } from "./generate.ts";

/** Terms without their place in the record, names as parsed. */
function shape(terms: SpfTerm[]): unknown[] {
  return terms.map(({ position: _p, text: _t, ...rest }) => rest);
}

/** Random text that often looks like SPF: record fragments, odd characters, macros. */
const noisyRecord = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.string({ unit: "grapheme", maxLength: 40 }).map((s) => `v=spf1 ${s}`),
  fc
    .array(
      fc.oneof(
        validTerm,
        oddTerm,
        fc.string({ maxLength: 12 }),
        fc.constantFrom("%", "%{", "}", "/", "//", ":", "=", "\t", "\u0000", "é", "  "),
      ),
      { maxLength: 10 },
    )
    .map((parts) => `v=spf1 ${parts.join(" ")}`),
  spfRecord,
);

describe("parseSpf() properties", () => {
  it("never throws; errors and terms are consistent with the text", () => {
    fc.assert(
      fc.property(noisyRecord, (text) => {
        const p = parseSpf(text);
        expect(p.ok).toBe(p.errors.length === 0);
        for (const t of p.terms) expect(text.slice(t.position, t.position + t.text.length)).toBe(t.text);
        for (const e of p.errors) {
          expect(e.position).toBeGreaterThanOrEqual(0);
          expect(e.position).toBeLessThanOrEqual(text.length);
          expect(e.rfc).toMatch(/^RFC /);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("round-trips every record it accepts: formatting the terms and parsing again gives the same terms", () => {
    fc.assert(
      fc.property(noisyRecord, (text) => {
        const p = parseSpf(text);
        if (!p.ok) return;
        const again = parseSpf(formatSpf(p.terms));
        expect(again.ok).toBe(true);
        expect(shape(again.terms)).toEqual(shape(p.terms));
        expect(formatSpf(again.terms)).toBe(formatSpf(p.terms));
      }),
      { numRuns: 2000 },
    );
  });

  it("accepts every record built from valid terms", () => {
    fc.assert(
      fc.property(fc.array(validTerm, { maxLength: 12 }), (terms) => {
        const redirects = terms.filter((t) => t.startsWith("redirect=")).length;
        const exps = terms.filter((t) => t.startsWith("exp=")).length;
        fc.pre(redirects <= 1 && exps <= 1);
        const p = parseSpf(`v=spf1 ${terms.join(" ")}`);
        expect(p.errors).toEqual([]);
        expect(p.terms.map((t) => t.text)).toEqual(terms);
      }),
      { numRuns: 1000 },
    );
  });
});

/** Zones where records are as likely to be noise as SPF. */
const noisyZone: fc.Arbitrary<DnsFixture> = fc
  .tuple(zone, fc.array(noisyRecord, { minLength: 6, maxLength: 6 }))
  .map(([z, noise]) => {
    const records = { ...z.records };
    noise.forEach((text, i) => {
      if (i % 2 === 0) records[`d${i}.example.com`] = { ...records[`d${i}.example.com`], TXT: [text] };
    });
    return { version: 1 as const, records };
  });

describe("checkHost() and analyzeSpf() properties on random zones", () => {
  it("checkHost() never throws, stays within the limits and asks a bounded number of questions", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(zone, noisyZone), check, async (z, c) => {
        const r = await checkHost(c, { resolver: new FixtureResolver(z) });
        expect(SPF_RESULTS).toContain(r.result);
        // The 11th term is counted, then refused; the 3rd void lookup likewise.
        expect(r.dnsLookups).toBeLessThanOrEqual(11);
        expect(r.voidLookups).toBeLessThanOrEqual(3);
        if (r.dnsLookups > 10) expect(r.problem?.code).toBe("lookup-limit");
        if (r.voidLookups > 2) expect(r.problem?.code).toBe("void-lookup-limit");
        // At most: 11 record fetches, 10 terms with 1 + 10 MX or 10 PTR names each, PTR, exp.
        expect(r.trace.filter((s) => s.step === "dns").length).toBeLessThanOrEqual(11 + 10 * 11 + 12 + 1);
        expect(r.problem?.code).not.toBe("internal-error");
        expect(["none", "permerror", "temperror"].includes(r.result)).toBe(r.problem !== undefined);
      }),
      { numRuns: 400 },
    );
  });

  it("a warm check (SpfCache) gives the same result and the same trace as a cold one", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(zone, noisyZone),
        fc.array(check, { minLength: 1, maxLength: 4 }),
        async (z, checks) => {
          const resolver = new FixtureResolver(z);
          const cache = new SpfCache();
          // DNS steps appear in the order answers arrive (concurrent questions, cached answers at
          // once): compared as a set. Every other step, in order.
          const strip = (r: SpfCheckResult) => ({
            ...r,
            trace: r.trace.filter((s) => s.step !== "dns"),
            dns: r.trace.flatMap((s) => (s.step === "dns" ? [JSON.stringify({ ...s, cached: undefined })] : [])).sort(),
          });
          for (const round of [1, 2]) {
            for (const c of checks) {
              const cold = await checkHost(c, { resolver, now: () => 0 });
              const warm = await checkHost(c, { resolver, cache, now: () => 0 });
              expect(strip(warm), `round ${round}`).toEqual(strip(cold));
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("analyzeSpf() never throws, and authorizes() agrees with checkHost() for every client", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(zone, noisyZone),
        fc.constantFrom("d0.example.com", "d1.example.com", "d5.example.com"),
        async (z, domain) => {
          const resolver = new FixtureResolver(z);
          const a = await analyzeSpf(domain, { resolver });
          expect(JSON.parse(JSON.stringify(a))).toEqual(a);
          for (const ip of CLIENTS) {
            const sender = `someone@${domain}`;
            const expected = await checkHost({ ip, sender }, { resolver });
            const got = await authorizes(a, ip, sender, { resolver });
            expect({
              result: got.result,
              lookups: got.dnsLookups,
              voids: got.voidLookups,
              matched: got.matched,
              code: got.problem?.code,
            }).toEqual({
              result: expected.result,
              lookups: expected.dnsLookups,
              voids: expected.voidLookups,
              matched: expected.matched,
              code: expected.problem?.code,
            });
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it("a hostile tree (every name includes ten others) stays bounded", async () => {
    const records: DnsFixture["records"] = {};
    for (let i = 0; i < 50; i++)
      records[`n${i}.example`] = {
        TXT: [
          `v=spf1 ${Array.from({ length: 10 }, (_, j) => `include:n${(i * 10 + j + 1) % 50}.example`).join(" ")} -all`,
        ],
      };
    const resolver = new FixtureResolver({ version: 1, records });
    const r = await checkHost({ ip: "192.0.2.1", sender: "x@n0.example" }, { resolver });
    expect(r.result).toBe("permerror");
    expect(r.problem?.code).toBe("lookup-limit");
    const a = await analyzeSpf("n0.example", { resolver, maxRecords: 300 });
    expect(a.lookups.exceeded).toBe(true);
    expect(a.findings.some((f) => f.code === "not-expanded")).toBe(true);
    expect(a.dns.length).toBeLessThanOrEqual(2000);
  });
});
