import { describe, expect, it } from "vitest";
import { lookupDkimKey } from "../../src/dkim/lookup.ts";
import { FixtureResolver } from "../../src/dns/fixture/resolver.ts";
import type { DnsAnswer, Resolver, RRType } from "../../src/dns/types.ts";
import { LoggingResolver, readJson } from "./helpers.ts";

const zone = new FixtureResolver(readJson("zones/lookup.json"));
const lookup = (selector: string, domain = "ok.example", resolver: Resolver = zone) =>
  lookupDkimKey(selector, domain, { resolver });

describe("lookupDkimKey", () => {
  it("finds a usable key, joins split TXT strings, and gives the answer as evidence", async () => {
    const result = await lookup("s2048");
    expect(result).toMatchObject({
      selector: "s2048",
      domain: "ok.example",
      name: "s2048._domainkey.ok.example",
      status: "ok",
      usable: true,
      failure: "none",
      cname: null,
      record: { keyType: "rsa", key: { type: "rsa", bits: 2048 }, testing: false, hashAlgorithms: null },
    });
    expect(result.diagnostics).toEqual([]);
    expect(result.evidence).toEqual([
      {
        name: "s2048._domainkey.ok.example",
        type: "TXT",
        status: "ok",
        records: [result.record?.text],
        ttl: 300,
      },
    ]);
  });

  const table: [string, string, Partial<{ status: string; usable: boolean; failure: string }>, string[]][] = [
    ["1024-bit key: usable but weak", "s1024", { status: "ok", usable: true, failure: "none" }, ["rsa-key-weak"]],
    ["4096-bit key over many strings", "s4096", { status: "ok", usable: true }, []],
    [
      "512-bit key: well formed, not usable",
      "weak512",
      { status: "ok", usable: false, failure: "permerror" },
      ["rsa-key-too-short"],
    ],
    ["Ed25519", "ed", { status: "ok", usable: true }, []],
    ["bare PKCS#1 key", "pkcs1", { status: "ok", usable: true }, ["rsa-key-weak", "rsa-key-pkcs1"]],
    ["testing mode", "testing", { status: "ok", usable: true }, ["testing-mode"]],
    ["h=sha1 only", "sha1only", { status: "ok", usable: false, failure: "permerror" }, ["hash-sha1-only"]],
    ["revoked", "revoked", { status: "revoked", usable: false, failure: "permerror" }, ["key-revoked"]],
    [
      "bad version",
      "badversion",
      { status: "malformed", usable: false, failure: "permerror" },
      ["version-invalid", "rsa-key-weak"],
    ],
    [
      "truncated key",
      "truncated",
      { status: "malformed", usable: false, failure: "permerror" },
      ["tag-unknown", "key-undecodable"],
    ],
    [
      "an SPF record at the selector",
      "spf",
      { status: "not-a-key", usable: false, failure: "permerror" },
      ["not-a-key-record"],
    ],
    ["two TXT records", "multi", { status: "multiple", usable: false, failure: "permerror" }, ["multiple-records"]],
    ["NXDOMAIN", "nothere", { status: "missing", usable: false, failure: "permerror" }, ["key-not-found"]],
    ["NODATA", "aonly", { status: "missing", usable: false, failure: "permerror" }, ["key-not-found"]],
    ["SERVFAIL", "servfail", { status: "temperror", usable: false, failure: "temperror" }, ["dns-temperror"]],
    ["REFUSED", "refused", { status: "temperror", usable: false, failure: "temperror" }, ["dns-temperror"]],
    ["timeout", "slow", { status: "temperror", usable: false, failure: "temperror" }, ["dns-temperror"]],
    ["CNAME loop", "loop", { status: "temperror", usable: false, failure: "temperror" }, ["dns-temperror"]],
  ];
  it.each(table)("%s", async (_, selector, expected, codes) => {
    const result = await lookup(selector);
    expect(result).toMatchObject(expected);
    expect(result.diagnostics.map((d) => d.code)).toEqual(codes);
    expect(result.evidence).toHaveLength(1);
  });

  it("keeps the record that looks like a key when there are several TXT records", async () => {
    const result = await lookup("multi");
    expect(result.record).toMatchObject({ isKeyRecord: true, key: { bits: 2048 } });
    expect(result.evidence[0]?.records).toHaveLength(2);
  });

  it("follows a CNAME to the provider's key and names the provider", async () => {
    const result = await lookup("selector1");
    expect(result).toMatchObject({
      status: "ok",
      usable: true,
      cname: {
        chain: ["selector1-ok-example._domainkey.okexample.onmicrosoft.com"],
        target: "selector1-ok-example._domainkey.okexample.onmicrosoft.com",
        provider: "microsoft365",
      },
      record: { key: { bits: 2048 } },
    });
    expect(result.evidence[0]?.cnameChain).toEqual(["selector1-ok-example._domainkey.okexample.onmicrosoft.com"]);
  });

  it("tells a dangling CNAME (target NXDOMAIN) from a missing key", async () => {
    const result = await lookup("selector2");
    expect(result).toMatchObject({
      status: "dangling",
      failure: "permerror",
      cname: { target: "selector2-ok-example._domainkey.okexample.onmicrosoft.com", provider: "microsoft365" },
    });
    expect(result.diagnostics.map((d) => d.code)).toEqual(["cname-dangling"]);
    expect(result.evidence[0]).toMatchObject({
      status: "nxdomain",
      cnameChain: ["selector2-ok-example._domainkey.okexample.onmicrosoft.com"],
    });
  });

  it("a CNAME to a name without TXT is dangling too, with its own code", async () => {
    const result = await lookup("s1");
    expect(result).toMatchObject({ status: "dangling", cname: { provider: "sendgrid" } });
    expect(result.diagnostics.map((d) => d.code)).toEqual(["cname-target-no-key"]);
  });

  it("uses the caller's providerOf first, the built-in table as fallback", async () => {
    const mine = await lookupDkimKey("selector1", "ok.example", { resolver: zone, providerOf: () => "my-id" });
    expect(mine.cname?.provider).toBe("my-id");
    const fallback = await lookupDkimKey("selector1", "ok.example", { resolver: zone, providerOf: () => undefined });
    expect(fallback.cname?.provider).toBe("microsoft365");
    const throwing = await lookupDkimKey("selector1", "ok.example", {
      resolver: zone,
      providerOf: () => {
        throw new Error("boom");
      },
    });
    expect(throwing.cname?.provider).toBe("microsoft365");
  });

  it("asks exactly one question, in lower case A-labels", async () => {
    const logging = new LoggingResolver(zone);
    await lookupDkimKey("S2048", "OK.Example.", { resolver: logging });
    expect(logging.log).toEqual([{ name: "s2048._domainkey.ok.example", type: "TXT" }]);
    const idn = new LoggingResolver(zone);
    await lookupDkimKey("sel", "bücher.example", { resolver: idn });
    expect(idn.log).toEqual([{ name: "sel._domainkey.xn--bcher-kva.example", type: "TXT" }]);
  });

  const invalid: [string, string][] = [
    ["", "ok.example"],
    ["a..b", "ok.example"],
    ["legit", "legitimate.com(.attacker.com"],
    ["x".repeat(64), "ok.example"],
    ["sel", ""],
    ["with space", "ok.example"],
  ];
  it.each(invalid)("refuses selector %j at %j without asking", async (selector, domain) => {
    const logging = new LoggingResolver(zone);
    const result = await lookupDkimKey(selector, domain, { resolver: logging });
    expect(result).toMatchObject({ status: "invalid-name", failure: "permerror", usable: false });
    expect(result.diagnostics.map((d) => d.code)).toEqual(["invalid-name"]);
    expect(logging.log).toEqual([]);
  });

  it("warns about selectors outside the RFC 6376 letters-digits-hyphens syntax but still asks", async () => {
    const result = await lookup("under_score");
    expect(result.status).toBe("missing");
    expect(result.diagnostics.map((d) => d.code)).toEqual(["selector-syntax", "key-not-found"]);
  });

  it("a resolver that throws or returns garbage gives temperror, never a crash", async () => {
    const throwing: Resolver = {
      resolve: () => {
        throw new Error("driver exploded");
      },
    };
    const garbage = { resolve: async () => null } as unknown as Resolver;
    for (const resolver of [throwing, garbage]) {
      const result = await lookup("s2048", "ok.example", resolver);
      expect(result).toMatchObject({ status: "temperror", failure: "temperror" });
    }
  });

  it("an aborted signal gives temperror without asking", async () => {
    const logging = new LoggingResolver(zone);
    const controller = new AbortController();
    controller.abort();
    const result = await lookupDkimKey("s2048", "ok.example", { resolver: logging, signal: controller.signal });
    expect(result.status).toBe("temperror");
    expect(logging.log).toEqual([]);
  });

  it("results are plain JSON", async () => {
    for (const selector of ["s2048", "selector2", "multi", "servfail"]) {
      const result = await lookup(selector);
      expect(JSON.parse(JSON.stringify(result))).toEqual(result);
    }
  });

  it("reads TXT records as the resolver gives them: an empty string list is not a key", async () => {
    const empty: Resolver = {
      resolve: async <T extends RRType>(name: string, type: T) =>
        ({ name, type, status: "ok", records: [[]], ttl: 60, cnameChain: [] }) as unknown as DnsAnswer<T>,
    };
    const result = await lookup("x", "ok.example", empty);
    expect(result.status).toBe("not-a-key");
  });
});
