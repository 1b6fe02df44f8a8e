import { describe, expect, it } from "vitest";
import { parseDmarc } from "../../src/dmarc/parse.ts";
import { codes } from "./helpers.ts";

function diag(text: string, code: string, options = {}) {
  return parseDmarc(text, options).diagnostics.find((d) => d.code === code);
}

describe("parseDmarc: what is a DMARC record (RFC 9989 §4.7 v)", () => {
  it.each([
    ["", "dmarc-empty"],
    ["   ", "dmarc-empty"],
    ["hello", "dmarc-version-missing"],
    ["v=spf1 -all", "dmarc-version-invalid"],
    ["p=reject; v=DMARC1", "dmarc-version-not-first"],
    ["v=DMARC2; p=reject", "dmarc-version-invalid"],
    ["v=dmarc1; p=reject", "dmarc-version-invalid"],
    ["v=DMARC1p=reject", "dmarc-version-invalid"],
    [" v=DMARC1; p=reject", "dmarc-leading-whitespace"],
  ])("%j is not one in strict mode (%s)", (text, code) => {
    const r = parseDmarc(text);
    expect(r.isDmarc).toBe(false);
    expect(r.record).toBeUndefined();
    expect(codes(r)).toContain(code);
  });

  it("lenient mode accepts leading whitespace and a lower-case version, with warnings", () => {
    const r = parseDmarc(" v=dmarc1; p=reject", { mode: "lenient" });
    expect(r.isDmarc).toBe(true);
    expect(r.diagnostics.map((d) => [d.code, d.severity])).toEqual([
      ["dmarc-leading-whitespace", "warning"],
      ["dmarc-version-case", "warning"],
    ]);
  });

  it("accepts spaces around = and ; and a trailing ; (RFC 9989 §4.8 dmarc-sep, equals)", () => {
    const r = parseDmarc("v = DMARC1 ;\tp = reject ; ");
    expect(r).toMatchObject({ isDmarc: true, policyStatus: "ok", errors: 0 });
    expect(r.record?.p).toBe("reject");
  });
});

describe("parseDmarc: positions, defaults and every tag", () => {
  it("points at the offending value", () => {
    const text = "v=DMARC1; p=reject; adkim=x";
    const d = diag(text, "dmarc-invalid-value");
    expect(d).toMatchObject({ tag: "adkim", severity: "error", start: 26, end: 27 });
    expect(text.slice(d?.start, d?.end)).toBe("x");
    expect(d?.refs).toContainEqual({ rfc: 9989, section: "4.7" });
  });

  it("fills every tag and says which were defaulted", () => {
    const r = parseDmarc("v=DMARC1; p=quarantine; aspf=s; fo=1:d; ruf=mailto:f@example.com; psd=n");
    expect(r.record).toMatchObject({
      p: "quarantine",
      sp: "quarantine",
      np: "quarantine",
      adkim: "r",
      aspf: "s",
      fo: ["1", "d"],
      psd: "n",
      t: "n",
      pct: 100,
      rf: ["afrf"],
      ri: 86400,
    });
    expect(r.record?.defaulted).toEqual(["sp", "np", "adkim", "rua", "t", "pct", "rf", "ri"]);
    expect(r.tags.map((t) => [t.name, t.used])).toEqual([
      ["v", true],
      ["p", true],
      ["aspf", true],
      ["fo", true],
      ["ruf", true],
      ["psd", true],
    ]);
  });

  it("np inherits sp, then p (RFC 9989 §4.7); RFC 7489 ignores np", () => {
    expect(parseDmarc("v=DMARC1; p=reject; sp=none").record).toMatchObject({ sp: "none", np: "none" });
    expect(parseDmarc("v=DMARC1; p=none; np=reject").record).toMatchObject({ sp: "none", np: "reject" });
    const old = parseDmarc("v=DMARC1; p=none; np=reject", { spec: "rfc7489" });
    expect(old.record?.np).toBe("none");
    expect(codes(old)).toContain("dmarc-tag-not-in-rfc7489");
  });

  it("validates fo per RFC 9989 §4.8 (0 and 1 exclusive, no repeats) and RFC 7489 §6.4", () => {
    expect(codes(parseDmarc("v=DMARC1; p=none; fo=0:1; ruf=mailto:a@b.example"))).toContain("dmarc-invalid-value");
    expect(parseDmarc("v=DMARC1; p=none; fo=0:1; ruf=mailto:a@b.example", { spec: "rfc7489" }).record?.fo).toEqual([
      "0",
      "1",
    ]);
    expect(codes(parseDmarc("v=DMARC1; p=none; fo=d:d; ruf=mailto:a@b.example"))).toContain("dmarc-invalid-value");
    expect(codes(parseDmarc("v=DMARC1; p=none; fo=1"))).toContain("dmarc-fo-without-ruf");
  });

  it("reads pct, rf and ri under RFC 7489 with their ranges", () => {
    const ok = parseDmarc("v=DMARC1; p=none; pct=0; rf=afrf; ri=3600", { spec: "rfc7489" });
    expect(ok.record).toMatchObject({ pct: 0, rf: ["afrf"], ri: 3600 });
    expect(ok.errors).toBe(0);
    for (const bad of ["pct=101", "pct=-1", "pct=1000", "ri=4294967296", "ri=1h", "rf=iodef"]) {
      const r = parseDmarc(`v=DMARC1; p=none; ${bad}`, { spec: "rfc7489" });
      expect(codes(r)).toContain("dmarc-invalid-value");
      expect(r.policyStatus).toBe("ok");
    }
  });

  it("keeps policy values case-insensitive (RFC 5234 §2.3) and notes upper-case tag names", () => {
    const r = parseDmarc("v=DMARC1; P=Reject; SP=NONE");
    expect(r.record).toMatchObject({ p: "reject", sp: "none" });
    expect(codes(r).filter((c) => c === "dmarc-tag-name-case")).toHaveLength(2);
    expect(r.errors).toBe(0);
  });
});

