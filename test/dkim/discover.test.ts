import { describe, expect, it } from "vitest";
import { discoverSelectors, WILDCARD_PROBE_SELECTOR } from "../../src/dkim/discover.ts";
import { COMMON_SELECTORS, datedSelectors, PROVIDER_SELECTORS } from "../../src/dkim/selectors.ts";
import { failedAnswer } from "../../src/dns/answer.ts";
import { FixtureResolver } from "../../src/dns/fixture/resolver.ts";
import type { DnsAnswer, ResolveOptions, Resolver, RRType } from "../../src/dns/types.ts";
import { LoggingResolver, readJson } from "./helpers.ts";

const now = new Date("2026-11-23T00:00:00Z");
const zone = (latencyMs = 0) => new FixtureResolver(readJson("zones/discover.json"), { latencyMs });
const builtinCount = new Set(
  [...PROVIDER_SELECTORS, ...COMMON_SELECTORS, ...datedSelectors(now, 3)].map((c) => c.selector),
).size;

describe("discoverSelectors", () => {
  it("finds the provider and user selectors, says what CNAMEs point to, asks each name once", async () => {
    const resolver = new LoggingResolver(zone());
    const result = await discoverSelectors("Contoso.Example", {
      resolver,
      selectors: ["relay2025", "RELAY2025", "old"],
      now,
    });
    expect(result.domain).toBe("contoso.example");
    expect(result.complete).toBe(true);
    expect(result.wildcard).toBe(false);
    expect(result.domainkey.status).toBe("nodata"); // an empty non-terminal: selectors exist below it
    const found = Object.fromEntries(result.found.map((f) => [f.selector, f]));
    expect(Object.keys(found).sort()).toEqual(["2026", "google", "old", "relay2025", "s1", "selector1", "selector2"]);
    expect(found.selector1).toMatchObject({
      provider: "microsoft365",
      expectedProvider: "microsoft365",
      origins: ["builtin"],
      lookup: { status: "ok", usable: true },
    });
    expect(found.selector2).toMatchObject({ provider: "microsoft365", lookup: { status: "dangling" } });
    expect(found.s1).toMatchObject({
      provider: "sendgrid",
      expectedProvider: "sendgrid",
      lookup: { status: "ok", record: { key: { type: "ed25519" } } },
    });
    expect(found.google).toMatchObject({
      provider: null,
      expectedProvider: "google-workspace",
      lookup: { status: "ok", cname: null },
    });
    expect(found.relay2025).toMatchObject({ origins: ["user"], expectedProvider: null });
    expect(found.old?.lookup.status).toBe("revoked");
    expect(found["2026"]?.origins).toEqual(["builtin"]);
    expect(result.failed).toEqual([]);
    expect(result.notFound).toContain("default");
    const names = resolver.log.map((q) => `${q.name}/${q.type}`);
    expect(new Set(names).size).toBe(names.length);
    expect(result.queries).toBe(names.length);
    expect(names).toContain(`_domainkey.contoso.example/TXT`);
    expect(names).toContain(`${WILDCARD_PROBE_SELECTOR}._domainkey.contoso.example/TXT`);
    expect(result.queries).toBe(2 + builtinCount + 2); // probes, the built-in list, relay2025 and old
  });

  it("stops at an NXDOMAIN for _domainkey (RFC 8020): only the user's selectors are asked", async () => {
    const resolver = new LoggingResolver(zone());
    const result = await discoverSelectors("nokeys.example", { resolver, selectors: ["mine"], now });
    expect(result.domainkey.status).toBe("nxdomain");
    expect(result.complete).toBe(true);
    expect(result.found).toEqual([]);
    expect(result.notFound).toEqual(["mine"]);
    expect(result.skipped).toHaveLength(builtinCount);
    expect(resolver.log.map((q) => q.name).sort()).toEqual(
      [
        `_domainkey.nokeys.example`,
        `${WILDCARD_PROBE_SELECTOR}._domainkey.nokeys.example`,
        "mine._domainkey.nokeys.example",
      ].sort(),
    );
    expect(result.diagnostics.map((d) => d.code)).toEqual(["domainkey-nxdomain"]);
  });

  it("reports a server that answers NXDOMAIN for _domainkey although a selector exists below it", async () => {
    const inner = zone();
    const lying: Resolver = {
      resolve<T extends RRType>(name: string, type: T, options?: ResolveOptions): Promise<DnsAnswer<T>> {
        if (name === "_domainkey.contoso.example") return Promise.resolve(failedAnswer(name, type, "nxdomain"));
        return inner.resolve(name, type, options);
      },
    };
    const result = await discoverSelectors("contoso.example", { resolver: lying, selectors: ["relay2025"], now });
    expect(result.found.map((f) => f.selector)).toEqual(["relay2025"]);
    expect(result.diagnostics.map((d) => d.code)).toEqual(["domainkey-nxdomain", "nxdomain-cut-violated"]);
  });

  it("detects a wildcard under _domainkey and marks the answers it made up", async () => {
    const result = await discoverSelectors("wild.example", { resolver: zone(), now });
    expect(result.wildcard).toBe(true);
    expect(result.diagnostics.map((d) => d.code)).toEqual(["wildcard-selectors"]);
    expect(result.found.length).toBe(builtinCount);
    const real = result.found.filter((f) => !f.wildcard).map((f) => f.selector);
    expect(real).toEqual(["selector1"]);
  });

  it("keeps DNS failures apart: temperror selectors are failed, and the result is not complete", async () => {
    const result = await discoverSelectors("flaky.example", { resolver: zone(), now });
    expect(result.complete).toBe(false);
    expect(result.failed.map((f) => [f.selector, f.lookup.status])).toEqual([["selector1", "temperror"]]);
    expect(result.found.map((f) => f.selector)).toEqual(["google"]);
    expect(result.notFound).not.toContain("selector1");
  });

  it("takes catalog candidates and the catalog's providerOf", async () => {
    const result = await discoverSelectors("contoso.example", {
      resolver: zone(),
      builtin: false,
      candidates: [{ selector: "selector1", provider: "microsoft365" }, { selector: "s1" }],
      providerOf: (target) => (target.endsWith(".sendgrid.net") ? "catalog-sendgrid" : undefined),
    });
    expect(result.found.map((f) => [f.selector, f.origins, f.expectedProvider, f.provider])).toEqual([
      ["selector1", ["catalog"], "microsoft365", "microsoft365"],
      ["s1", ["catalog"], null, "catalog-sendgrid"],
    ]);
    expect(result.queries).toBe(4);
  });

  it("lists invalid user selectors instead of asking them", async () => {
    const resolver = new LoggingResolver(zone());
    const result = await discoverSelectors("contoso.example", {
      resolver,
      builtin: false,
      selectors: ["ok", "bad selector", "", "a..b", 42 as unknown as string],
    });
    expect(result.invalid.map((i) => i.selector)).toEqual(["bad selector", "", "a..b"]);
    expect(resolver.log.map((q) => q.name)).not.toContain("bad selector._domainkey.contoso.example");
    expect(result.notFound).toEqual(["ok"]);
  });

  it("bounds concurrency", async () => {
    let inFlight = 0;
    let peak = 0;
    const inner = zone(5);
    const counting: Resolver = {
      async resolve<T extends RRType>(name: string, type: T, options?: ResolveOptions): Promise<DnsAnswer<T>> {
        inFlight++;
        peak = Math.max(peak, inFlight);
        try {
          return await inner.resolve(name, type, options);
        } finally {
          inFlight--;
        }
      },
    };
    const result = await discoverSelectors("contoso.example", { resolver: counting, concurrency: 4, now });
    expect(result.complete).toBe(true);
    expect(peak).toBeLessThanOrEqual(4);
    expect(peak).toBeGreaterThan(1);
  });

  it("stops asking when aborted, and says the result is incomplete", async () => {
    const controller = new AbortController();
    const inner = zone(2);
    let asked = 0;
    const aborting: Resolver = {
      resolve<T extends RRType>(name: string, type: T, options?: ResolveOptions): Promise<DnsAnswer<T>> {
        if (++asked === 6) controller.abort();
        return inner.resolve(name, type, options);
      },
    };
    const result = await discoverSelectors("contoso.example", {
      resolver: aborting,
      signal: controller.signal,
      concurrency: 2,
      now,
    });
    expect(result.complete).toBe(false);
    expect(result.skipped.length).toBeGreaterThan(0);
    expect(result.queries).toBeLessThan(12);
  });

  it("caps the number of candidates, the user's first", async () => {
    const result = await discoverSelectors("contoso.example", {
      resolver: zone(),
      selectors: ["relay2025"],
      maxCandidates: 3,
      now,
    });
    expect(result.queries).toBe(5);
    expect(result.found.map((f) => f.selector)).toEqual(["relay2025", "selector1", "selector2"]);
    expect(result.complete).toBe(false);
    expect(result.skipped).toHaveLength(builtinCount - 2);
  });

  it("an invalid domain asks nothing", async () => {
    const resolver = new LoggingResolver(zone());
    const result = await discoverSelectors("bad domain", { resolver, now });
    expect(result.complete).toBe(false);
    expect(result.diagnostics.map((d) => d.code)).toEqual(["invalid-name"]);
    expect(resolver.log).toEqual([]);
  });

  it("dated selectors follow the clock and are bounded", () => {
    expect(datedSelectors(now, 2).map((c) => c.selector)).toEqual([
      "2026",
      "202601",
      "202607",
      "2025",
      "202501",
      "202507",
    ]);
    expect(datedSelectors(now, 100)).toHaveLength(30);
    expect(datedSelectors(now, -1)).toEqual([]);
  });

  it("every built-in selector says where it comes from", () => {
    for (const c of [...PROVIDER_SELECTORS, ...COMMON_SELECTORS]) {
      expect(c.source.length).toBeGreaterThan(5);
      expect(["C", "O", "S", "U"]).toContain(c.confidence);
      expect(c.selector).toMatch(/^[a-z0-9-]+$/);
    }
  });

  it("results are plain JSON", async () => {
    const result = await discoverSelectors("contoso.example", { resolver: zone(), now });
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  });
});
