import { describe, expect, it } from "vitest";
import { formatSpf, isSpfRecord, parseSpf } from "../../src/spf/parse.ts";
import type { SpfErrorCode } from "../../src/spf/types.ts";

describe("parseSpf: valid records", () => {
  it("reads every field of every term, with positions", () => {
    const record =
      "v=spf1 ip4:192.0.2.0/24 ip6:2001:db8::/32 -a:mail.example.com/28//64 ~mx ?ptr:example.net include:_spf.example.org exists:%{ir}.%{v}._spf.%{d2} redirect=other.example exp=explain.%{d} x-foo=%{l}bar all";
    const p = parseSpf(record);
    expect(p.errors).toEqual([]);
    expect(p.ok).toBe(true);
    expect(p.terms).toEqual([
      {
        kind: "mechanism",
        qualifier: "+",
        qualifierWritten: false,
        mechanism: "ip4",
        network: "192.0.2.0",
        cidr4: 24,
        macros: [],
        position: 7,
        text: "ip4:192.0.2.0/24",
      },
      {
        kind: "mechanism",
        qualifier: "+",
        qualifierWritten: false,
        mechanism: "ip6",
        network: "2001:db8::",
        cidr6: 32,
        macros: [],
        position: 24,
        text: "ip6:2001:db8::/32",
      },
      {
        kind: "mechanism",
        qualifier: "-",
        qualifierWritten: true,
        mechanism: "a",
        domainSpec: "mail.example.com",
        cidr4: 28,
        cidr6: 64,
        macros: [],
        position: 42,
        text: "-a:mail.example.com/28//64",
      },
      {
        kind: "mechanism",
        qualifier: "~",
        qualifierWritten: true,
        mechanism: "mx",
        macros: [],
        position: 69,
        text: "~mx",
      },
      {
        kind: "mechanism",
        qualifier: "?",
        qualifierWritten: true,
        mechanism: "ptr",
        domainSpec: "example.net",
        macros: [],
        position: 73,
        text: "?ptr:example.net",
      },
      {
        kind: "mechanism",
        qualifier: "+",
        qualifierWritten: false,
        mechanism: "include",
        domainSpec: "_spf.example.org",
        macros: [],
        position: 90,
        text: "include:_spf.example.org",
      },
      {
        kind: "mechanism",
        qualifier: "+",
        qualifierWritten: false,
        mechanism: "exists",
        domainSpec: "%{ir}.%{v}._spf.%{d2}",
        macros: ["i", "v", "d"],
        position: 115,
        text: "exists:%{ir}.%{v}._spf.%{d2}",
      },
      {
        kind: "modifier",
        name: "redirect",
        value: "other.example",
        macros: [],
        position: 144,
        text: "redirect=other.example",
      },
      { kind: "modifier", name: "exp", value: "explain.%{d}", macros: ["d"], position: 167, text: "exp=explain.%{d}" },
      { kind: "modifier", name: "x-foo", value: "%{l}bar", macros: ["l"], position: 184, text: "x-foo=%{l}bar" },
      {
        kind: "mechanism",
        qualifier: "+",
        qualifierWritten: false,
        mechanism: "all",
        macros: [],
        position: 198,
        text: "all",
      },
    ]);
    for (const t of p.terms) expect(record.slice(t.position, t.position + t.text.length)).toBe(t.text);
  });

  it.each([
    ["v=spf1", 0],
    ["v=spf1 ", 0],
    ["V=SPF1 -ALL", 1],
    ["v=spf1  a   -all  ", 2],
    ["v=spf1 a:foo:bar/baz.example.com", 1],
    ["v=spf1 a:macro%%percent%_%_space%-url-space.example.com", 1],
    ["v=spf1 a:foo.example.xn--zckzah", 1],
    ["v=spf1 a:.example.com", 1], // syntactically valid; the empty label is a DNS matter (§4.8)
    ["v=spf1 ip6:::1.1.1.1/0 ip6:::ffff:192.0.2.1 ip6:1:2:3:4:5:6:7:8/128", 3],
    ["v=spf1 a//0 a/0 mx/32//128", 3],
    ["v=spf1 exists:%{l1r+-}.%{d}", 1],
    ["v=spf1 foo= bar=%{c}%{r}%{t}", 2], // unknown modifiers: empty or any macro-string
    ["v=spf1 ptr", 1],
    ["v=spf1 a:example.com.", 1],
    ["v=spf1 include:%{d}", 1],
    ["v=spf1 a:%{d}%%", 1], // domain-end may be any macro-expand, "%%" included
  ])("accepts %j (%i terms)", (record, count) => {
    const p = parseSpf(record);
    expect(p.errors).toEqual([]);
    expect(p.terms).toHaveLength(count);
  });

  it("keeps unknown modifiers, lower-casing their names", () => {
    const p = parseSpf("v=spf1 Default=pass X.Y_z-1=%{l} -all");
    expect(p.ok).toBe(true);
    expect(p.terms.map((t) => (t.kind === "modifier" ? `${t.name}=${t.value}` : t.text))).toEqual([
      "default=pass",
      "x.y_z-1=%{l}",
      "-all",
    ]);
  });

  it("formats terms back to an equivalent record", () => {
    const p = parseSpf("v=spf1  +A:Mail.Example.com/24//64  ip6:2001:DB8::/32 -all ");
    expect(formatSpf(p.terms)).toBe("v=spf1 +a:Mail.Example.com/24//64 ip6:2001:DB8::/32 -all");
  });
});

