/**
 * Identifier Alignment (src/dmarc/align.ts), the one implementation the evaluation, the audit's
 * path verdicts and isAligned share: the decision, its reason, when Organizational Domains are
 * asked (only for relaxed alignment of different names) and what an unknown one gives.
 */
import { describe, expect, it } from "vitest";
import { alignIdentifier, alignmentMode, isAligned } from "../../src/dmarc/align.ts";
import type { OrgLookup } from "../../src/dmarc/org-domain.ts";

/** An orgOf that records what it was asked; the Organizational Domain is the last two labels. */
function recording(answers: Record<string, OrgLookup> = {}) {
  const asked: string[] = [];
  const orgOf = (d: string): OrgLookup => {
    asked.push(d);
    return answers[d] ?? { org: d.split(".").slice(-2).join(".") };
  };
  return { asked, orgOf };
}

describe("alignmentMode", () => {
  it.each([
    ["s", "strict"],
    ["strict", "strict"],
    ["r", "relaxed"],
    ["relaxed", "relaxed"],
  ] as const)("%s is %s", (flag, mode) => {
    expect(alignmentMode(flag)).toBe(mode);
  });
});

describe("alignIdentifier", () => {
  it("the same name aligns in both modes, without asking for Organizational Domains", async () => {
    for (const mode of ["s", "r"] as const) {
      const { asked, orgOf } = recording();
      const a = await alignIdentifier("example.com", "example.com", mode, orgOf);
      expect(a).toEqual({ aligned: true, reason: "example.com is the From domain (strict and relaxed alignment)" });
      expect(asked).toEqual([]);
    }
  });

  it("strict: a different name never aligns, and nothing is asked (RFC 9989 §3.2.10.2)", async () => {
    const { asked, orgOf } = recording();
    const a = await alignIdentifier("mail.example.com", "example.com", "strict", orgOf);
    expect(a).toEqual({ aligned: false, reason: "strict alignment needs mail.example.com to be example.com" });
    expect(asked).toEqual([]);
  });

  it("relaxed: the same Organizational Domain aligns, and says which (RFC 9989 §3.2.10.1)", async () => {
    const { asked, orgOf } = recording();
    const a = await alignIdentifier("mail.example.com", "news.example.com", "r", orgOf);
    expect(a).toEqual({
      aligned: true,
      orgDomain: "example.com",
      reason: "relaxed: mail.example.com and news.example.com share the Organizational Domain example.com",
    });
    expect(asked.sort()).toEqual(["mail.example.com", "news.example.com"]);
  });

  it("relaxed: different Organizational Domains do not align, and the reason names both", async () => {
    const { orgOf } = recording();
    const a = await alignIdentifier("bounce.sendgrid.net", "example.com", "relaxed", orgOf);
    expect(a).toEqual({
      aligned: false,
      orgDomain: "sendgrid.net",
      reason: "relaxed: bounce.sendgrid.net has Organizational Domain sendgrid.net, example.com has example.com",
    });
  });

  it("relaxed: an Organizational Domain a DNS failure left unknown makes the alignment unknown, with the cause", async () => {
    const own = recording({ "mail.example.com": { temp: "SERVFAIL for _dmarc.mail.example.com" } });
    expect(await alignIdentifier("mail.example.com", "example.com", "r", own.orgOf)).toEqual({
      aligned: "unknown",
      reason: "Organizational Domain unknown: SERVFAIL for _dmarc.mail.example.com",
    });
    const from = recording({ "example.com": { temp: "timeout for _dmarc.example.com" } });
    expect(await alignIdentifier("mail.example.com", "example.com", "r", from.orgOf)).toEqual({
      aligned: "unknown",
      orgDomain: "example.com",
      reason: "Organizational Domain unknown: timeout for _dmarc.example.com",
    });
  });

  it("relaxed: a name without an Organizational Domain aligns with nothing", async () => {
    const { orgOf } = recording({ "a.invalid": {} });
    const a = await alignIdentifier("a.invalid", "example.com", "r", orgOf);
    expect(a.aligned).toBe(false);
  });
});

describe("isAligned", () => {
  it.each([
    ["example.com", "EXAMPLE.com.", "s", true],
    ["mail.example.com", "example.com", "s", false],
    ["mail.example.com", "example.com", "r", true],
    ["mail.example.co.uk", "example.co.uk", "r", true],
    ["example.co.uk", "other.co.uk", "r", false],
    ["not a domain", "example.com", "r", false],
    ["example.com", "not a domain", "r", false],
    ["example.com", "example..com", "r", false],
  ] as const)("%s and %s, %s: %s", (a, b, mode, aligned) => {
    expect(isAligned(a, b, mode)).toBe(aligned);
  });

  it("uses the given Organizational Domains; none known means not aligned", () => {
    expect(isAligned("a.one.example", "b.one.example", "r", () => "one.example")).toBe(true);
    expect(isAligned("a.one.example", "b.one.example", "r", () => undefined)).toBe(false);
  });
});
