import { describe, expect, it } from "vitest";
import { parseIp } from "../../src/common/cidr.ts";
import { expandTokens, type MacroValues, parseMacroString, toTargetName, urlEscape } from "../../src/spf/macro.ts";

function values(ip: string, extra: Partial<MacroValues> = {}): MacroValues {
  const parsed = parseIp(ip);
  if (parsed === undefined) throw new Error(ip);
  return {
    sender: "strong-bad@email.example.com",
    local: "strong-bad",
    senderDomain: "email.example.com",
    domain: "email.example.com",
    ip: parsed,
    helo: "mx.example.org",
    receiver: "receiver.example",
    timestamp: 1_700_000_000,
    ...extra,
  };
}

function expand(text: string, v: MacroValues, explanation = false): string {
  const parsed = parseMacroString(text, explanation);
  if ("message" in parsed) throw new Error(parsed.message);
  return expandTokens(parsed.tokens, v);
}

describe("macro expansion: the examples of RFC 7208 §7.4", () => {
  const v4 = values("192.0.2.3");
  it.each([
    ["%{s}", "strong-bad@email.example.com"],
    ["%{o}", "email.example.com"],
    ["%{d}", "email.example.com"],
    ["%{d4}", "email.example.com"],
    ["%{d3}", "email.example.com"],
    ["%{d2}", "example.com"],
    ["%{d1}", "com"],
    ["%{dr}", "com.example.email"],
    ["%{d2r}", "example.email"],
    ["%{l}", "strong-bad"],
    ["%{l-}", "strong.bad"],
    ["%{lr}", "strong-bad"],
    ["%{lr-}", "bad.strong"],
    ["%{l1r-}", "strong"],
    ["%{ir}.%{v}._spf.%{d2}", "3.2.0.192.in-addr._spf.example.com"],
    ["%{lr-}.lp._spf.%{d2}", "bad.strong.lp._spf.example.com"],
    ["%{lr-}.lp.%{ir}.%{v}._spf.%{d2}", "bad.strong.lp.3.2.0.192.in-addr._spf.example.com"],
    ["%{ir}.%{v}.%{l1r-}.lp._spf.%{d2}", "3.2.0.192.in-addr.strong.lp._spf.example.com"],
    ["%{d2}.trusted-domains.example.net", "example.com.trusted-domains.example.net"],
  ])("%s -> %s", (macro, expected) => {
    expect(expand(macro, v4)).toBe(expected);
  });

  it("IPv6: %{ir}.%{v}._spf.%{d2} (nibbles in upper case, as the RFC 7208 suite and pyspf write them)", () => {
    const out = expand("%{ir}.%{v}._spf.%{d2}", values("2001:db8::cb01"));
    expect(out).toBe("1.0.B.C.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.B.D.0.1.0.0.2.ip6._spf.example.com");
    // The RFC's example, in lower case: the same DNS name (RFC 4343).
    expect(out.toLowerCase()).toBe(
      "1.0.b.c.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6._spf.example.com",
    );
  });
});

describe("macro expansion: letters, transformers, delimiters, escapes", () => {
  const v = values("192.0.2.3", {
    validatedName: "mx.example.org",
    local: "~jack&jill=up-a_b3.c",
    sender: "~jack&jill=up-a_b3.c@email.example.com",
  });
  it.each([
    ["%{h}", "mx.example.org"],
    ["%{p}", "mx.example.org"],
    ["%{v}", "in-addr"],
    ["%{i}", "192.0.2.3"],
    ["%%", "%"],
    ["%_", " "],
    ["%-", "%20"],
    ["a%%b%_c%-d", "a%b c%20d"],
    ["%{L}", "~jack%26jill%3Dup-a_b3.c"],
    ["%{l2r+-}", "a_b3.c.~jack&jill=up"],
    ["%{l=}", "~jack&jill.up-a_b3.c"],
    ["%{L=}", "~jack%26jill.up-a_b3.c"],
    ["%{d999}", "email.example.com"],
    ["%{D1}", "com"],
    ["%{IR}", "3.2.0.192"],
  ])("%s -> %s", (macro, expected) => {
    expect(expand(macro, v)).toBe(expected);
  });

  it("c, r, t only in explanation text", () => {
    const v6 = values("2001:db8::cb01");
    expect(expand("%{c} %{r} %{t}", v6, true)).toBe("2001:db8::cb01 receiver.example 1700000000");
    for (const letter of ["c", "r", "t"])
      expect(parseMacroString(`%{${letter}}`, false)).toMatchObject({ code: "macro-not-allowed" });
  });

  it("p is 'unknown' when no validated name is known", () => {
    expect(expand("%{p}", values("192.0.2.3"))).toBe("unknown");
  });

  it.each(["%", "%x", "%{", "%{x}", "%{d0}", "%{dd}", "%{d1r2}", "%{d,!}", "%(d)"])("%j is malformed", (text) => {
    expect(parseMacroString(text)).toMatchObject({ code: "invalid-macro" });
  });

  it("URL escaping: everything outside RFC 3986 unreserved, upper-case hex, UTF-8 octets", () => {
    expect(urlEscape("a-b.c_d~e")).toBe("a-b.c_d~e");
    expect(urlEscape("!*'() /?#[]@")).toBe("%21%2A%27%28%29%20%2F%3F%23%5B%5D%40");
    expect(urlEscape("é")).toBe("%C3%A9");
  });
});

describe("target names (§7.3)", () => {
  it("drops a trailing dot and lower-cases", () => {
    expect(toTargetName("Example.COM.")).toBe("example.com");
  });

  it("truncates names over 253 characters from the left, by whole labels", () => {
    const long = `${"a".repeat(60)}.${"b".repeat(60)}.${"c".repeat(60)}.${"d".repeat(60)}.${"e".repeat(20)}.example.com`;
    expect(long.length).toBeGreaterThan(253);
    const out = toTargetName(long);
    expect(out.length).toBeLessThanOrEqual(253);
    expect(out).toBe(`${"b".repeat(60)}.${"c".repeat(60)}.${"d".repeat(60)}.${"e".repeat(20)}.example.com`);
  });
});
