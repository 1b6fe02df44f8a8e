/**
 * fast-check generators of SPF records and whole zones (records, addresses, MX, PTR, CNAMEs,
 * timeouts), shared by the property tests and the differential tests against mailauth and pyspf.
 * Names come from a small vocabulary so that includes, redirects and lookups hit each other.
 */
import fc from "fast-check";
import type { DnsFixture, FixtureOwner } from "../../src/dns/fixture/types.ts";

/** The names records may point at (d0..d5 exist or not; "to" times out). */
export const NAMES = [
  "d0.example.com",
  "d1.example.com",
  "d2.example.com",
  "d3.example.com",
  "d4.example.com",
  "d5.example.com",
  "nx.example.com",
  "to.example.com",
];
/** Client addresses used by the generated checks. */
export const CLIENTS = ["192.0.2.1", "192.0.2.2", "198.51.100.7", "2001:db8::1", "2001:db8::2", "::ffff:192.0.2.1"];
const V4 = ["192.0.2.1", "192.0.2.2", "192.0.2.3", "198.51.100.7", "198.51.100.0", "203.0.113.5"];
const V6 = ["2001:db8::1", "2001:db8::2", "2001:db8:1::5", "2001:db8::"];

const name = fc.constantFrom(...NAMES);
const short = fc.constantFrom("d0.example.com", "d1.example.com", "d2.example.com", "d3.example.com", "nx.example.com");
const qualifier = fc.constantFrom("", "", "+", "-", "~", "?");
const cidr4 = fc.constantFrom("", "", "/24", "/32", "/0", "/16");
const cidr6 = fc.constantFrom("", "", "//64", "//128", "//0");
const macroSpec = fc.constantFrom(
  "%{d}",
  "%{i}.%{v}.d1.example.com",
  "%{ir}.%{v}.d2.example.com",
  "%{l}.d3.example.com",
  "%{d2}",
  "%{o}",
  "%{h}",
  "%{s}.d1.example.com",
  "%{p}.d0.example.com",
  "%{l1r-}.d1.example.com",
  "%{D}",
);

/** One valid term. */
export const validTerm: fc.Arbitrary<string> = fc.oneof(
  { weight: 2, arbitrary: fc.tuple(qualifier, fc.constant("all")).map(([q, m]) => q + m) },
  { weight: 4, arbitrary: fc.tuple(qualifier, name).map(([q, n]) => `${q}include:${n}`) },
  {
    weight: 3,
    arbitrary: fc
      .tuple(qualifier, fc.option(name, { nil: undefined }), cidr4, cidr6)
      .map(([q, n, c4, c6]) => `${q}a${n ? `:${n}` : ""}${c4}${c6}`),
  },
  {
    weight: 3,
    arbitrary: fc
      .tuple(qualifier, fc.option(name, { nil: undefined }), cidr4, cidr6)
      .map(([q, n, c4, c6]) => `${q}mx${n ? `:${n}` : ""}${c4}${c6}`),
  },
  {
    weight: 1,
    arbitrary: fc.tuple(qualifier, fc.option(short, { nil: undefined })).map(([q, n]) => `${q}ptr${n ? `:${n}` : ""}`),
  },
  {
    weight: 3,
    arbitrary: fc
      .tuple(qualifier, fc.constantFrom(...V4), fc.constantFrom("", "/24", "/32", "/31", "/0", "/8"))
      .map(([q, ip, c]) => `${q}ip4:${ip}${c}`),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(qualifier, fc.constantFrom(...V6), fc.constantFrom("", "/64", "/128", "/32", "/0"))
      .map(([q, ip, c]) => `${q}ip6:${ip}${c}`),
  },
  { weight: 2, arbitrary: fc.tuple(qualifier, fc.oneof(name, macroSpec)).map(([q, n]) => `${q}exists:${n}`) },
  { weight: 1, arbitrary: fc.tuple(qualifier, macroSpec).map(([q, n]) => `${q}a:${n}`) },
  { weight: 1, arbitrary: fc.tuple(qualifier, macroSpec).map(([q, n]) => `${q}include:${n}`) },
  { weight: 2, arbitrary: name.map((n) => `redirect=${n}`) },
  { weight: 1, arbitrary: fc.constantFrom("exp=e.example.com", "exp=%{d}", "foo=bar", "x-y.z=%{l}") },
);