describe("parseDmarc: the p fallback (RFC 9989 §4.10.1, RFC 7489 §6.6.3 step 6)", () => {
  it.each([
    ["v=DMARC1; p=bogus; rua=mailto:d@example.com", "fallback-none"],
    ["v=DMARC1; rua=mailto:d@example.com", "fallback-none"],
    ["v=DMARC1; p=reject; sp=bogus; rua=mailto:d@example.com", "fallback-none"],
    ["v=DMARC1; p=reject; np=bogus; rua=mailto:d@example.com", "fallback-none"],
    ["v=DMARC1; p=bogus", "unusable"],
    ["v=DMARC1; p=bogus; rua=ftp//nope", "unusable"],
    ["v=DMARC1; p=reject; sp=bogus", "unusable"],
    ["v=DMARC1", "unusable"],
  ])("%j -> %s", (text, status) => {
    const r = parseDmarc(text);
    expect(r.policyStatus).toBe(status);
    expect(r.record).toMatchObject({ p: "none", sp: "none", np: "none" });
  });

  it("an invalid np does not matter under RFC 7489, which has no np", () => {
    expect(parseDmarc("v=DMARC1; p=reject; np=bogus", { spec: "rfc7489" }).policyStatus).toBe("ok");
  });

  it("p missing is an error under RFC 7489 (REQUIRED) and a warning under RFC 9989 (RECOMMENDED)", () => {
    expect(diag("v=DMARC1; rua=mailto:d@example.com", "dmarc-p-missing", { spec: "rfc7489" })?.severity).toBe("error");
    expect(diag("v=DMARC1; rua=mailto:d@example.com", "dmarc-p-missing")?.severity).toBe("warning");
  });

  it("RFC 7489 §6.3 wants p right after v", () => {
    expect(
      diag("v=DMARC1; rua=mailto:d@example.com; p=none", "dmarc-p-not-second", { spec: "rfc7489" })?.severity,
    ).toBe("warning");
    expect(diag("v=DMARC1; rua=mailto:d@example.com; p=none", "dmarc-p-not-second")?.severity).toBe("info");
  });
});

