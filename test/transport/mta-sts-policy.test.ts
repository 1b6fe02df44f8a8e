import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_MAX_AGE, parseMtaStsPolicy } from "../../src/transport/index.ts";

const VALID_CRLF =
  "version: STSv1\r\nmode: enforce\r\nmx: mail.example.com\r\nmx: *.example.net\r\nmax_age: 604800\r\n";

describe("parseMtaStsPolicy: valid policies (RFC 8461 §3.2)", () => {
  it("returns exactly { valid, policy: { version, mode, mx, maxAge }, diagnostics }", () => {
    const r = parseMtaStsPolicy(VALID_CRLF);
    expect(Object.keys(r).sort()).toEqual(["diagnostics", "policy", "valid"]);
    expect(Object.keys(r.policy).sort()).toEqual(["maxAge", "mode", "mx", "version"]);
    expect(r).toEqual({
      valid: true,
      policy: { version: "STSv1", mode: "enforce", mx: ["mail.example.com", "*.example.net"], maxAge: 604800 },
      diagnostics: [],
    });
  });

  const table: Array<[string, string, Partial<{ mode: string; mx: string[]; maxAge: number }>]> = [
    [
      "LF line endings (errata 6253)",
      "version: STSv1\nmode: testing\nmx: a.example\nmax_age: 86400\n",
      { mode: "testing", maxAge: 86400 },
    ],
    [
      "no final line ending",
      "version: STSv1\r\nmode: enforce\r\nmx: a.example\r\nmax_age: 604800",
      { mode: "enforce" },
    ],
    ["mixed CRLF and LF", "version: STSv1\r\nmode: enforce\nmx: a.example\r\nmax_age: 604800\n", { mx: ["a.example"] }],
    ["mode none without mx", "version: STSv1\r\nmode: none\r\nmax_age: 86400\r\n", { mode: "none", mx: [] }],
    ["no space after the colon", "version:STSv1\nmode:enforce\nmx:a.example\nmax_age:604800\n", { maxAge: 604800 }],
    [
      "tabs after the colon and trailing spaces",
      "version:\tSTSv1  \nmode: enforce\t\nmx: a.example\nmax_age: 604800 \n",
      { mode: "enforce" },
    ],
    [
      "the largest max_age",
      `version: STSv1\nmode: enforce\nmx: a.example\nmax_age: ${MAX_MAX_AGE}\n`,
      { maxAge: MAX_MAX_AGE },
    ],
    ["fields in any order", "max_age: 604800\nmx: a.example\nmode: enforce\nversion: STSv1\n", { mode: "enforce" }],
  ];
  it.each(table)("%s", (_name, text, expected) => {
    const r = parseMtaStsPolicy(text);
    expect(r.valid).toBe(true);
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(r.policy).toMatchObject(expected);
  });

  it("ignores an unknown extension field with an info diagnostic on its line", () => {
    const r = parseMtaStsPolicy(
      "version: STSv1\nmode: enforce\nmx: a.example\nmax_age: 604800\nreport_to: ops@example.com\n",
    );
    expect(r.valid).toBe(true);
    expect(r.diagnostics).toEqual([
      expect.objectContaining({ code: "mta-sts-policy-unknown-field", severity: "info", line: 5, field: "report_to" }),
    ]);
  });
});

