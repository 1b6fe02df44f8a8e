/**
 * Property tests: any input string never throws, and results keep their invariants.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseTagList } from "../../src/common/tag-list.ts";
import { isAligned } from "../../src/dmarc/align.ts";
import { discoverDmarc } from "../../src/dmarc/discover.ts";
import { extractFromDomain } from "../../src/dmarc/from-domain.ts";
import { walkTargets } from "../../src/dmarc/lookup.ts";
import { pslOrganizationalDomain } from "../../src/dmarc/org-domain.ts";
import { parseDmarc } from "../../src/dmarc/parse.ts";
import { zone } from "./helpers.ts";

const RUNS = { numRuns: 400 };

/** Strings built from DMARC-ish pieces, so that the parser's deeper paths are reached. */
const piece = fc.constantFrom(
  "v=DMARC1",
  "V=DMARC1",
  "v=dmarc1",
  "p=reject",
  "p=none",
  "p=q",
  "sp=quarantine",
  "np=reject",
  "adkim=s",
  "aspf=x",
  "pct=50",
  "pct=500",
  "rf=afrf",
  "ri=86400",
  "fo=0:1:d",
  "fo:1",
  "psd=y",
  "t=y",
  "rua=mailto:a@b.example",
  "rua=mailto:a@b.example!10m",
  "ruf=mailto://x",
  "rua=mailto:%zz@x",
  "foo=bar",
  "=",
  ";",
  ";;",
  " ",
  "\t",
  "\u0000",
  "é",
  ",",
  "!",
  "mailto:",
  "@",
  "",
);
const dmarcish = fc
  .tuple(
    fc.array(fc.oneof(piece, fc.string({ maxLength: 8 })), { maxLength: 12 }),
    fc.constantFrom(";", "; ", " ; ", ""),
  )
  .map(([parts, sep]) => parts.join(sep));
const anyText = fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: "binary", maxLength: 100 }), dmarcish);

describe("parseDmarc never throws and stays consistent", () => {
  it("for any string, in both modes and both specs", () => {
    fc.assert(
      fc.property(
        anyText,
        fc.constantFrom("strict", "lenient"),
        fc.constantFrom("rfc9989", "rfc7489"),
        (text, mode, spec) => {
          const r = parseDmarc(text, { mode: mode as "strict" | "lenient", spec: spec as "rfc9989" | "rfc7489" });
          expect(r.text).toBe(text);
          expect(r.isDmarc).toBe(r.record !== undefined);
          expect(r.errors).toBe(r.diagnostics.filter((d) => d.severity === "error").length);
          for (const d of r.diagnostics) {
            expect(typeof d.code).toBe("string");
            expect(d.refs.length).toBeGreaterThan(0);
            if (d.start !== undefined) {
              expect(d.start).toBeGreaterThanOrEqual(0);
              expect(d.end ?? d.start).toBeLessThanOrEqual(text.length);
              expect(d.start).toBeLessThanOrEqual(d.end ?? d.start);
            }
          }
          for (const t of r.tags) expect(text.slice(t.valueStart, t.valueEnd)).toBe(t.value);
          if (r.record !== undefined) {
            expect(["none", "quarantine", "reject"]).toContain(r.record.p);
            expect(r.record.pct).toBeGreaterThanOrEqual(0);
            expect(r.record.pct).toBeLessThanOrEqual(100);
            expect(r.record.rua.every((u) => u.valid)).toBe(true);
          }
          // Results are plain JSON.
          expect(JSON.parse(JSON.stringify(r))).toEqual(r);
        },
      ),
      RUNS,
    );
  });

  it("lenient mode never rejects what strict mode accepts", () => {
    fc.assert(
      fc.property(dmarcish, (text) => {
        const strict = parseDmarc(text);
        const lenient = parseDmarc(text, { mode: "lenient" });
        if (strict.isDmarc) expect(lenient.isDmarc).toBe(true);
        if (
          strict.policyStatus !== "unusable" &&
          strict.isDmarc &&
          !strict.diagnostics.some((d) => d.code === "dmarc-duplicate-tag")
        ) {
          expect(lenient.policyStatus).not.toBe("unusable");
        }
      }),
      RUNS,
    );
  });
});

describe("the other parsers never throw", () => {
  it("parseTagList: tags are in order and inside the text", () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const r = parseTagList(text, { colonAsEquals: ["fo"] });
        let last = -1;
        for (const t of r.tags) {
          expect(t.start).toBeGreaterThan(last);
          expect(t.end).toBeLessThanOrEqual(text.length);
          expect(text.slice(t.nameStart, t.nameEnd)).toBe(t.name);
          last = t.end;
        }
      }),
      RUNS,
    );
  });

  it("extractFromDomain, pslOrganizationalDomain, isAligned, walkTargets", () => {
    fc.assert(
      fc.property(anyText, fc.domain(), fc.domain(), (text, a, b) => {
        const f = extractFromDomain(text);
        expect(f.domain === undefined).toBe(f.domains.length === 0);
        const org = pslOrganizationalDomain(text);
        expect(["ok", "invalid"]).toContain(org.status);
        expect(isAligned(a, a, "strict")).toBe(true);
        expect(isAligned(a, b, "relaxed")).toBe(isAligned(b, a, "relaxed"));
        if (isAligned(a, b, "strict")) expect(isAligned(a, b, "relaxed")).toBe(true);
        const o = pslOrganizationalDomain(a);
        expect(o.status).toBe("ok");
        expect(a.toLowerCase().endsWith(o.orgDomain as string)).toBe(true);
        const w = walkTargets(a.toLowerCase());
        expect(w.length).toBeLessThanOrEqual(8);
        expect(w.at(-1)).toBe(a.toLowerCase().split(".").at(-1));
      }),
      RUNS,
    );
  });

  it("discoverDmarc gives a typed result for any From domain and any record text", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.domain(), fc.string({ maxLength: 40 })), anyText, async (from, text) => {
        const name = `_dmarc.${from}`;
        const records: Record<string, unknown> = {};
        if (!/[^a-z0-9.-]/i.test(from) && from.length > 0 && from.length < 200) records[name] = { TXT: [text] };
        const d = await discoverDmarc(from, { resolver: zone(records) });
        expect(["found", "invalid", "none", "temperror"]).toContain(d.status);
        expect(d.lookups.length).toBeLessThanOrEqual(8);
        expect(JSON.parse(JSON.stringify(d))).toEqual(d);
      }),
      { numRuns: 150 },
    );
  });
});
