import { describe, expect, it } from "vitest";
import { FixtureResolver } from "../../src/dns/fixture/resolver.ts";
import type { DnsAnswer, ResolveOptions, Resolver, RRType } from "../../src/dns/types.ts";
import { answerAuthenticated, checkDane, checkTlsRpt } from "../../src/transport/index.ts";

const H1 = "1".repeat(64);
const H2 = "2".repeat(64);

const fixture = new FixtureResolver({
  version: 1,
  records: {
    // Signed zone: TLSA 3 1 1 on both MX hosts.
    "signed.example": {
      MX: [
        { preference: 10, exchange: "mx1.signed.example" },
        { preference: 20, exchange: "mx2.signed.example" },
      ],
    },
    "_25._tcp.mx1.signed.example": { TLSA: [`3 1 1 ${H1}`] },
    "_25._tcp.mx2.signed.example": { TLSA: [`2 1 1 ${H2}`, `1 1 1 ${H2}`] },
    // Unsigned zone with TLSA records.
    "unsigned.example": { MX: [{ preference: 10, exchange: "mx.unsigned.example" }] },
    "_25._tcp.mx.unsigned.example": { TLSA: [`3 1 1 ${H1}`] },
    // Only PKIX usages.
    "pkix.example": { MX: [{ preference: 10, exchange: "mx.pkix.example" }] },
    "_25._tcp.mx.pkix.example": { TLSA: [`1 1 1 ${H1}`, `0 0 1 ${H2}`] },
    // One MX with TLSA, one without.
    "partial.example": {
      MX: [
        { preference: 10, exchange: "mx1.partial.example" },
        { preference: 20, exchange: "mx2.partial.example" },
      ],
    },
    "_25._tcp.mx1.partial.example": { TLSA: [`3 1 1 ${H1}`] },
    // A TLSA lookup that fails (bogus DNSSEC gives SERVFAIL from a validating resolver).
    "bogus.example": { MX: [{ preference: 10, exchange: "mx.bogus.example" }] },
    "_25._tcp.mx.bogus.example": { TLSA: { rcode: "SERVFAIL" } },
    // No TLSA anywhere.
    "plain.example": { MX: [{ preference: 10, exchange: "mx.plain.example" }] },
    "mx.plain.example": { A: ["192.0.2.1"] },
    // MX lookup times out.
    "mxfail.example": { MX: { timeout: true } },
    // TLS-RPT
    "_smtp._tls.signed.example": { TXT: ["v=TLSRPTv1; rua=mailto:tlsrpt@signed.example"] },
    "_smtp._tls.two.example": { TXT: ["v=TLSRPTv1; rua=mailto:a@two.example", "v=TLSRPTv1; rua=mailto:b@two.example"] },
    "_smtp._tls.bad.example": { TXT: ["v=TLSRPTv1; rua=http://reports.bad.example/"] },
    "_smtp._tls.slow.example": { TXT: { timeout: true } },
    "_smtp._tls.other.example": { TXT: ["google-site-verification=abc"] },
    "_smtp._tls.near.example": { TXT: ["v=TLSRPTv1 rua=mailto:a@near.example"] },
  },
});

/** Adds the AD bit as a validating resolver would report it: names under `signed.example` etc. are secure. */
function adResolver(inner: Resolver, secure: (name: string) => boolean | undefined): Resolver {
  return {
    async resolve<T extends RRType>(name: string, type: T, options?: ResolveOptions): Promise<DnsAnswer<T>> {
      const answer = await inner.resolve(name, type, options);
      const ad = secure(answer.name);
      // `authenticated` is being added to DnsAnswer on another branch; set it the way a driver will.
      return ad === undefined ? answer : Object.assign({ ...answer }, { authenticated: ad });
    },
  };
}
const validating = adResolver(fixture, (name) => !name.endsWith("unsigned.example"));

