import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  dashDomain,
  domainValues,
  expandTemplate,
  matchesTemplate,
  normalizeTemplate,
  templateMatcher,
  templatePlaceholders,
} from "../../src/providers/template.ts";

describe("expandTemplate", () => {
  it.each([
    ["spf.protection.outlook.com", {}, "spf.protection.outlook.com"],
    ["{region}._netblocks.mimecast.com", { region: "eu" }, "eu._netblocks.mimecast.com"],
    [
      "selector1-{domainDashed}._domainkey.{tenant}.onmicrosoft.com",
      { domainDashed: "contoso-com", tenant: "contoso" },
      "selector1-contoso-com._domainkey.contoso.onmicrosoft.com",
    ],
    ["{token}.dkim.amazonses.com", { region: "eu-west-1" }, "{token}.dkim.amazonses.com"],
    ["{a}{a}-{b}", { a: "x", b: undefined }, "xx-{b}"],
    ["{toString}.{constructor}", {}, "{toString}.{constructor}"],
    ["not {a placeholder} or {1x}", { a: "y" }, "not {a placeholder} or {1x}"],
  ])("%s with %o → %s", (template, values, expected) => {
    expect(expandTemplate(template, values)).toBe(expected);
  });

  it("lists placeholders once, in order", () => {
    expect(templatePlaceholders("selector{n}-{domainDashed}._domainkey.{tenant}.{n}")).toEqual([
      "n",
      "domainDashed",
      "tenant",
    ]);
    expect(templatePlaceholders("plain.example")).toEqual([]);
  });

  it("derives the From domain values", () => {
    expect(domainValues("News.Contoso.Example.")).toEqual({
      domain: "news.contoso.example",
      domainDashed: "news-contoso-example",
    });
    expect(dashDomain("a.b.c")).toBe("a-b-c");
  });

  it("normalises names but not placeholder names", () => {
    expect(normalizeTemplate("Selector1-{domainLabel}.Example.")).toBe("selector1-{domainLabel}.example");
  });
});

const LEGACY = "selector1-{domainDashed}._domainkey.{tenant}.onmicrosoft.com";
const NEW_2025 = "selector1-{domainDashed}._domainkey.{tenant}.{partition}.dkim.mail.microsoft";
const contoso = { domainDashed: "contoso-com", tenant: "contoso" };

describe("templateMatcher", () => {
  it.each([
    // Microsoft's two documented forms of the same selector both match.
    [LEGACY, contoso, "selector1-contoso-com._domainkey.contoso.onmicrosoft.com", {}],
    [NEW_2025, contoso, "selector1-contoso-com._domainkey.contoso.n-v1.dkim.mail.microsoft", { partition: "n-v1" }],
    [NEW_2025, contoso, "SELECTOR1-contoso-com._domainkey.Contoso.R-V1.dkim.mail.microsoft.", { partition: "r-v1" }],
    // Unknown placeholders capture what the provider assigned.
    [
      NEW_2025,
      {},
      "selector1-contoso-com._domainkey.contoso.n-v1.dkim.mail.microsoft",
      { domainDashed: "contoso-com", tenant: "contoso", partition: "n-v1" },
    ],
    [
      "s1.domainkey.u{userId}.wl{wl}.sendgrid.net",
      {},
      "s1.domainkey.u2744887.wl138.sendgrid.net",
      { userId: "2744887", wl: "138" },
    ],
    ["{token}.dkim.amazonses.com", {}, "abcdef123.dkim.amazonses.com", { token: "abcdef123" }],
  ])("%s matches %s", (template, values, name, captures) => {
    expect(templateMatcher(template, values)(name)).toEqual(captures);
  });

  it.each([
    // Another tenant, another selector, another partition layout, another domain.
    [LEGACY, contoso, "selector1-contoso-com._domainkey.fabrikam.onmicrosoft.com"],
    [LEGACY, contoso, "selector2-contoso-com._domainkey.contoso.onmicrosoft.com"],
    [NEW_2025, contoso, "selector1-contoso-com._domainkey.contoso.dkim.mail.microsoft"],
    [NEW_2025, contoso, "selector1-contoso-com._domainkey.contoso.n.v1.dkim.mail.microsoft"],
    [LEGACY, contoso, "selector1-contoso-com._domainkey.contoso.onmicrosoft.com.evil.example"],
    [LEGACY, contoso, "xselector1-contoso-com._domainkey.contoso.onmicrosoft.com"],
    // A placeholder never spans a dot, and a value is literal text.
    ["{token}.dkim.amazonses.com", {}, "a.b.dkim.amazonses.com"],
    ["u{userId}.sendgrid.net", { userId: "1.2" }, "u1x2.sendgrid.net"],
    ["{a}.example", {}, ".example"],
  ])("%s does not match %s", (template, values, name) => {
    expect(templateMatcher(template, values)(name)).toBeNull();
  });

  it("requires a repeated placeholder to hold the same text", () => {
    const m = templateMatcher("{x}.{x}.example");
    expect(m("ab.AB.example")).toEqual({ x: "ab" });
    expect(m("ab.cd.example")).toBeNull();
  });

  it("treats a value that looks like a placeholder as text", () => {
    expect(matchesTemplate("{evil}.example", "{v}.example", { v: "{evil}" })).toBe(true);
    expect(matchesTemplate("anything.example", "{v}.example", { v: "{evil}" })).toBe(false);
  });

  it("matches suffixes when asked", () => {
    const m = templateMatcher("sendgrid.net", {}, { suffix: true });
    expect(m("sendgrid.net")).toEqual({});
    expect(m("u1.wl2.SendGrid.net.")).toEqual({});
    expect(m("notsendgrid.net")).toBeNull();
    expect(m("sendgrid.net.evil.example")).toBeNull();
    expect(
      templateMatcher("{region}._netblocks.mimecast.com", {}, { suffix: true })("x.eu._netblocks.mimecast.com"),
    ).toEqual({ region: "eu" });
  });

  it("rejects empty and over-long names", () => {
    const m = templateMatcher("{a}", {}, { suffix: true });
    expect(m("")).toBeNull();
    expect(m(".")).toBeNull();
    expect(m(`${"a".repeat(250)}.bcde`)).toBeNull();
  });

  it("never throws, whatever the template, values and name", () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.dictionary(fc.string(), fc.string()),
        fc.string(),
        fc.boolean(),
        (template, values, name, suffix) => {
          const matcher = templateMatcher(template, values, { suffix });
          const result = matcher(name);
          expect(result === null || typeof result === "object").toBe(true);
        },
      ),
    );
  });

  it("matches what it expands, capturing the values", () => {
    const label = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,20}$/);
    fc.assert(
      fc.property(label, label, label, (tenant, partition, dashed) => {
        const name = expandTemplate(NEW_2025, { tenant, partition, domainDashed: dashed });
        expect(templateMatcher(NEW_2025)(name.toUpperCase())).toEqual({ domainDashed: dashed, tenant, partition });
        expect(templateMatcher(NEW_2025, { tenant, domainDashed: dashed })(`${name}.`)).toEqual({ partition });
      }),
    );
  });
});
