import { describe, expect, it } from "vitest";
import { isAligned } from "../../src/dmarc/align.ts";
import { discoverDmarc } from "../../src/dmarc/discover.ts";
import { evaluateDmarc } from "../../src/dmarc/evaluate.ts";
import { zone } from "./helpers.ts";

const records = {
  "contoso.example": { A: ["192.0.2.1"] },
  "_dmarc.contoso.example": { TXT: ["v=DMARC1; p=reject; rua=mailto:d@contoso.example"] },
  "news.contoso.example": { A: ["192.0.2.2"] },
  "strict.example": { A: ["192.0.2.3"] },
  "_dmarc.strict.example": { TXT: ["v=DMARC1; p=quarantine; adkim=s; aspf=s"] },
  "testing.example": { A: ["192.0.2.4"] },
  "_dmarc.testing.example": { TXT: ["v=DMARC1; p=reject; t=y; pct=10"] },
  "broken.example": { A: ["192.0.2.5"] },
  "_dmarc.broken.example": { TXT: ["v=DMARC1; p=maybe"] },
  "nodmarc.example": { A: ["192.0.2.6"] },
  "slow.example": { A: ["192.0.2.7"] },
  "_dmarc.slow.example": { TXT: { timeout: true } },
  "_dmarc.flaky.example": { TXT: { rcode: "SERVFAIL" } },
};

