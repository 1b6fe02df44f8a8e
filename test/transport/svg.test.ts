import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bimiDmarcRequirement, checkSvgTinyPs } from "../../src/transport/index.ts";
import { BAD_SVG, GOOD_SVG } from "./https-server.ts";

const svg = (attrs: string, body: string) =>
  `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" ${attrs}>${body}</svg>`;
const OK_ATTRS = 'version="1.2" baseProfile="tiny-ps" viewBox="0 0 10 10"';

describe("checkSvgTinyPs", () => {
  it("accepts a conforming logo and reads its root and title", () => {
    const r = checkSvgTinyPs(GOOD_SVG);
    expect(r).toMatchObject({
      valid: true,
      title: "Contoso",
      root: { name: "svg", version: "1.2", baseProfile: "tiny-ps" },
      diagnostics: [],
    });
  });

  const table: Array<[string, string, string]> = [
    ["version 1.1", svg('version="1.1" baseProfile="tiny-ps"', "<title>C</title>"), "svg-version"],
    ["no baseProfile", svg('version="1.2"', "<title>C</title>"), "svg-base-profile"],
    ["x on the root", svg(`${OK_ATTRS} x="0"`, "<title>C</title>"), "svg-root-position"],
    ["no title", svg(OK_ATTRS, "<rect/>"), "svg-title-missing"],
    ["empty title", svg(OK_ATTRS, "<title> </title>"), "svg-title-empty"],
    ["script", svg(OK_ATTRS, "<title>C</title><script>x()</script>"), "svg-forbidden-element"],
    ["animate", svg(OK_ATTRS, "<title>C</title><rect><animate attributeName='x'/></rect>"), "svg-forbidden-element"],
    ["set", svg(OK_ATTRS, "<title>C</title><set attributeName='x' to='1'/>"), "svg-forbidden-element"],
    [
      "external xlink:href",
      svg(OK_ATTRS, "<title>C</title><use xlink:href='https://x.example/a.svg#b'/>"),
      "svg-external-reference",
    ],
    ["external href", svg(OK_ATTRS, "<title>C</title><use href='other.svg#b'/>"), "svg-external-reference"],
    ["event handler", svg(OK_ATTRS, "<title>C</title><rect onclick='x()'/>"), "svg-event-handler"],
    ["not SVG", "<html><title>C</title></html>", "svg-root"],
    ["not XML", "<svg><title>C</svg>", "svg-not-xml"],
    [
      "entity bomb",
      `<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>${svg(OK_ATTRS, "<title>&b;</title>")}`,
      "svg-doctype-entities",
    ],
    [
      "external entity",
      `<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>${svg(OK_ATTRS, "<title>&x;</title>")}`,
      "svg-not-xml",
    ],
    ["over 32 KB", `${GOOD_SVG}<!--${"x".repeat(33_000)}-->`, "svg-too-large"],
  ];
  it.each(table)("%s → %s", (_name, text, code) => {
    const r = checkSvgTinyPs(text);
    expect(r.valid).toBe(false);
    expect(r.diagnostics.map((d) => d.code)).toContain(code);
  });

  it("never expands entities: the title of an entity bomb stays unread", () => {
    const r = checkSvgTinyPs(`<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa">]>${svg(OK_ATTRS, "<title>&a;</title>")}`);
    expect(r.title ?? "").not.toContain("aaaaaaaaaa");
  });

  it("flags every problem of a hostile logo with its line", () => {
    const r = checkSvgTinyPs(BAD_SVG);
    expect(r.diagnostics.map((d) => [d.code, d.line])).toEqual(
      expect.arrayContaining([
        ["svg-version", 1],
        ["svg-root-position", 1],
        ["svg-forbidden-element", 2],
        ["svg-external-reference", 3],
      ]),
    );
  });

  it("never throws for random or truncated input", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.nat(GOOD_SVG.length), (text, cut) => {
        for (const t of [text, GOOD_SVG.slice(0, cut), `${GOOD_SVG.slice(0, cut)}${text}`])
          expect(typeof checkSvgTinyPs(t).valid).toBe("boolean");
      }),
    );
  });
});

describe("bimiDmarcRequirement (BIMI draft §7.1)", () => {
  const table: Array<[string, Parameters<typeof bimiDmarcRequirement>[0], string]> = [
    ["reject", { p: "reject" }, "ok"],
    ["quarantine pct=100", { p: "quarantine", pct: 100 }, "ok"],
    ["quarantine pct=50", { p: "quarantine", pct: 50 }, "insufficient"],
    ["none", { p: "none" }, "insufficient"],
    ["reject with sp=none", { p: "reject", sp: "none" }, "insufficient"],
    [
      "a discovery result at enforcement",
      { status: "found", policyDomain: "example.com", record: { record: { p: "reject", sp: "reject", pct: 100 } } },
      "ok",
    ],
    ["a discovery result with no record", { status: "none" }, "missing"],
    ["an invalid record", { status: "invalid" }, "missing"],
    ["a DNS failure", { status: "temperror" }, "unknown"],
    ["nothing given", undefined, "unknown"],
  ];
  it.each(table)("%s → %s", (_name, input, status) => {
    expect(bimiDmarcRequirement(input).status).toBe(status);
  });
});
