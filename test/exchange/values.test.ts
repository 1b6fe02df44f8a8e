import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type PsValue, psObject, setProp } from "../../src/exchange/ps-value.ts";
import { type Kind, parseAddressSpace, parseByteSize, readValue } from "../../src/exchange/values.ts";

function obj(props: Record<string, PsValue>, extra: { text?: string; inner?: PsValue } = {}) {
  const o = psObject();
  for (const [k, v] of Object.entries(props)) setProp(o, k, v);
  if (extra.text !== undefined) o.text = extra.text;
  if (extra.inner !== undefined) o.inner = extra.inner;
  return o;
}

const read = (kind: Kind, value: PsValue) => readValue(kind, value);
const value = (kind: Kind, v: PsValue) => {
  const r = read(kind, v);
  if (!r.ok) throw new Error(r.error);
  return r.value;
};

describe("parseByteSize", () => {
  it.each([
    ["35 MB (36,700,160 bytes)", 36_700_160],
    ["256 KB (262,144 bytes)", 262_144],
    ["35 MB (36.700.160 bytes)", 36_700_160],
    ["35 MB (36\u00a0700\u00a0160 bytes)", 36_700_160],
    ["0 B (0 bytes)", 0],
    ["Unlimited", "Unlimited"],
    ["unlimited", "Unlimited"],
    ["35MB", 36_700_160],
    ["1.5 GB", 1_610_612_736],
    ["1024", 1024],
  ])("%s is %s", (text, bytes) => {
    expect(parseByteSize(text)).toBe(bytes);
  });

  it.each(["", "big", "35 XB", "-1", "99999999999999999999 bytes"])("refuses %j", (text) => {
    expect(parseByteSize(text)).toBeUndefined();
  });
});

describe("parseAddressSpace", () => {
  it.each([
    ["SMTP:*;1", { Type: "SMTP", Address: "*", Cost: 1, IncludeSubDomains: true }],
    ["smtp:contoso.com;10", { Type: "SMTP", Address: "contoso.com", Cost: 10, IncludeSubDomains: false }],
    ["*.contoso.com", { Type: "SMTP", Address: "*.contoso.com", Cost: null, IncludeSubDomains: true }],
    ["X400:c=US;a= ;p=Org;5", { Type: "X400", Address: "c=US;a= ;p=Org", Cost: 5 }],
  ])("%s", (text, space) => {
    expect(parseAddressSpace(text)).toEqual(space);
  });

  it("refuses an empty address", () => {
    expect(parseAddressSpace("SMTP:;1")).toBeUndefined();
    expect(parseAddressSpace("  ")).toBeUndefined();
  });
});