describe("parseMtaStsPolicy: diagnostics with positions", () => {
  const table: Array<[string, string, string, number | undefined, string?]> = [
    // [name, text, code, line, the text at start..end]
    [
      "wrong version",
      "version: STSv2\nmode: enforce\nmx: a.example\nmax_age: 1\n",
      "mta-sts-policy-version",
      1,
      "STSv2",
    ],
    [
      "mode in capitals",
      "version: STSv1\nmode: Enforce\nmx: a.example\nmax_age: 604800\n",
      "mta-sts-policy-mode",
      2,
      "Enforce",
    ],
    [
      "max_age too large",
      `version: STSv1\nmode: enforce\nmx: a.example\nmax_age: ${MAX_MAX_AGE + 1}\n`,
      "mta-sts-policy-max-age-range",
      4,
      String(MAX_MAX_AGE + 1),
    ],
    [
      "max_age not digits",
      "version: STSv1\nmode: enforce\nmx: a.example\nmax_age: 1w\n",
      "mta-sts-policy-max-age",
      4,
      "1w",
    ],
    [
      "max_age of 11 digits",
      "version: STSv1\nmode: enforce\nmx: a.example\nmax_age: 00000000001\n",
      "mta-sts-policy-max-age",
      4,
      "00000000001",
    ],
    [
      "max-age with a hyphen",
      "version: STSv1\nmode: enforce\nmx: a.example\nmax-age: 604800\n",
      "mta-sts-policy-missing-field",
      undefined,
    ],
    [
      "wildcard in the middle",
      "version: STSv1\nmode: enforce\nmx: mail.*.example\nmax_age: 604800\n",
      "mta-sts-policy-mx-pattern",
      3,
      "mail.*.example",
    ],
    [
      "two wildcards",
      "version: STSv1\nmode: enforce\nmx: *.*.example\nmax_age: 604800\n",
      "mta-sts-policy-mx-pattern",
      3,
      "*.*.example",
    ],
    [
      "trailing dot",
      "version: STSv1\nmode: enforce\nmx: mail.example.\nmax_age: 604800\n",
      "mta-sts-policy-mx-pattern",
      3,
      "mail.example.",
    ],
    [
      "U-label",
      "version: STSv1\nmode: enforce\nmx: mail.bücher.example\nmax_age: 604800\n",
      "mta-sts-policy-mx-pattern",
      3,
      "mail.bücher.example",
    ],
    ["enforce without mx", "version: STSv1\nmode: enforce\nmax_age: 604800\n", "mta-sts-policy-no-mx", undefined],
    [
      "duplicate mode",
      "version: STSv1\nmode: testing\nmode: enforce\nmx: a.example\nmax_age: 604800\n",
      "mta-sts-policy-duplicate-field",
      3,
    ],
    [
      "line without colon",
      "version: STSv1\nmode enforce\nmx: a.example\nmax_age: 604800\n",
      "mta-sts-policy-syntax",
      2,
      "mode enforce",
    ],
    [
      "leading space",
      "version: STSv1\n mode: enforce\nmx: a.example\nmax_age: 604800\n",
      "mta-sts-policy-leading-space",
      2,
      " mode: enforce",
    ],
    [
      "space before the colon",
      "version: STSv1\nmode : enforce\nmx: a.example\nmax_age: 604800\n",
      "mta-sts-policy-key",
      2,
      "mode ",
    ],
    ["empty value", "version: STSv1\nmode:\nmx: a.example\nmax_age: 604800\n", "mta-sts-policy-empty-value", 2],
    [
      "a NUL byte",
      "version: STSv1\nmode: enf\u0000orce\nmx: a.example\nmax_age: 604800\n",
      "mta-sts-policy-control-character",
      2,
      "\u0000",
    ],
    [
      "a blank line between fields",
      "version: STSv1\n\nmode: enforce\nmx: a.example\nmax_age: 604800\n",
      "mta-sts-policy-blank-line",
      2,
    ],
    ["an HTML page", "<html><body>Not found</body></html>", "mta-sts-policy-syntax", 1],
    ["empty file", "", "mta-sts-policy-missing-field", undefined],
  ];
  it.each(table)("%s → %s", (_name, text, code, line, at) => {
    const r = parseMtaStsPolicy(text);
    const d = r.diagnostics.find((x) => x.code === code);
    expect(d, JSON.stringify(r.diagnostics)).toBeDefined();
    if (line !== undefined) expect(d?.line).toBe(line);
    if (at !== undefined) expect(text.slice(d?.start, d?.end)).toBe(at);
    if (d?.severity === "error") expect(r.valid).toBe(false);
  });

  it("suggests max_age for max-age and stays invalid", () => {
    const r = parseMtaStsPolicy("version: STSv1\nmode: enforce\nmx: a.example\nmax-age: 604800\n");
    expect(r.valid).toBe(false);
    expect(r.policy.maxAge).toBeNull();
    expect(r.diagnostics.find((d) => d.code === "mta-sts-policy-unknown-field")?.message).toContain(
      'did you mean "max_age"',
    );
  });

  it("warns about a max_age under a week outside mode none, not in mode none", () => {
    expect(
      parseMtaStsPolicy("version: STSv1\nmode: enforce\nmx: a.example\nmax_age: 3600\n").diagnostics.map((d) => d.code),
    ).toEqual(["mta-sts-policy-max-age-short"]);
    expect(parseMtaStsPolicy("version: STSv1\nmode: none\nmax_age: 3600\n").diagnostics).toEqual([]);
  });

  it("reports a body over 64 KB and reads only the first 64 KB", () => {
    const r = parseMtaStsPolicy(`${VALID_CRLF}${"x".repeat(70_000)}`);
    expect(r.diagnostics.some((d) => d.code === "mta-sts-policy-too-large")).toBe(true);
    expect(r.valid).toBe(false);
  });
});

describe("parseMtaStsPolicy: properties", () => {
  const mxName = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?){1,3}$/);
  it("never throws, for random and truncated input", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), fc.nat(400), (text, cut) => {
        for (const t of [text, `${VALID_CRLF}${text}`, VALID_CRLF.slice(0, cut), `${text}${VALID_CRLF}`]) {
          const r = parseMtaStsPolicy(t);
          expect(typeof r.valid).toBe("boolean");
          for (const d of r.diagnostics) {
            expect(d.start ?? 0).toBeLessThanOrEqual(d.end ?? t.length);
            expect(d.end ?? 0).toBeLessThanOrEqual(t.length);
          }
        }
      }),
    );
  });

  it("round-trips generated valid policies, with either line ending", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("enforce", "testing"),
        fc.array(fc.tuple(fc.boolean(), mxName), { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 0, max: MAX_MAX_AGE }),
        fc.constantFrom("\r\n", "\n"),
        (mode, mxs, maxAge, eol) => {
          const patterns = [...new Set(mxs.map(([wild, name]) => (wild ? `*.${name}` : name)))];
          const text =
            ["version: STSv1", `mode: ${mode}`, ...patterns.map((p) => `mx: ${p}`), `max_age: ${maxAge}`].join(eol) +
            eol;
          const r = parseMtaStsPolicy(text);
          expect(r.valid).toBe(true);
          expect(r.policy).toEqual({ version: "STSv1", mode, mx: patterns, maxAge });
        },
      ),
    );
  });
});