describe("parseDmarc: repeated and malformed tags", () => {
  it("a repeated tag: strict uses no value (RFC 6376 §3.2), lenient the first", () => {
    const strict = parseDmarc("v=DMARC1; p=reject; p=none; rua=mailto:d@example.com");
    expect(strict.policyStatus).toBe("fallback-none");
    expect(diag(strict.text, "dmarc-duplicate-tag")?.severity).toBe("error");
    const lenient = parseDmarc(strict.text, { mode: "lenient" });
    expect(lenient.record?.p).toBe("reject");
    expect(diag(strict.text, "dmarc-duplicate-tag", { mode: "lenient" })?.severity).toBe("warning");
    expect(parseDmarc("v=DMARC1; p=none; adkim=s; ADKIM=r").record?.adkim).toBe("r"); // strict: default
  });

  it("a hostile 64 KB record of repeated tags gives one duplicate diagnostic per tag name", () => {
    const r = parseDmarc(`v=DMARC1; ${"P=none; rua=mailto:a@b.example; ".repeat(2000)}`);
    expect(r.text.length).toBeGreaterThan(60_000);
    expect(r.diagnostics.filter((d) => d.code === "dmarc-duplicate-tag").map((d) => d.tag)).toEqual(["p", "rua"]);
    expect(r.policyStatus).toBe("unusable");
  });

  it("reports non-ASCII and control characters and keeps going", () => {
    const r = parseDmarc("v=DMARC1; p=reject; rua=mailto:d\u00e9@example.com\u0000");
    expect(codes(r)).toContain("dmarc-invalid-character");
    expect(r.policyStatus).toBe("ok");
  });

  it("ignores unknown tags with a warning (RFC 9989 §4.7)", () => {
    const r = parseDmarc("v=DMARC1; p=reject; foo=bar");
    expect(diag(r.text, "dmarc-unknown-tag")).toMatchObject({ severity: "warning", tag: "foo" });
    expect(r.tags.find((t) => t.name === "foo")).toMatchObject({ known: false, used: false });
  });
});

describe("parseDmarc: reporting URIs (RFC 9989 §4.6, §4.8; RFC 7489 §6.2)", () => {
  it("splits a list with spaces, decodes mailto and finds the destination host", () => {
    const r = parseDmarc(
      "v=DMARC1; p=none; rua=mailto:a%2Bb@Reports.Example.COM , mailto:c@b%C3%BCcher.example?subject=x",
    );
    expect(r.record?.rua.map((u) => [u.address, u.host])).toEqual([
      ["a+b@Reports.Example.COM", "reports.example.com"],
      ["c@bücher.example", "xn--bcher-kva.example"],
    ]);
  });

  it.each([
    ["rua=", "dmarc-invalid-value"],
    ["rua=mailto:a@b.example,,mailto:c@d.example", "dmarc-uri-empty"],
    ["rua=dmarc@example.com", "dmarc-uri-invalid"],
    ["rua=mailto:a!b@example.com", "dmarc-uri-invalid"],
    ["rua=mailto:a@example.com!10x", "dmarc-uri-invalid"],
    ["rua=mailto:a b@example.com", "dmarc-uri-invalid"],
    ["rua=mailto:%zz@example.com", "dmarc-uri-invalid"],
    ["rua=mailto:nobody", "dmarc-uri-invalid-mailto"],
    ["rua=mailto:a@-bad-.example", "dmarc-uri-invalid-mailto"],
    ["rua=https://reports.example/x", "dmarc-uri-not-mailto"],
    ["rua=mailto:c@b\u00fccher.example", "dmarc-uri-invalid"], // a URI is ASCII: RFC 3986 §2 (percent-encode it)
  ])("%j -> %s", (tag, code) => {
    expect(codes(parseDmarc(`v=DMARC1; p=none; ${tag}`))).toContain(code);
  });

  it("reads size limits in k/m/g/t as powers of two", () => {
    const r = parseDmarc("v=DMARC1; p=none; rua=mailto:a@x.example!20k,mailto:b@x.example!1G,mailto:c@x.example!500", {
      spec: "rfc7489",
    });
    expect(r.record?.rua.map((u) => u.maxBytes)).toEqual([20 * 1024, 2 ** 30, 500]);
    expect(codes(r)).toContain("dmarc-uri-count");
  });
});
