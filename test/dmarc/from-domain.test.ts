import { describe, expect, it } from "vitest";
import { extractFromDomain } from "../../src/dmarc/from-domain.ts";
import { codes } from "./helpers.ts";

describe("extractFromDomain (RFC 9989 §5.3.1)", () => {
  it.each([
    ["user@Example.COM", "example.com"],
    ["=?utf-8?q?J=C3=B6rg?= <jorg@bücher.example>", "xn--bcher-kva.example"],
    ["Undisclosed: ann@a.example;", "a.example"],
    ['"a@evil.example" <real@good.example>', "good.example"],
    ["(comment with <x@evil.example>) real@good.example", "good.example"],
    ["Joe\r\n <joe@folded.example>", "folded.example"],
    ["From: <a@b.example>", "b.example"],
  ])("%j -> %s", (value, domain) => {
    const r = extractFromDomain(value);
    expect(r.domain).toBe(domain);
    expect(r.domains).toEqual([domain]);
  });

  it("no address, or one in a domain literal, is a diagnostic, not a crash", () => {
    expect(codes(extractFromDomain("Joe Johnson"))).toEqual(["from-domain-missing"]);
    expect(codes(extractFromDomain("joe@[192.0.2.1]"))).toEqual(["from-domain-invalid", "from-domain-missing"]);
    expect(extractFromDomain(undefined as unknown as string).domains).toEqual([]);
  });

  it("two mailboxes in one domain are one Author Domain", () => {
    const r = extractFromDomain("a@x.example, b@X.example");
    expect(r.domains).toEqual(["x.example"]);
    expect(codes(r)).toEqual([]);
  });
});
