/**
 * The OpenSPF suites through checkHost() with FixtureResolver: RFC 7208 (all 203 must pass, with
 * their explanations), and RFC 4408 (each case whose RFC 7208 answer is not 4408's preferred one
 * is listed below with the RFC 7208 section that changed it).
 */
import { describe, expect, it } from "vitest";
import { FixtureResolver } from "../../src/dns/fixture/resolver.ts";
import { checkHost } from "../../src/spf/check-host.ts";
import type { SpfCheckResult } from "../../src/spf/types.ts";
import { loadSuite, type SuiteTest } from "./suite.ts";

const resolvers = new WeakMap<object, FixtureResolver>();

async function run(test: SuiteTest): Promise<SpfCheckResult> {
  let resolver = resolvers.get(test.fixture);
  if (resolver === undefined) {
    resolver = new FixtureResolver(test.fixture);
    resolvers.set(test.fixture, resolver);
  }
  // PROVENANCE.md: drivers set the default explanation to the literal "DEFAULT".
  return checkHost(
    { ip: test.host, sender: test.mailfrom, helo: test.helo },
    { resolver, defaultExplanation: "DEFAULT" },
  );
}

describe("RFC 7208 test suite (rfc7208-tests.yml)", () => {
  const tests = loadSuite("rfc7208-tests.yml");

  it("has the 203 tests of PROVENANCE.md", () => {
    expect(tests).toHaveLength(203);
    expect(tests.filter((t) => t.results.length > 1)).toHaveLength(6);
    expect(tests.filter((t) => t.explanation !== undefined)).toHaveLength(22);
  });

  for (const test of tests) {
    it(`${test.scenario} / ${test.name} (${test.spec})`, async () => {
      const r = await run(test);
      expect(test.results, `${r.problem?.message ?? ""}`).toContain(r.result);
      if (test.explanation !== undefined) expect(r.explanation).toBe(test.explanation);
      // The limits hold on every test.
      expect(r.dnsLookups).toBeLessThanOrEqual(11);
      expect(r.voidLookups).toBeLessThanOrEqual(3);
    });
  }

  it("gives the preferred (first) result for every test with several acceptable results", async () => {
    const multi = tests.filter((t) => t.results.length > 1);
    const preferred: string[] = [];
    for (const t of multi) if ((await run(t)).result === t.results[0]) preferred.push(t.name);
    // 6 of 6: invalid-domain-empty-label, invalid-domain-long, invalid-domain-long-via-macro,
    // multispf1, p-macro-multiple, ptr-limit.
    expect(preferred.sort()).toEqual(multi.map((t) => t.name).sort());
    expect(preferred).toHaveLength(6);
  });
});

/**
 * RFC 4408 cases where our RFC 7208 result is not the 4408 suite's preferred result, with the
 * RFC 7208 section that changed the answer. (Every one of our results is still among the results
 * the 4408 suite accepts.)
 */
const CHANGED_SINCE_4408: Record<string, { rfc4408: string; rfc7208: string; section: string }> = {
  spfonly: {
    rfc4408: "fail",
    rfc7208: "none",
    section: "RFC 7208 §3.1, §4.4: SPF records are published and looked up as TXT only; type 99 is no longer queried",
  },
  txttimeout: {
    rfc4408: "fail",
    rfc7208: "temperror",
    section: "RFC 7208 §4.4: only the TXT lookup is made, and its timeout is temperror",
  },
  spfoverride: {
    rfc4408: "pass",
    rfc7208: "fail",
    section: "RFC 7208 §4.4, §14.1: the type 99 record no longer overrides TXT",
  },
  multitxt1: {
    rfc4408: "pass",
    rfc7208: "permerror",
    section: "RFC 7208 §4.5: two TXT SPF records are permerror; the type 99 record is not consulted",
  },
  multispf2: {
    rfc4408: "permerror",
    rfc7208: "pass",
    section: "RFC 7208 §4.4: duplicate type 99 records are ignored, the single TXT record is used",
  },
  "invalid-domain-empty-label": {
    rfc4408: "permerror",
    rfc7208: "fail",
    section:
      "RFC 7208 §4.3, §4.8: a malformed target-name is treated as non-existent (the 7208 suite's preference; the RFC leaves it undefined)",
  },
  "invalid-domain-long": {
    rfc4408: "permerror",
    rfc7208: "fail",
    section: "RFC 7208 §4.3, §4.8: a malformed target-name is treated as non-existent (the 7208 suite's preference)",
  },
  "invalid-domain-long-via-macro": {
    rfc4408: "permerror",
    rfc7208: "fail",
    section: "RFC 7208 §4.3, §4.8, §7.3: a malformed target-name from macro expansion is treated as non-existent",
  },
  "exists-dnserr": {
    rfc4408: "fail",
    rfc7208: "temperror",
    section: "RFC 7208 §5: a DNS error or timeout in a mechanism's lookup makes check_host() return temperror",
  },
  "mx-limit": {
    rfc4408: "neutral",
    rfc7208: "permerror",
    section: "RFC 7208 §4.6.4: more than 10 MX records makes the mx mechanism permerror",
  },
};

describe("RFC 4408 test suite (rfc4408-tests.yml) under RFC 7208 rules", () => {
  const tests = loadSuite("rfc4408-tests.yml");

  it("has the 191 tests of PROVENANCE.md", () => {
    expect(tests).toHaveLength(191);
  });

  it("differs from the 4408 preferred result exactly in the documented cases", async () => {
    const differences: Record<string, { rfc4408: string; rfc7208: string }> = {};
    for (const test of tests) {
      const r = await run(test);
      expect(test.results, `${test.name}: ${r.result} is not acceptable under RFC 4408 either`).toContain(r.result);
      if (test.explanation !== undefined && r.result === "fail")
        expect(r.explanation, test.name).toBe(test.explanation);
      if (r.result !== test.results[0])
        differences[test.name] = { rfc4408: test.results[0] as string, rfc7208: r.result };
    }
    const documented = Object.fromEntries(
      Object.entries(CHANGED_SINCE_4408).map(([k, v]) => [k, { rfc4408: v.rfc4408, rfc7208: v.rfc7208 }]),
    );
    expect(differences).toEqual(documented);
  });
});
