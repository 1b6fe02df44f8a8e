import { describe, expect, it } from "vitest";
import { checkDomainName, parseDomainsFile } from "../../src/cli/inputs.ts";

describe("domain names", () => {
  it.each([
    ["example.com", "example.com"],
    ["  Example.COM. ", "example.com"],
    ["bücher.example", "xn--bcher-kva.example"],
    ["_dmarc.example.com", "_dmarc.example.com"],
  ])("accepts %j as %s", (text, name) => {
    expect(checkDomainName(text)).toEqual({ name });
  });
  it.each([
    ["", "empty name"],
    ["192.0.2.1", "an IP address, not a domain name"],
    ["2001:db8::1", "an IP address, not a domain name"],
    ["a b.example", "not a domain name"],
    ["a..example", "empty label (RFC 1035 §3.1)"],
    [`${"a".repeat(64)}.example`, "label longer than 63 octets (RFC 1035 §2.3.4): aaaaaaaaaaaaaaaaaaaa..."],
    ["<script>.example", "not a domain name"],
  ])("rejects %j", (text, problem) => {
    expect(checkDomainName(text)).toEqual({ problem });
  });
});

describe("domains files", () => {
  it("skips comments and blank lines, drops duplicates, keeps line numbers and bad lines", () => {
    expect(
      parseDomainsFile("# header\r\nb.example\r\n\r\na.example # note\nB.EXAMPLE\n#x.example\n10.0.0.1\n"),
    ).toEqual([
      { domain: "b.example", line: 2 },
      { domain: "a.example", line: 4 },
      { domain: "10.0.0.1", line: 7, problem: "an IP address, not a domain name" },
    ]);
  });
});
