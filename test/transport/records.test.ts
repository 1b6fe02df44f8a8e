import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseBimiRecord, parseMtaStsRecord, parseTlsRptRecord } from "../../src/transport/index.ts";

describe("parseMtaStsRecord (RFC 8461 §3.1)", () => {
  const valid: Array<[string, string]> = [
    ["v=STSv1; id=20160831085700Z;", "20160831085700Z"],
    ["v=STSv1; id=abc", "abc"],
    ["v=STSv1;id=abc;", "abc"],
    ["v=STSv1 ;\tid=abc ; ", "abc"],
    [`v=STSv1; id=${"a".repeat(32)}`, "a".repeat(32)],
    ["v=STSv1; id=abc; ext_1.x=value", "abc"],
  ];
  it.each(valid)("%s is valid", (text, id) => {
    const r = parseMtaStsRecord(text);
    expect(r.diagnostics).toEqual([]);
    expect(r).toMatchObject({ valid: true, id });
  });

  const invalid: Array<[string, string, string?]> = [
    ["v=STSv1;", "mta-sts-record-no-fields"],
    ["v=STSv1; id=", "mta-sts-record-id", ""],
    [`v=STSv1; id=${"a".repeat(33)}`, "mta-sts-record-id", "a".repeat(33)],
    ["v=STSv1; id=2024-01-01", "mta-sts-record-id", "2024-01-01"],
    ["v=STSv1; ext=1", "mta-sts-record-id-missing"],
    ["V=STSv1; id=abc", "mta-sts-record-version", "V=STSv1"],
    ["v = STSv1; id=abc", "mta-sts-record-version", "v = STSv1"],
    ["v=STSv1; id=abc;; ext=1", "mta-sts-record-empty-field"],
    ["v=STSv1; id=abc; id=def", "mta-sts-record-duplicate-field", "id=def"],
    ["v=STSv1; ID=abc", "mta-sts-record-id-case", "ID=abc"],
    ["v=STSv1; id=abc; bad name=1", "mta-sts-record-field-name", "bad name"],
    ["v=STSv1; id=abc; x=a=b", "mta-sts-record-extension-value", "a=b"],
    [" v=STSv1; id=abc", "mta-sts-record-leading-space", " "],
  ];
  it.each(invalid)("%s → %s", (text, code, at) => {
    const r = parseMtaStsRecord(text);
    expect(r.valid).toBe(false);
    const d = r.diagnostics.find((x) => x.code === code);
    expect(d, JSON.stringify(r.diagnostics)).toBeDefined();
    if (at !== undefined) expect(text.slice(d?.start, d?.end)).toBe(at);
  });
});

describe("parseTlsRptRecord (RFC 8460 §3)", () => {
  it("reads mailto and https destinations with their offsets", () => {
    const text = "v=TLSRPTv1; rua=mailto:tls@example.com , https://reports.example.net/tlsrpt";
    const r = parseTlsRptRecord(text);
    expect(r.valid).toBe(true);
    expect(r.rua.map((u) => [u.scheme, u.target, text.slice(u.start, u.end)])).toEqual([
      ["mailto", "tls@example.com", "mailto:tls@example.com"],
      ["https", "reports.example.net", "https://reports.example.net/tlsrpt"],
    ]);
  });

  const invalid: Array<[string, string, string?]> = [
    ["v=TLSRPTv1;", "tls-rpt-record-no-fields"],
    ["v=TLSRPTv1; ext=1", "tls-rpt-rua-missing"],
    ["v=TLSRPTv1; rua=", "tls-rpt-rua-empty"],
    ["v=TLSRPTv1; rua=http://reports.example.com/x", "tls-rpt-uri-scheme", "http://reports.example.com/x"],
    ["v=TLSRPTv1; rua=tls@example.com", "tls-rpt-uri-scheme", "tls@example.com"],
    ["v=TLSRPTv1; rua=mailto:tls@example.com!10m", "tls-rpt-uri-bang", "mailto:tls@example.com!10m"],
    ["v=TLSRPTv1; rua=mailto:nobody", "tls-rpt-uri-mailto", "mailto:nobody"],
    ["v=TLSRPTv1; rua=https://", "tls-rpt-uri-https"],
    ["v=TLSRPTv1; rua=mailto:a@example.com,,mailto:b@example.com", "tls-rpt-rua-empty"],
    ["v=TLSRPTv1; rua=mailto:a@example.com; rua=mailto:b@example.com", "tls-rpt-record-duplicate-field"],
    ["v=tlsrptv1; rua=mailto:a@example.com", "tls-rpt-record-version"],
    ["v=DMARC1; rua=mailto:a@example.com", "tls-rpt-record-version"],
  ];
  it.each(invalid)("%s → %s", (text, code, at) => {
    const r = parseTlsRptRecord(text);
    expect(r.valid).toBe(false);
    const d = r.diagnostics.find((x) => x.code === code);
    expect(d, JSON.stringify(r.diagnostics)).toBeDefined();
    if (at !== undefined) expect(text.slice(d?.start, d?.end)).toBe(at);
  });
});

