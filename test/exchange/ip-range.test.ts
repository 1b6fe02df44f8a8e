import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isWholeFamily, parseIpRange, rangeSets, setSize } from "../../src/exchange/ip-range.ts";
import { classifyRemoteRanges } from "../../src/exchange/relay.ts";

describe("parseIpRange", () => {
  it.each([
    ["192.168.1.1", 4, "192.168.1.1", "192.168.1.1", "address"],
    [" 192.168.1.1-192.168.1.254 ", 4, "192.168.1.1", "192.168.1.254", "range"],
    ["192.168.1.1/24", 4, "192.168.1.0", "192.168.1.255", "cidr"],
    ["0.0.0.0/0", 4, "0.0.0.0", "255.255.255.255", "cidr"],
    ["0.0.0.0-255.255.255.255", 4, "0.0.0.0", "255.255.255.255", "range"],
    ["192.168.1.0(255.255.255.0)", 4, "192.168.1.0", "192.168.1.255", "mask"],
    ["2001:0DB8::CD3/60", 6, "2001:db8::", "2001:db8:0:f:ffff:ffff:ffff:ffff", "cidr"],
    ["fe80::39bd:88f7:6969:d223%11", 6, "fe80::39bd:88f7:6969:d223", "fe80::39bd:88f7:6969:d223", "address"],
    ["::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", 6, "::", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "range"],
  ] as const)("%s", (text, family, first, last, form) => {
    expect(parseIpRange(text)).toEqual({ ok: true, range: { family, first, last, form, text: text.trim() } });
  });

  it.each([
    ["", "an empty range"],
    ["mail.contoso.example", "not an IP address, a range a-b or a CIDR network"],
    ["192.168.1.10-192.168.1.1", "the range ends before it starts"],
    ["192.168.1.1-::1", "the two ends of the range are of different families"],
    ["10.0.0.0/33", "the prefix length must be 0 to 32"],
    ["2001:db8::/129", "the prefix length must be 0 to 128"],
    ["10.0.0.0(255.0.255.0)", "the mask is not contiguous"],
    ["010.0.0.1", "not an IP address, a range a-b or a CIDR network"],
  ])("refuses %j: %s", (text, error) => {
    const r = parseIpRange(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toBe(`${JSON.stringify(text.trim().slice(0, 60))}: ${error}`);
  });

  it("never throws, whatever the text", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        const r = parseIpRange(text);
        expect(typeof r.ok).toBe("boolean");
      }),
    );
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9a-fA-F:./()%-]{0,60}$/), (text) => {
        expect(typeof parseIpRange(text).ok).toBe("boolean");
        expect(() => rangeSets([text, text])).not.toThrow();
      }),
    );
  });

  it("reads back any IPv4 range it formats", () => {
    fc.assert(
      fc.property(fc.ipV4(), fc.ipV4(), (a, b) => {
        const r = parseIpRange(`${a}-${b}`);
        const order = (ip: string) => ip.split(".").reduce((n, o) => n * 256 + Number(o), 0);
        if (order(a) <= order(b)) expect(r).toMatchObject({ ok: true, range: { first: a, last: b } });
        else expect(r.ok).toBe(false);
      }),
    );
  });
});

describe("rangeSets", () => {
  it("unions ranges per family and counts addresses", () => {
    const s = rangeSets(["10.0.0.0/24", "10.0.0.128-10.0.1.0", "2001:db8::/127", "junk"]);
    expect(setSize(s.v4)).toBe(257n);
    expect(setSize(s.v6)).toBe(2n);
    expect(s.invalid).toEqual([{ text: "junk", error: "not an IP address, a range a-b or a CIDR network" }]);
  });

  it("reads the single address 0.0.0.0 as every IPv4 address (Set-ReceiveConnector's example)", () => {
    expect(isWholeFamily(rangeSets(["0.0.0.0"]).v4)).toBe(true);
    expect(isWholeFamily(rangeSets(["0.0.0.1"]).v4)).toBe(false);
  });
});

describe("classifyRemoteRanges", () => {
  it.each([
    [["0.0.0.0-255.255.255.255", "::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"], ["IPv4", "IPv6"], true],
    [["::/0"], ["IPv6"], true],
    [["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"], [], false],
    [["192.0.2.0/24", "198.51.100.20"], [], false],
    [["203.0.113.0/23"], [], true],
    [["2001:db8::/64"], [], false],
    [["2001:db8::/63"], [], true],
  ])("%j", (texts, everyone, wide) => {
    const c = classifyRemoteRanges(texts);
    expect(c.everyone).toEqual(everyone);
    expect(c.widePublic.length > 0).toBe(wide);
  });

  it("lists only the public blocks, without the private networks inside them", () => {
    // 10.0.0.0/8 is private: what is left are two /24 blocks, each no wider than a few hosts.
    expect(classifyRemoteRanges(["9.255.255.0-11.0.0.255"]).widePublic).toEqual([]);
    expect(classifyRemoteRanges(["9.255.0.0-11.0.255.255"]).widePublic).toEqual(["9.255.0.0/16", "11.0.0.0/16"]);
    expect(classifyRemoteRanges(["100.64.0.0/10"]).publicAddresses).toEqual({ v4: "0", v6: "0" });
  });
});