describe("readValue", () => {
  it.each<[string, Kind, PsValue, unknown]>([
    ["a boolean", { kind: "bool" }, true, true],
    ["a boolean as text", { kind: "bool" }, "False", false],
    ["a boolean as $true", { kind: "bool" }, "$true", true],
    ["a boolean as 1", { kind: "bool" }, 1, true],
    ["not set", { kind: "bool" }, null, null],
    ["an integer as text", { kind: "int" }, " 25 ", 25],
    [
      "an object's ToString",
      { kind: "string" },
      obj({ Domain: "x" }, { text: "mail.contoso.com" }),
      "mail.contoso.com",
    ],
    ["an object's Domain (JSON)", { kind: "string" }, obj({ Domain: "mail.contoso.com" }), "mail.contoso.com"],
    [
      "an identity parameter (JSON)",
      { kind: "string" },
      obj({ RawIdentity: "NT AUTHORITY\\ANONYMOUS LOGON" }),
      "NT AUTHORITY\\ANONYMOUS LOGON",
    ],
    ["a number as text", { kind: "string" }, 42, "42"],
    ["one value as a list", { kind: "strings" }, "a", ["a"]],
    ["a list without nulls", { kind: "strings" }, ["a", null, obj({}, { text: "b" })], ["a", "b"]],
    ["an enum by name", { kind: "enum" }, "DomainValidation", "DomainValidation"],
    ["an enum by known number", { kind: "enum", values: { 2: "InternalRelay" } }, 2, "InternalRelay"],
    [
      "an enum as { Value } (JSON)",
      { kind: "enum", values: { 2: "InternalRelay" } },
      obj({ Value: 2 }),
      "InternalRelay",
    ],
    ["an enum object (CLIXML)", { kind: "enum" }, obj({}, { text: "Authoritative", inner: 0 }), "Authoritative"],
    ["flags by name", { kind: "flags", bits: {} }, "Tls, BasicAuth", ["Tls", "BasicAuth"]],
    ["flags by number", { kind: "flags", bits: { 0: "None", 1: "Tls", 4: "BasicAuth" } }, 5, ["Tls", "BasicAuth"]],
    ["flags zero", { kind: "flags", bits: { 0: "None", 1: "Tls" } }, 0, ["None"]],
    ["flags as a list (EXO)", { kind: "flags", bits: {} }, ["Tls", "Integrated"], ["Tls", "Integrated"]],
    ["a size", { kind: "size" }, obj({}, { text: "35 MB (36,700,160 bytes)" }), 36_700_160],
    ["an unlimited size (IsUnlimited)", { kind: "size" }, obj({ IsUnlimited: true }), "Unlimited"],
    [
      "a limited size ({ Value })",
      { kind: "size" },
      obj({ IsUnlimited: false, Value: "10 MB (10,485,760 bytes)" }),
      10_485_760,
    ],
    ["an unlimited count", { kind: "unlimited" }, "Unlimited", "Unlimited"],
    ["a limited count (Unlimited<Int32> props)", { kind: "unlimited" }, obj({ IsUnlimited: false, Value: 5000 }), 5000],
    ["a date with offset", { kind: "date" }, "2021-08-21T10:43:54+02:00", "2021-08-21T08:43:54.000Z"],
    ["a /Date()/ date", { kind: "date" }, "/Date(1746353472000)/", "2025-05-04T10:11:12.000Z"],
    ["a date without zone, kept", { kind: "date" }, "2026-07-24T18:59:12.0000000", "2026-07-24T18:59:12.0000000"],
    ["an IP address object (JSON)", { kind: "string" }, obj({ Address: 0, IPAddressToString: "0.0.0.0" }), "0.0.0.0"],
    ["a credential's user name only", { kind: "credential" }, obj({ UserName: "u", Password: null }), "u"],
    [
      "address spaces from JSON objects",
      { kind: "addressSpaces" },
      [obj({ Address: "*", Type: "smtp", Cost: 1 })],
      [{ Type: "smtp", Address: "*", Cost: 1, IncludeSubDomains: true }],
    ],
  ])("reads %s", (_, kind, input, expected) => {
    expect(value(kind, input)).toEqual(expected);
  });

  it.each<[string, Kind, PsValue, RegExp]>([
    ["a boolean from text", { kind: "bool" }, "maybe", /expected true or false, found "maybe"/],
    ["a fractional integer", { kind: "int" }, 1.5, /expected an integer/],
    ["an unknown enum number", { kind: "enum", values: { 0: "None" } }, 7, /enum value 7 has no known name/],
    [
      "unknown flag bits",
      { kind: "flags", bits: { 0: "None", 1: "Tls" } },
      33,
      /flags value 33 has bits with no known name \(32\)/,
    ],
    ["a size from text", { kind: "size" }, "huge", /expected a size/],
    ["a list as text", { kind: "string" }, ["a", "b"], /expected text, found a list of 2/],
    ["an object without text", { kind: "string" }, obj({ Foo: true }), /expected text, found an object with Foo/],
    ["a bad date", { kind: "date" }, "2021-13-45T99:00:00Z", /expected a date/],
    ["a bad address space", { kind: "addressSpaces" }, [""], /expected an address space/],
  ])("refuses %s with a message", (_, kind, input, message) => {
    const r = read(kind, input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(message);
  });
});

describe("the text parsers never throw", () => {
  it("on random text", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (text) => {
        const size = parseByteSize(text);
        expect(size === undefined || size === "Unlimited" || Number.isSafeInteger(size)).toBe(true);
        const space = parseAddressSpace(text);
        if (space !== undefined) expect(space.Address.length).toBeGreaterThan(0);
      }),
      { numRuns: 500 },
    );
  });

  it("on random values of every kind", () => {
    const kinds: Kind[] = [
      { kind: "string" },
      { kind: "strings" },
      { kind: "bool" },
      { kind: "int" },
      { kind: "size" },
      { kind: "unlimited" },
      { kind: "enum", values: { 0: "None" } },
      { kind: "flags", bits: { 0: "None", 1: "Tls" } },
      { kind: "date" },
      { kind: "addressSpaces" },
      { kind: "credential" },
    ];
    const leaf = fc.oneof(fc.string({ maxLength: 20 }), fc.double(), fc.integer(), fc.boolean(), fc.constant(null));
    const psValue: fc.Arbitrary<PsValue> = fc.oneof(
      leaf,
      fc.array(leaf, { maxLength: 4 }),
      fc
        .dictionary(fc.constantFrom("Value", "Address", "IsUnlimited", "UserName", "Domain", "Type"), leaf)
        .map((d) => obj(d)),
    );
    fc.assert(
      fc.property(fc.constantFrom(...kinds), psValue, (kind, v) => {
        const r = readValue(kind, v);
        expect(r.ok || r.error.length > 0).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});