describe("parseBimiRecord (BIMI draft §4.2)", () => {
  it("reads l=, a=, lps= and avp=", () => {
    const r = parseBimiRecord(
      "v=BIMI1; l=https://images.example.com/logo.svg; a=https://images.example.com/vmc.pem; lps=sales,news; avp=personal",
    );
    expect(r).toMatchObject({
      valid: true,
      location: "https://images.example.com/logo.svg",
      evidence: "https://images.example.com/vmc.pem",
      localPartSelectors: ["sales", "news"],
      avatarPreference: "personal",
      declined: false,
    });
  });
  it("treats empty l= and a= as declining", () => {
    expect(parseBimiRecord("v=BIMI1; l=; a=;")).toMatchObject({ valid: true, declined: true });
  });
  const invalid: Array<[string, string]> = [
    ["l=https://images.example.com/logo.svg; v=BIMI1", "bimi-record-version"],
    ["v=BIMI2; l=https://images.example.com/logo.svg", "bimi-record-version"],
    ["v=BIMI1; l=http://images.example.com/logo.svg", "bimi-record-l-url"],
    ["v=BIMI1; l=https://images.example.com/a.svg,https://images.example.com/b.svg", "bimi-record-l-url"],
    ["v=BIMI1; l=https://192.0.2.1/logo.svg", "bimi-record-l-url"],
    ["v=BIMI1; l=https://images.example.com/logo.svg; a=ftp://x.example.com/vmc.pem", "bimi-record-a-url"],
    ["v=BIMI1; l=https://images.example.com/logo.svg; avp=logo", "bimi-record-avp"],
    ["v=BIMI1; l=https://images.example.com/logo.svg; lps=a_b", "bimi-record-lps"],
    ["v=BIMI1; l=https://images.example.com/logo.svg; l=https://images.example.com/2.svg", "bimi-record-duplicate"],
  ];
  it.each(invalid)("%s → %s", (text, code) => {
    const r = parseBimiRecord(text);
    expect(r.valid).toBe(false);
    expect(r.diagnostics.map((d) => d.code)).toContain(code);
  });
});

describe("record parsers: properties", () => {
  const parsers = [parseMtaStsRecord, parseTlsRptRecord, parseBimiRecord];
  it("never throw, keep offsets inside the text, for random and truncated input", () => {
    const samples = [
      "v=STSv1; id=20160831085700Z;",
      "v=TLSRPTv1; rua=mailto:tls@example.com,https://r.example.com/x",
      "v=BIMI1; l=https://i.example.com/l.svg; a=;",
    ];
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.nat(80), fc.constantFrom(...samples), (text, cut, sample) => {
        for (const parse of parsers) {
          for (const t of [text, sample.slice(0, cut), `${sample}${text}`]) {
            const r = parse(t);
            expect(typeof r.valid).toBe("boolean");
            for (const d of r.diagnostics) expect(d.end ?? 0).toBeLessThanOrEqual(Math.max(t.length, 4096));
          }
        }
      }),
    );
  });
  it("accept every generated valid MTA-STS id and TLS-RPT destination list", () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Za-z0-9]{1,32}$/),
        fc.array(fc.stringMatching(/^[a-z]{1,8}$/), { minLength: 1, maxLength: 4 }),
        (id, users) => {
          expect(parseMtaStsRecord(`v=STSv1; id=${id}`)).toMatchObject({ valid: true, id });
          const rua = users.map((u) => `mailto:${u}@reports.example.com`).join(",");
          const r = parseTlsRptRecord(`v=TLSRPTv1; rua=${rua}`);
          expect(r.valid).toBe(true);
          expect(r.rua.map((u) => u.target)).toEqual(users.map((u) => `${u}@reports.example.com`));
        },
      ),
    );
  });
});
