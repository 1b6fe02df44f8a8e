import { describe, expect, it } from "vitest";
import { discoverDmarc } from "../../src/dmarc/discover.ts";
import { parseDmarc } from "../../src/dmarc/parse.ts";
import { checkReportDestinations } from "../../src/dmarc/report-auth.ts";
import { codes, zone } from "./helpers.ts";

const record =
  "v=DMARC1; p=reject; " +
  "rua=mailto:d@contoso.example,mailto:agg@reports.contoso.example,mailto:x@vendor.example,mailto:y@wild.example,mailto:z@nobody.example,mailto:t@slow.example,mailto:q@junk.example; " +
  "ruf=mailto:f@override.example,https://reports.contoso.example/dmarc";
const records = {
  "contoso.example": { A: ["192.0.2.1"] },
  "_dmarc.contoso.example": { TXT: [record] },
  "contoso.example._report._dmarc.vendor.example": { TXT: ["v=DMARC1"] },
  // Large report processors authorise every domain with a wildcard (RFC 4592).
  "*._report._dmarc.wild.example": { TXT: ["v=DMARC1;"] },
  "_dmarc.slow.example": { TXT: { timeout: true } },
  "contoso.example._report._dmarc.slow.example": { TXT: { timeout: true } },
  "contoso.example._report._dmarc.junk.example": { TXT: ["hello", "v=spf1 -all"] },
  "contoso.example._report._dmarc.override.example": {
    TXT: ["v=DMARC1; ruf=mailto:new@override.example,mailto:elsewhere@evil.example"],
  },
};

describe("checkReportDestinations (RFC 7489 §7.1, RFC 9990 §3)", () => {
  for (const method of ["rfc9989", "rfc7489"] as const) {
    it(`classifies every destination (${method})`, async () => {
      const r = zone(records);
      const d = await discoverDmarc("contoso.example", { resolver: r, method });
      const result = await checkReportDestinations(d, { resolver: r, method });
      const byHost = Object.fromEntries(
        result.destinations.map((x) => [`${x.tag}:${x.uri.host ?? x.uri.uri}`, x.status]),
      );
      expect(byHost).toEqual({
        "rua:contoso.example": "same-organization",
        "rua:reports.contoso.example": "same-organization",
        "rua:vendor.example": "authorized",
        "rua:wild.example": "authorized",
        "rua:nobody.example": "unauthorized",
        "rua:slow.example": "temperror",
        "rua:junk.example": "unauthorized",
        "ruf:override.example": "authorized",
        "ruf:reports.contoso.example": "same-organization",
      });
      expect(result.unauthorized.map((x) => x.uri.host)).toEqual(["nobody.example", "junk.example"]);
      expect(codes(result).filter((c) => c === "dmarc-report-destination-unauthorized")).toHaveLength(2);
      expect(codes(result)).toContain("dmarc-report-destination-temperror");
      // No authorisation question for destinations inside the organisation (a common false positive elsewhere).
      const asked = r.log.map((q) => q.name).filter((n) => n.includes("._report._dmarc."));
      expect(asked.sort()).toEqual(
        ["vendor", "wild", "nobody", "slow", "junk", "override"]
          .map((h) => `contoso.example._report._dmarc.${h}.example`)
          .sort(),
      );
    });
  }

  it("keeps the evidence: the name asked and its answer; the wildcard answers the exact name", async () => {
    const r = zone(records);
    const result = await checkReportDestinations(await discoverDmarc("contoso.example", { resolver: r }), {
      resolver: r,
    });
    const wild = result.destinations.find((x) => x.uri.host === "wild.example");
    expect(wild).toMatchObject({
      queryName: "contoso.example._report._dmarc.wild.example",
      answer: { status: "ok", txt: ["v=DMARC1;"] },
    });
    const nobody = result.destinations.find((x) => x.uri.host === "nobody.example");
    expect(nobody?.answer?.status).toBe("nxdomain");
    expect(nobody?.reason).toMatch(/has not agreed/);
  });

  it("lists overriding URIs and flags one on another host (RFC 9990 §3 step 9)", async () => {
    const r = zone(records);
    const result = await checkReportDestinations(await discoverDmarc("contoso.example", { resolver: r }), {
      resolver: r,
    });
    const o = result.destinations.find((x) => x.uri.host === "override.example");
    expect(o?.overrides?.map((x) => [x.uri.address, x.allowed])).toEqual([
      ["new@override.example", true],
      ["elsewhere@evil.example", false],
    ]);
    expect(codes(result)).toContain("dmarc-report-override-host");
  });

  it("uses the policy domain: a subdomain's record reporting to the parent needs no authorisation", async () => {
    const sub = {
      "news.contoso.example": { A: ["192.0.2.2"] },
      "_dmarc.news.contoso.example": { TXT: ["v=DMARC1; p=none; rua=mailto:d@contoso.example"] },
    };
    const r = zone(sub);
    const d = await discoverDmarc("news.contoso.example", { resolver: r, method: "rfc7489" });
    const result = await checkReportDestinations(d, { resolver: r, method: "rfc7489" });
    expect(result.destinations.map((x) => x.status)).toEqual(["same-organization"]);
  });

  it("asks <policy-domain>._report._dmarc.<host>, never for the From domain when the policy comes from a parent", async () => {
    const r = zone({ "www.contoso.example": { A: ["192.0.2.3"] }, ...records });
    const d = await discoverDmarc("www.contoso.example", { resolver: r });
    expect(d.policyDomain).toBe("contoso.example");
    const result = await checkReportDestinations(d, { resolver: r });
    expect(result.destinations.find((x) => x.uri.host === "vendor.example")?.queryName).toBe(
      "contoso.example._report._dmarc.vendor.example",
    );
  });

  it("bounds the number of destinations checked, and does nothing without a record", async () => {
    const many = Array.from({ length: 15 }, (_, i) => `mailto:r${i}@h${i}.example`).join(",");
    const parsed = parseDmarc(`v=DMARC1; p=none; rua=${many}`);
    const result = await checkReportDestinations(
      { policyDomain: "contoso.example", record: parsed },
      { resolver: zone({}), maxPerTag: 4 },
    );
    expect(result.destinations).toHaveLength(4);
    expect(codes(result)).toContain("dmarc-report-destinations-truncated");
    expect((await checkReportDestinations({}, { resolver: zone({}) })).destinations).toEqual([]);
  });
});
