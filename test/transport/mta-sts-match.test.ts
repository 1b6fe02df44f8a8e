import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { matchMxHosts, mtaStsMatches } from "../../src/transport/index.ts";

describe("mtaStsMatches (RFC 8461 §4.1)", () => {
  const table: Array<[string, string, boolean]> = [
    ["mail.example.com", "mail.example.com", true],
    ["MAIL.Example.COM", "mail.example.com", true],
    ["mail.example.com.", "mail.example.com", true],
    ["mail.example.com", "*.example.com", true],
    ["example.com", "*.example.com", false],
    ["foo.mail.example.com", "*.example.com", false],
    ["mail.example.com", "*.mail.example.com", false],
    ["mailexample.com", "*.example.com", false],
    ["a.b.example.com", "*.b.example.com", true],
    ["mail.example.com", "mail.example.com.", false],
    ["mail.example.com", "*", false],
    ["mail.example.com", "*.", false],
    ["mail.example.com", "m*.example.com", false],
    ["mail.example.com", "*.*.com", false],
    ["mx1.example.com", "mx2.example.com", false],
    ["", "*.example.com", false],
    ["*.example.com", "*.example.com", false],
  ];
  it.each(table)("%s against %s → %s", (host, pattern, expected) => {
    expect(mtaStsMatches(host, pattern)).toBe(expected);
  });

  it("does not throw on values that are not strings", () => {
    expect(mtaStsMatches(undefined as unknown as string, "*.example.com")).toBe(false);
    expect(mtaStsMatches("a.example.com", 42 as unknown as string)).toBe(false);
  });

  const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,6}[a-z0-9])?$/);
  const domain = fc.array(label, { minLength: 1, maxLength: 4 }).map((l) => l.join("."));
  it("a wildcard matches exactly one more label, never zero or two", () => {
    fc.assert(
      fc.property(label, label, domain, (a, b, base) => {
        expect(mtaStsMatches(`${a}.${base}`, `*.${base}`)).toBe(true);
        expect(mtaStsMatches(base, `*.${base}`)).toBe(false);
        expect(mtaStsMatches(`${a}.${b}.${base}`, `*.${base}`)).toBe(false);
      }),
    );
  });
  it("never throws for random strings", () => {
    fc.assert(fc.property(fc.string(), fc.string(), (h, p) => typeof mtaStsMatches(h, p) === "boolean"));
  });
});

describe("matchMxHosts", () => {
  it("lists uncovered hosts and patterns that match no MX", () => {
    const r = matchMxHosts(
      ["mx1.example.com", "mx2.example.com", "backup.other.example"],
      ["mx1.example.com", "*.example.com", "mail.old.example"],
    );
    expect(r.hosts).toEqual([
      { host: "mx1.example.com", matchedBy: ["mx1.example.com", "*.example.com"] },
      { host: "mx2.example.com", matchedBy: ["*.example.com"] },
      { host: "backup.other.example", matchedBy: [] },
    ]);
    expect(r.uncovered).toEqual(["backup.other.example"]);
    expect(r.unusedPatterns).toEqual(["mail.old.example"]);
  });
});
