/**
 * OpenDMARC's tables (libopendmarc/tests), derived data in fixtures/dmarc/conformance/. OpenDMARC
 * is a lenient receiver; where our strict mode decides otherwise, each case names the RFC sentence
 * that wins.
 */
import { describe, expect, it } from "vitest";
import { isAligned } from "../../src/dmarc/align.ts";
import { extractFromDomain } from "../../src/dmarc/from-domain.ts";
import { parseDmarc } from "../../src/dmarc/parse.ts";
import type { DmarcSpec } from "../../src/dmarc/types.ts";
import { codes, fixtureJson, openDmarcStatus } from "./helpers.ts";

interface ParseCase {
  n: number;
  record: string;
  expected: string;
}
const parseCases = fixtureJson<{ cases: ParseCase[] }>("conformance/opendmarc-test_dmarc_parse.json").cases;

/**
 * Our decision per case where it differs from OpenDMARC's. `strict`/`lenient`: our status in that
 * mode; `diagnostic`: a code we must report instead of rejecting; `why`: the RFC text that wins.
 */
const differences: Record<
  number,
  { strict?: string; lenient?: string; spec?: Partial<Record<DmarcSpec, string>>; diagnostic?: string; why: string }
> = {
  5: {
    strict: "ERROR_BAD_VALUE",
    lenient: "OKAY",
    diagnostic: "dmarc-invalid-value",
    why: 'RFC 9989 §4.8: dmarc-request = "none" / "quarantine" / "reject"; "n" is none of them (OpenDMARC accepts prefixes, as our lenient mode does)',
  },
  10: {
    strict: "OKAY",
    lenient: "OKAY",
    diagnostic: "dmarc-invalid-value",
    why: "RFC 9989 §4.8 (RFC 7489 §6.3): syntax errors in the remainder of the record are discarded in favor of default values: adkim=r",
  },
  11: {
    strict: "OKAY",
    lenient: "OKAY",
    diagnostic: "dmarc-invalid-value",
    why: "RFC 9989 §4.8 (RFC 7489 §6.3): invalid aspf falls back to the default r; the record stays valid",
  },
  12: {
    strict: "OKAY",
    lenient: "OKAY",
    spec: { rfc9989: "dmarc-removed-tag", rfc7489: "dmarc-invalid-value" },
    why: "RFC 9989 Appendix C.5.2 removed rf (unknown tags MUST be ignored, §4.7); RFC 7489 §6.3 defaults an invalid rf to afrf",
  },
  13: {
    strict: "OKAY",
    lenient: "OKAY",
    spec: { rfc9989: "dmarc-removed-tag", rfc7489: "dmarc-invalid-value" },
    why: "RFC 9989 Appendix C.5.2 removed ri; RFC 7489 §6.3 defaults an invalid ri to 86400",
  },
  14: {
    strict: "OKAY",
    lenient: "OKAY",
    spec: { rfc9989: "dmarc-removed-tag", rfc7489: "dmarc-invalid-value" },
    why: "RFC 9989 Appendix A.6 removed pct; RFC 7489 §6.3 defaults an out-of-range pct to 100",
  },
  19: {
    strict: "OKAY",
    lenient: "OKAY",
    spec: { rfc9989: "dmarc-removed-tag", rfc7489: "dmarc-invalid-value" },
    why: "as case 12: rf is removed by RFC 9989, and an unregistered format defaults to afrf under RFC 7489 §6.3",
  },
};

/** Cases OpenDMARC accepts where we still report a problem (without rejecting the record). */
const alsoReported: Record<number, string> = {
  1: "dmarc-removed-tag", // rf=afrf under RFC 9989
  16: "dmarc-uri-not-mailto", // ftp:// is a URI, but receivers need only support mailto: (RFC 9989 §4.7)
  17: "dmarc-uri-invalid-mailto", // mailto://abuse.com has no addr-spec (RFC 6068 §2): no report can be sent
  18: "dmarc-unknown-tag", // foo=bar, buzz=happy: ignored (RFC 9989 §4.7)
};

