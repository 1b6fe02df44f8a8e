import { isIP } from "node:net";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  cidrContains,
  formatCidr,
  formatIPv6,
  ipv4FromMapped,
  parseCidr,
  parseIPv4,
  parseIPv6,
  parseIp,
} from "../../src/common/cidr.ts";
import {
  difference,
  fullSet,
  intersection,
  mergeCidrs,
  setContains,
  setFromCidrs,
  setToCidrs,
  setToStrings,
  union,
} from "../../src/common/ip-set.ts";

describe("IP parsing (src/common/cidr.ts)", () => {
  it.each(["0.0.0.0", "255.255.255.255", "192.0.2.1"])("accepts IPv4 %s", (ip) => {
    expect(parseIPv4(ip)).toBeDefined();
  });
  it.each(["256.0.0.1", "1.2.3", "1.2.3.4.5", "01.2.3.4", "1.2.3.-4", "1.2.3.4 ", "", "a.b.c.d", "1..2.3"])(
    "refuses IPv4 %j",
    (ip) => {
      expect(parseIPv4(ip)).toBeUndefined();
    },
  );
  it.each([
    "::",
    "::1",
    "2001:db8::",
    "1:2:3:4:5:6:7:8",
    "::ffff:192.0.2.1",
    "1:2:3:4:5:6:1.2.3.4",
    "CAFE:BABE::1",
    "a::1.2.3.4",
  ])("accepts IPv6 %s", (ip) => {
    expect(parseIPv6(ip)).toBeDefined();
    expect(isIP(ip)).toBe(6);
  });
  it.each([
    ":1",
    "1:2:3:4:5:6:7:8:9",
    "1::2::3",
    "1:2:3:4:5:6:7:8::",
    "12345::",
    "fe80::1%eth0",
    "::1.2.3",
    "::1.2.3.4.5",
    ":CAFE::BABE",
    "1:2:3:4:5:6:7:1.2.3.4",
    "g::1",
  ])("refuses IPv6 %j", (ip) => {
    expect(parseIPv6(ip)).toBeUndefined();
  });

  it("agrees with node:net on random IPv6 texts and formats them canonically (RFC 5952)", () => {
    fc.assert(
      fc.property(fc.ipV6(), (text) => {
        const v = parseIPv6(text);
        expect(v).toBeDefined();
        const canonical = formatIPv6(v as bigint);
        expect(parseIPv6(canonical)).toBe(v);
        expect(canonical).toBe(canonical.toLowerCase());
      }),
    );
    expect(formatIPv6(parseIPv6("2001:db8:0:0:1:0:0:1") as bigint)).toBe("2001:db8::1:0:0:1");
    expect(formatIPv6(parseIPv6("2001:db8:0:1:1:1:1:1") as bigint)).toBe("2001:db8:0:1:1:1:1:1");
    expect(formatIPv6(0n)).toBe("::");
  });

  it("accepts exactly what node:net accepts, zone identifiers aside (property)", () => {
    const mutate = fc
      .tuple(
        fc.oneof(fc.ipV4(), fc.ipV6(), fc.ipV4Extended()),
        fc.nat(45),
        fc.constantFrom("", ":", ".", "0", "::", "%", "f", "1", "g", " "),
      )
      .map(([ip, at, ch]) => {
        const k = at % (ip.length + 1);
        return fc.sample(fc.boolean(), { numRuns: 1, seed: at })[0]
          ? ip.slice(0, k) + ch + ip.slice(k + 1)
          : ip.slice(0, k) + ch + ip.slice(k);
      });
    fc.assert(
      fc.property(fc.oneof(fc.ipV4(), fc.ipV6(), mutate), (text) => {
        const expected = isIP(text) !== 0 && !text.includes("%");
        expect(parseIp(text) !== undefined, text).toBe(expected);
      }),
      { numRuns: 5000 },
    );
  });

  it("finds the IPv4 inside an IPv4-mapped address", () => {
    const p = parseIp("::FFFF:1.2.3.4");
    expect(p?.family).toBe(6);
    expect(ipv4FromMapped(p?.value as bigint)).toBe(parseIPv4("1.2.3.4"));
    expect(ipv4FromMapped(parseIPv6("::1.2.3.4") as bigint)).toBeUndefined();
  });

  it("parses and matches networks", () => {
    const net = parseCidr("192.0.2.77/24");
    expect(net && formatCidr(net)).toBe("192.0.2.0/24");
    expect(cidrContains(net!, parseIp("192.0.2.255")!)).toBe(true);
    expect(cidrContains(net!, parseIp("192.0.3.0")!)).toBe(false);
    expect(cidrContains(net!, parseIp("::ffff:192.0.2.1")!)).toBe(false);
    expect(parseCidr("10.0.0.0/33")).toBeUndefined();
    expect(parseCidr("10.0.0.0/08")).toBeUndefined();
    expect(formatCidr(parseCidr("2001:db8::1/0")!)).toBe("::/0");
  });
});

describe("IP sets (src/common/ip-set.ts)", () => {
  it("merges adjacent and overlapping networks into the shortest list", () => {
    expect(
      mergeCidrs([
        "192.0.2.0/25",
        "192.0.2.128/25",
        "192.0.2.5",
        "10.0.0.0/8",
        "10.1.0.0/16",
        "2001:db8::/33",
        "2001:db8:8000::/33",
        "bogus",
      ]),
    ).toEqual({
      ipv4: ["10.0.0.0/8", "192.0.2.0/24"],
      ipv6: ["2001:db8::/32"],
    });
  });

  it("cuts a range into aligned blocks", () => {
    const set = difference(fullSet(4), setFromCidrs(4, [parseCidr("0.0.0.0/1")!, parseCidr("192.0.0.0/2")!]));
    expect(setToStrings(set)).toEqual(["128.0.0.0/2"]);
    const odd = difference(setFromCidrs(4, [parseCidr("10.0.0.0/29")!]), setFromCidrs(4, [parseCidr("10.0.0.3/32")!]));
    expect(setToStrings(odd)).toEqual(["10.0.0.0/31", "10.0.0.2/32", "10.0.0.4/30"]);
  });

  const arbCidr = fc
    .tuple(fc.integer({ min: 0, max: 0xffff }), fc.integer({ min: 16, max: 32 }))
    .map(([n, p]) => parseCidr(`10.${n >> 8}.${n & 255}.0/${Math.max(p, 24)}`)!);
  const arbSet = fc.array(arbCidr, { maxLength: 6 }).map((cs) => setFromCidrs(4, cs));
  const arbAddr = fc.integer({ min: 0, max: 0xffff }).map((n) => BigInt(0x0a000000 + n * 256 + (n % 256)));

  it("union, difference and intersection agree with membership (property)", () => {
    fc.assert(
      fc.property(arbSet, arbSet, arbAddr, (a, b, x) => {
        expect(setContains(union(a, b), x)).toBe(setContains(a, x) || setContains(b, x));
        expect(setContains(difference(a, b), x)).toBe(setContains(a, x) && !setContains(b, x));
        expect(setContains(intersection(a, b), x)).toBe(setContains(a, x) && setContains(b, x));
        // The CIDR list covers exactly the set.
        const back = setFromCidrs(4, setToCidrs(a));
        expect(back.ranges).toEqual(a.ranges);
      }),
    );
  });
});