describe("answerAuthenticated", () => {
  it("reads the AD bit when the resolver sets it and says 'not known' otherwise", async () => {
    expect(answerAuthenticated(await validating.resolve("_25._tcp.mx1.signed.example", "TLSA"))).toBe(true);
    expect(answerAuthenticated(await validating.resolve("_25._tcp.mx.unsigned.example", "TLSA"))).toBe(false);
    expect(answerAuthenticated(await fixture.resolve("_25._tcp.mx1.signed.example", "TLSA"))).toBeUndefined();
  });
});

describe("checkDane (RFC 7672)", () => {
  const table: Array<[string, Resolver, string, Record<string, string>]> = [
    ["signed.example", validating, "valid", { "mx1.signed.example": "usable", "mx2.signed.example": "usable" }],
    ["unsigned.example", validating, "unsigned", { "mx.unsigned.example": "unsigned" }],
    ["signed.example", fixture, "unverified", { "mx1.signed.example": "unverified" }],
    ["pkix.example", validating, "invalid", { "mx.pkix.example": "unusable" }],
    ["partial.example", validating, "valid", { "mx1.partial.example": "usable", "mx2.partial.example": "none" }],
    ["bogus.example", validating, "unknown", { "mx.bogus.example": "unknown" }],
    ["plain.example", validating, "absent", { "mx.plain.example": "none" }],
    ["mxfail.example", validating, "unknown", {}],
  ];
  it.each(table)("%s → %s", async (domain, resolver, status, hosts) => {
    const r = await checkDane(domain, { resolver });
    expect(r.status).toBe(status);
    for (const [host, hostStatus] of Object.entries(hosts))
      expect(r.hosts.find((h) => h.host === host)?.status, host).toBe(hostStatus);
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });

  it("keeps the records, the AD bit and the diagnostics as evidence", async () => {
    const r = await checkDane("signed.example", { resolver: validating });
    const mx2 = r.hosts.find((h) => h.host === "mx2.signed.example");
    expect(mx2).toMatchObject({ name: "_25._tcp.mx2.signed.example", authenticated: true, usableRecords: 1 });
    // The PKIX-EE record beside a usable one is a warning, not an error.
    expect(mx2?.diagnostics).toEqual([expect.objectContaining({ code: "dane-tlsa-usage-pkix", severity: "warning" })]);
    expect(r.protectedHosts).toEqual(["mx1.signed.example", "mx2.signed.example"]);
    const unsigned = await checkDane("unsigned.example", { resolver: validating });
    expect(unsigned.diagnostics.map((d) => d.code)).toContain("dane-unsigned");
    const partial = await checkDane("partial.example", { resolver: validating });
    expect(partial.unprotectedHosts).toEqual(["mx2.partial.example"]);
    expect(partial.diagnostics.map((d) => d.code)).toContain("dane-host-without-tlsa");
  });

  it("checks the hosts it is given without an MX lookup", async () => {
    const r = await checkDane("anything.example", { resolver: validating, mxHosts: ["MX1.signed.example."] });
    expect(r.mx.status).toBe("given");
    expect(r.hosts.map((h) => h.name)).toEqual(["_25._tcp.mx1.signed.example"]);
  });
});

describe("checkTlsRpt (RFC 8460)", () => {
  const table: Array<[string, string, string?]> = [
    ["signed.example", "valid"],
    ["two.example", "multiple", "tls-rpt-multiple"],
    ["bad.example", "invalid", "tls-rpt-uri-scheme"],
    ["slow.example", "unknown", "tls-rpt-unknown"],
    ["other.example", "absent"],
    ["nothing.example", "absent"],
    ["near.example", "invalid", "tls-rpt-discarded"],
  ];
  it.each(table)("%s → %s", async (domain, status, code) => {
    const r = await checkTlsRpt(domain, { resolver: fixture });
    expect(r.status).toBe(status);
    if (code) expect(r.diagnostics.map((d) => d.code)).toContain(code);
    else expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  });

  it("keeps the destinations", async () => {
    const r = await checkTlsRpt("signed.example", { resolver: fixture });
    expect(r.parse?.rua.map((u) => u.target)).toEqual(["tlsrpt@signed.example"]);
    expect(r.dns).toMatchObject({ name: "_smtp._tls.signed.example", status: "ok" });
  });
});