/** One malformed (or borderline) term. */
export const oddTerm: fc.Arbitrary<string> = fc.constantFrom(
  "ip4:192.0.2.1/33",
  "ip4:192.0.2",
  "ip4:01.2.3.4",
  "ip6:2001:db8::1/129",
  "a:foo",
  "a:museum.",
  "a:d1.example.com/033",
  "a/24/64",
  "mx:abc.123",
  "include",
  "include:",
  "exists:d1.example.com/24",
  "all:x",
  "-all.",
  "ptr/0",
  "moo",
  "1up=foo",
  "=all",
  "foo=%x",
  "a:%{q}.example.com",
  "exp=%{c}.example.com",
  "a:%{d0}.example.com",
  "redirect=",
  "redirect:d1.example.com",
  "a:.example.com",
  "a:x..example.com",
  `a:${"l".repeat(64)}.example.com`,
  "a:%{s}%{s}%{s}%{s}%{s}%{s}.example.com",
);

/** An SPF record: mostly valid terms, sometimes odd ones, sometimes odd spacing. */
export const spfRecord: fc.Arbitrary<string> = fc
  .tuple(
    fc.array(fc.oneof({ weight: 12, arbitrary: validTerm }, { weight: 1, arbitrary: oddTerm }), { maxLength: 8 }),
    fc.constantFrom(" ", " ", " ", "  "),
    fc.constantFrom("v=spf1", "v=spf1", "v=spf1", "V=SPF1"),
  )
  .map(([terms, sep, version]) => [version, ...terms].join(sep));

/** The TXT RRset of a name: an SPF record (usually), sometimes none, two, or split strings. */
const txtSet: fc.Arbitrary<(string | string[])[]> = fc.oneof(
  { weight: 8, arbitrary: spfRecord.map((r) => [r]) },
  { weight: 1, arbitrary: spfRecord.map((r) => [[r.slice(0, 9), r.slice(9)], "some other text"]) },
  { weight: 1, arbitrary: fc.constant<(string | string[])[]>(["not an spf record"]) },
  { weight: 1, arbitrary: fc.tuple(spfRecord, spfRecord).map(([a, b]) => [a, b]) },
);

const owner: fc.Arbitrary<FixtureOwner> = fc
  .record({
    TXT: fc.option(txtSet, { nil: undefined }),
    A: fc.option(fc.subarray(V4, { minLength: 1, maxLength: 3 }), { nil: undefined }),
    AAAA: fc.option(fc.subarray(V6, { minLength: 1, maxLength: 2 }), { nil: undefined }),
    MX: fc.option(
      fc.array(
        fc.record({
          preference: fc.nat(20),
          exchange: fc.constantFrom(
            "d0.example.com",
            "d1.example.com",
            "d4.example.com",
            "nx.example.com",
            "to.example.com",
            "",
          ),
        }),
        { minLength: 1, maxLength: 3 },
      ),
      { nil: undefined },
    ),
  })
  .map((o) => {
    const out: FixtureOwner = {};
    for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v as never;
    return out;
  });

/** A whole zone over the vocabulary, with PTRs for the clients, an "e.example.com" explanation and a timing-out name. */
export const zone: fc.Arbitrary<DnsFixture> = fc
  .tuple(
    fc.array(owner, { minLength: 6, maxLength: 6 }),
    fc.subarray([
      "1.2.0.192.in-addr.arpa",
      "2.2.0.192.in-addr.arpa",
      "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa",
    ]),
    fc.subarray(["d0.example.com", "d1.example.com", "d3.example.com", "to.example.com"], { minLength: 1 }),
    fc.constantFrom("Mail from %{i} refused by %{d}", "two", "%{x} bad"),
    fc.constantFrom("none", "alias", "loop"),
  )
  .map(([owners, ptrOwners, ptrNames, exp, cname]) => {
    const records: Record<string, FixtureOwner> = {};
    owners.forEach((o, i) => {
      records[`d${i}.example.com`] = o;
    });
    for (const p of ptrOwners) records[p] = { PTR: ptrNames };
    records["e.example.com"] = { TXT: [exp] };
    records["to.example.com"] = { "*": { timeout: true } };
    if (cname === "alias") records["d5.example.com"] = { CNAME: "d0.example.com" };
    if (cname === "loop") records["d5.example.com"] = { CNAME: "d5.example.com" };
    return { version: 1 as const, records };
  });

/** One check: client, MAIL FROM (local part varies) and HELO. */
export const check = fc.record({
  ip: fc.constantFrom(...CLIENTS),
  sender: fc.constantFrom("user@d0.example.com", "a-b.c@d0.example.com", "@d0.example.com", "x@d1.example.com", ""),
  helo: fc.constantFrom("d0.example.com", "d2.example.com", "helo"),
});