describe("OpenDMARC test_dmarc_parse.c (19 cases)", () => {
  it("has 19 cases", () => expect(parseCases).toHaveLength(19));
  for (const c of parseCases) {
    for (const mode of ["strict", "lenient"] as const) {
      for (const spec of ["rfc9989", "rfc7489"] as const) {
        const diff = differences[c.n];
        const expected = (mode === "strict" ? diff?.strict : diff?.lenient) ?? c.expected;
        it(`case ${c.n} ${mode} ${spec}: ${JSON.stringify(c.record)} -> ${expected}${diff ? ` (OpenDMARC: ${c.expected}; ${diff.why})` : ""}`, () => {
          const r = parseDmarc(c.record, { mode, spec });
          expect(openDmarcStatus(r)).toBe(expected);
          const code =
            diff?.spec?.[spec] ?? (expected === c.expected && mode === "lenient" ? undefined : diff?.diagnostic);
          if (code !== undefined) expect(codes(r)).toContain(code);
          if (alsoReported[c.n] !== undefined && !(c.n === 1 && spec === "rfc7489"))
            expect(codes(r)).toContain(alsoReported[c.n]);
        });
      }
    }
  }
});

interface FromCase {
  n: number;
  raw_from: string;
  expected_domain: string;
}
const fromCases = fixtureJson<{ cases: FromCase[] }>("conformance/opendmarc-test_finddomain.json").cases;

describe("OpenDMARC test_finddomain.c (13 cases)", () => {
  it("has 13 cases", () => expect(fromCases).toHaveLength(13));
  for (const c of fromCases) {
    it(`case ${c.n}: ${JSON.stringify(c.raw_from)} -> ${c.expected_domain}`, () => {
      const r = extractFromDomain(c.raw_from);
      expect(r.domain).toBe(c.expected_domain);
      // Two mailboxes in two domains: RFC 9989 §5.3.1 says DMARC validation is then not possible.
      if (c.n === 7 || c.n === 8) {
        expect(r.domains).toEqual(["joe.com", "ace.com"]);
        expect(codes(r)).toContain("from-domain-multiple");
      } else {
        expect(r.domains).toEqual([c.expected_domain]);
      }
    });
  }
});

interface AlignCase {
  n: number;
  domain_a: string;
  domain_b: string;
  mode: "relaxed" | "strict";
  expected_aligned: boolean;
}
const alignCases = fixtureJson<{ cases: AlignCase[] }>("conformance/opendmarc-test_alignment.json").cases;

/** OpenDMARC strips leading, trailing and repeated dots; a name with an empty label is not a domain (RFC 1035 §3.1). */
const alignDifferences: Record<number, { aligned: boolean; why: string }> = {
  5: {
    aligned: false,
    why: 'RFC 1035 §3.1: ".mac.com." has an empty label; strict alignment (RFC 9989 §3.2.10.2) needs identical domains',
  },
  6: { aligned: false, why: '"....mac.com...." is not a domain name (empty labels, RFC 1035 §3.1)' },
};

describe("OpenDMARC test_alignment.c (10 cases)", () => {
  it("has 10 cases", () => expect(alignCases).toHaveLength(10));
  for (const c of alignCases) {
    const diff = alignDifferences[c.n];
    const expected = diff?.aligned ?? c.expected_aligned;
    it(`case ${c.n}: ${c.domain_a} ~ ${c.domain_b} (${c.mode}) -> ${expected}${diff ? ` (OpenDMARC: ${c.expected_aligned}; ${diff.why})` : ""}`, () => {
      expect(isAligned(c.domain_a, c.domain_b, c.mode)).toBe(expected);
      expect(isAligned(c.domain_b, c.domain_a, c.mode)).toBe(expected);
    });
  }
});