describe("evaluateDmarc", () => {
  it("passes on an aligned DKIM signature alone (relaxed: a subdomain signs for the parent)", async () => {
    const e = await evaluateDmarc(
      {
        fromDomain: "contoso.example",
        spf: { result: "pass", domain: "bounces.sendgrid.example" },
        dkim: [{ result: "pass", domain: "news.contoso.example", selector: "s1" }],
      },
      { resolver: zone(records) },
    );
    expect(e.result).toBe("pass");
    expect(e.alignedBy).toEqual(["dkim"]);
    // RFC 9989 §4.10.2: no DMARC record in its walk, so the domain is its own Organizational Domain.
    expect(e.evidence.identifiers[0]).toMatchObject({
      method: "spf",
      aligned: false,
      orgDomain: "bounces.sendgrid.example",
    });
    expect(e.evidence.identifiers[1]).toMatchObject({
      method: "dkim",
      selector: "s1",
      aligned: true,
      orgDomain: "contoso.example",
    });
    expect(e.disposition).toBeUndefined();
  });

  it("fails when nothing aligns and says what a receiver applies", async () => {
    const e = await evaluateDmarc(
      {
        fromDomain: "contoso.example",
        spf: { result: "pass", domain: "amazonses.example" },
        dkim: [{ result: "pass", domain: "amazonses.example" }],
      },
      { resolver: zone(records) },
    );
    expect(e).toMatchObject({
      result: "fail",
      alignedBy: [],
      policy: { p: "reject", source: "p", testing: false, pct: 100 },
      disposition: "reject",
    });
  });

  it("a failing SPF or DKIM result never aligns, even with the From domain", async () => {
    const e = await evaluateDmarc(
      {
        fromDomain: "contoso.example",
        spf: { result: "softfail", domain: "contoso.example" },
        dkim: [{ result: "fail", domain: "contoso.example" }],
      },
      { resolver: zone(records) },
    );
    expect(e.result).toBe("fail");
    expect(e.evidence.identifiers.every((i) => i.aligned === false)).toBe(true);
  });

  it("applies adkim=s and aspf=s: a subdomain no longer aligns", async () => {
    const e = await evaluateDmarc(
      {
        fromDomain: "strict.example",
        spf: { result: "pass", domain: "mail.strict.example" },
        dkim: [{ result: "pass", domain: "mail.strict.example" }],
      },
      { resolver: zone(records) },
    );
    expect(e.result).toBe("fail");
    expect(e.evidence.identifiers.map((i) => i.mode)).toEqual(["strict", "strict"]);
    const exact = await evaluateDmarc(
      { fromDomain: "strict.example", dkim: [{ result: "pass", domain: "STRICT.example." }] },
      { resolver: zone(records) },
    );
    expect(exact.result).toBe("pass");
  });

  it("t=y lowers the disposition one level (RFC 9989 §4.7); RFC 7489 reports pct instead", async () => {
    const input = { fromDomain: "testing.example", spf: { result: "fail", domain: "testing.example" } };
    const e = await evaluateDmarc(input, { resolver: zone(records) });
    expect(e).toMatchObject({
      result: "fail",
      disposition: "quarantine",
      policy: { p: "reject", testing: true, pct: 100 },
    });
    const old = await evaluateDmarc(input, { resolver: zone(records), method: "rfc7489" });
    expect(old).toMatchObject({
      result: "fail",
      disposition: "reject",
      policy: { p: "reject", testing: false, pct: 10 },
    });
  });

  it("none without a record, permerror for an unusable one, temperror on DNS failure", async () => {
    const r = zone(records);
    expect(
      (
        await evaluateDmarc(
          { fromDomain: "nodmarc.example", dkim: [{ result: "pass", domain: "nodmarc.example" }] },
          { resolver: r },
        )
      ).result,
    ).toBe("none");
    const bad = await evaluateDmarc({ fromDomain: "broken.example" }, { resolver: r });
    expect(bad.result).toBe("permerror");
    expect(bad.record?.text).toBe("v=DMARC1; p=maybe");
    expect(
      (
        await evaluateDmarc(
          { fromDomain: "slow.example", dkim: [{ result: "pass", domain: "slow.example" }] },
          { resolver: r },
        )
      ).result,
    ).toBe("temperror");
  });

  it("temperror when only an identifier whose Organizational Domain is unknown could align; pass when another aligns", async () => {
    const input = { fromDomain: "contoso.example", dkim: [{ result: "pass", domain: "x.flaky.example" }] };
    const e = await evaluateDmarc(input, { resolver: zone(records) });
    expect(e.result).toBe("temperror");
    expect(e.evidence.identifiers[0]?.aligned).toBe("unknown");
    const ok = await evaluateDmarc(
      { ...input, spf: { result: "pass", domain: "contoso.example" } },
      { resolver: zone(records) },
    );
    expect(ok).toMatchObject({ result: "pass", alignedBy: ["spf"] });
  });

  it("reuses a discovery, asking nothing more for identifiers equal to the From domain", async () => {
    const r = zone(records);
    const discovery = await discoverDmarc("contoso.example", { resolver: r });
    const asked = r.questions;
    const e = await evaluateDmarc(
      { fromDomain: "contoso.example", dkim: [{ result: "pass", domain: "contoso.example" }] },
      { resolver: r, discovery },
    );
    expect(e.result).toBe("pass");
    expect(r.questions).toBe(asked);
  });
});

describe("isAligned", () => {
  it("relaxed: same Organizational Domain (PSL); strict: same name", () => {
    expect(isAligned("mail.example.co.uk", "example.co.uk", "relaxed")).toBe(true);
    expect(isAligned("mail.example.co.uk", "other.co.uk", "r")).toBe(false);
    expect(isAligned("mail.example.com", "example.com", "strict")).toBe(false);
    expect(isAligned("Example.COM.", "example.com", "s")).toBe(true);
    expect(isAligned("bücher.example", "xn--bcher-kva.example", "strict")).toBe(true);
    expect(isAligned("", "", "strict")).toBe(false);
  });

  it("takes another Organizational Domain function (e.g. an RFC 9989 tree walk's answers)", () => {
    const org = (d: string) => (d.endsWith("dept.example.com") ? "dept.example.com" : "example.com");
    expect(isAligned("x.dept.example.com", "example.com", "relaxed", org)).toBe(false);
    expect(isAligned("x.dept.example.com", "y.dept.example.com", "relaxed", org)).toBe(true);
  });
});