describe("parseSpf: version detection (§4.5)", () => {
  it.each([
    ["v=spf1", true],
    ["v=spf1 -all", true],
    ["V=Spf1 -all", true],
    ["v=spf10", false],
    ["v=spf1-all", false],
    ["v=spf1\t-all", false],
    [" v=spf1 -all", false],
    ["spf2.0/pra -all", false],
    ["", false],
  ])("%j is an SPF record: %s", (text, expected) => {
    expect(isSpfRecord(text)).toBe(expected);
    if (!expected) expect(parseSpf(text).errors[0]?.code).toBe("not-spf");
  });
});

describe("parseSpf: each kind of error, with position and RFC section", () => {
  const cases: [string, SpfErrorCode, number, string][] = [
    ["v=spf1 ip4:1.2.3.4 -all moo", "unknown-mechanism", 24, "RFC 7208 §4.6.1"],
    ["v=spf1 redirect:t2.example.com", "unknown-mechanism", 7, "RFC 7208 §4.6.1"],
    ["v=spf1 moo.cow/far_out=man:dog/cat", "unknown-mechanism", 7, "RFC 7208 §4.6.1"],
    ["v=spf1 -all.", "unknown-mechanism", 7, "RFC 7208 §4.6.1"],
    ["v=spf1 1up=foo", "invalid-modifier-name", 7, "RFC 7208 §6"],
    ["v=spf1 =all", "invalid-modifier-name", 7, "RFC 7208 §6"],
    ["v=spf1 redirect=a.example redirect=b.example", "duplicate-modifier", 26, "RFC 7208 §6"],
    ["v=spf1 exp=a.example -all exp=b.example", "duplicate-modifier", 26, "RFC 7208 §6"],
    ["v=spf1 ip4:1.2.3.4/33", "invalid-cidr", 18, "RFC 7208 §5.6"],
    ["v=spf1 ip4:1.2.3.4/032", "invalid-cidr", 18, "RFC 7208 §5.6"],
    ["v=spf1 ip4:1.2.3.4//32", "invalid-cidr", 18, "RFC 7208 §5.6"],
    ["v=spf1 ip6:::1/129", "invalid-cidr", 14, "RFC 7208 §5.6"],
    ["v=spf1 a/33", "invalid-cidr", 8, "RFC 7208 §5.3"],
    ["v=spf1 mx//129", "invalid-cidr", 9, "RFC 7208 §5.4"],
    ["v=spf1 a/24/64", "invalid-cidr", 8, "RFC 7208 §5.3"],
    ["v=spf1 ip4:1.2.3", "invalid-ip4", 11, "RFC 7208 §5.6"],
    ["v=spf1 ip4:1.2.3.4:8080", "invalid-ip4", 11, "RFC 7208 §5.6"],
    ["v=spf1 ip4:01.2.3.4", "invalid-ip4", 11, "RFC 7208 §5.6"],
    ["v=spf1 ip4:example.com", "invalid-ip4", 11, "RFC 7208 §5.6"],
    ["v=spf1 ip4", "invalid-ip4", 10, "RFC 7208 §5.6"],
    ["v=spf1 ip6::CAFE::BABE", "invalid-ip6", 11, "RFC 7208 §5.6"],
    ["v=spf1 ip6:1.2.3.4", "invalid-ip6", 11, "RFC 7208 §5.6"],
    ["v=spf1 ip6:fe80::1%eth0", "invalid-ip6", 11, "RFC 7208 §5.6"],
    ["v=spf1 exists:%(ir).sbl.example.com", "invalid-macro", 14, "RFC 7208 §7.1"],
    ["v=spf1 exists:foo%.sbl.example.com", "invalid-macro", 17, "RFC 7208 §7.1"],
    ["v=spf1 a:%{a}.example.com", "invalid-macro", 9, "RFC 7208 §7.1"],
    ["v=spf1 a:%{d0}.example.com", "invalid-macro", 9, "RFC 7208 §7.1"],
    ["v=spf1 a:%{d", "invalid-macro", 9, "RFC 7208 §7.1"],
    ["v=spf1 -all foo=%abc", "invalid-macro", 16, "RFC 7208 §7.1"],
    ["v=spf1 exp=%{r}.example.com", "macro-not-allowed", 11, "RFC 7208 §7.2"],
    ["v=spf1 a:%{c}.example.com", "macro-not-allowed", 9, "RFC 7208 §7.2"],
    ["v=spf1 a:foo-bar", "invalid-domain-spec", 9, "RFC 7208 §5.3"],
    ["v=spf1 a:museum.", "invalid-domain-spec", 9, "RFC 7208 §5.3"],
    ["v=spf1 a:111.222.33.44", "invalid-domain-spec", 20, "RFC 7208 §5.3"],
    ["v=spf1 mx:example.-com", "invalid-domain-spec", 18, "RFC 7208 §5.4"],
    ["v=spf1 redirect=-all", "invalid-domain-spec", 16, "RFC 7208 §6.1"],
    ["v=spf1 exp=-all", "invalid-domain-spec", 11, "RFC 7208 §6.2"],
    ["v=spf1 include", "missing-domain-spec", 14, "RFC 7208 §5.2"],
    ["v=spf1 include:", "missing-domain-spec", 15, "RFC 7208 §5.2"],
    ["v=spf1 exists", "missing-domain-spec", 13, "RFC 7208 §5.7"],
    ["v=spf1 a:", "missing-domain-spec", 9, "RFC 7208 §5.3"],
    ["v=spf1 ?all redirect=", "missing-domain-spec", 21, "RFC 7208 §6.1"],
    ["v=spf1 exp= -all", "missing-domain-spec", 11, "RFC 7208 §6.2"],
    ["v=spf1 -all:foobar", "unexpected-argument", 11, "RFC 7208 §5.1"],
    ["v=spf1 -all/8", "unexpected-argument", 11, "RFC 7208 §5.1"],
    ["v=spf1 ptr/0", "unexpected-argument", 10, "RFC 7208 §5.5"],
    ["v=spf1 include:ip5.example.com/24", "unexpected-argument", 30, "RFC 7208 §5.2"],
    ["v=spf1 exists:mail.example.com/24", "unexpected-argument", 30, "RFC 7208 §5.7"],
    ["v=spf1 a:example.net \u0096all", "non-ascii", 21, "RFC 7208 §3.1"],
    ["v=spf1 a:\ufeffgarbage.example.net", "non-ascii", 9, "RFC 7208 §3.1"],
    ["v=spf1 a:ctrl.example.com\rptr -all", "control-character", 25, "RFC 7208 §4.6.1"],
    ["v=spf1 ip4:192.0.2.5\n include:x.example", "control-character", 20, "RFC 7208 §4.6.1"],
    ["v=spf1 a:foo.example.com\u0000", "control-character", 24, "RFC 7208 §4.6.1"],
  ];
  it.each(cases)("%j: %s at %i (%s)", (record, code, position, rfc) => {
    const p = parseSpf(record);
    expect(p.ok).toBe(false);
    expect(p.errors[0]).toMatchObject({ code, position, rfc });
    expect(p.errors[0]?.message.length).toBeGreaterThan(10);
  });

  it("reports every error of a broken record and keeps the good terms", () => {
    const p = parseSpf("v=spf1 ip4:192.0.2.0/24 ip4:1.2.3 include:_spf.example.com a:bad -all exp= x");
    expect(p.errors.map((e) => e.code)).toEqual([
      "invalid-ip4",
      "invalid-domain-spec",
      "missing-domain-spec",
      "unknown-mechanism",
    ]);
    expect(p.terms.map((t) => t.text)).toEqual(["ip4:192.0.2.0/24", "include:_spf.example.com", "-all"]);
  });

  it("never throws on a non-string", () => {
    expect(parseSpf(undefined as unknown as string).ok).toBe(false);
    expect(parseSpf(42 as unknown as string).errors[0]?.code).toBe("not-spf");
  });
});
