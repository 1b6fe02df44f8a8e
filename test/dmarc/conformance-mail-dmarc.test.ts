/**
 * Mail::DMARC's tables (t/01.Policy.t __DATA__ and t/03.Base.t is_public_suffix), derived data in
 * fixtures/dmarc/conformance/. The 34 records are real-world and partly malformed; Mail::DMARC
 * deems each valid. So do we: malformed tag-specs are reported and ignored (RFC 9989 §4.8: syntax
 * errors are "discarded in favor of default values (if any) or ignored outright").
 */
import { describe, expect, it } from "vitest";
import { pslOrganizationalDomain } from "../../src/dmarc/org-domain.ts";
import { parseDmarc } from "../../src/dmarc/parse.ts";
import { codes, fixtureJson, fixtureText } from "./helpers.ts";

const lines = fixtureText("conformance/mail-dmarc-01.Policy.t.DATA.txt")
  .split("\n")
  .filter((l) => l.trim() !== "");

/** Mail::DMARC prefixes each line with its own `domain=<d>;` field; the record is the rest. */
function split(line: string): { domain: string; record: string } {
  const m = /^domain=([^;]+);(.*)$/.exec(line);
  if (m === null) throw new Error(`unexpected line ${line}`);
  return { domain: m[1] as string, record: m[2] as string };
}

/** Malformed tag-specs in these records, and what strict mode says of them. */
const malformed: Record<string, string[]> = {
  "fo:0": ["dmarc-malformed-tag"],
  "rf:afrf": ["dmarc-malformed-tag"],
  ";0;": ["dmarc-malformed-tag"],
  ";;": ["dmarc-empty-tag"],
  "1:d:s": ["dmarc-malformed-tag"],
  "sp-none": ["dmarc-malformed-tag"],
};

describe("Mail::DMARC t/01.Policy.t (34 real-world records)", () => {
  it("has 34 lines", () => expect(lines).toHaveLength(34));
  for (const line of lines) {
    const { domain, record } = split(line);
    it(`${domain}: usable in strict and lenient modes, every malformed part reported`, () => {
      for (const mode of ["strict", "lenient"] as const) {
        const r = parseDmarc(record, { mode });
        expect(r.isDmarc).toBe(true);
        expect(r.policyStatus).toBe("ok");
        expect(r.record?.p).toBe(
          /p=quarantine/.test(record) ? "quarantine" : /p=reject/.test(record) ? "reject" : "none",
        );
        for (const [needle, expected] of Object.entries(malformed)) {
          if (!record.includes(needle)) continue;
          // Lenient mode reads "fo:0" and "rf:afrf" as "fo=0" and "rf=afrf", with a warning.
          const lenientReads = mode === "lenient" && (needle === "fo:0" || needle === "rf:afrf");
          expect(codes(r)).toContain(lenientReads ? "dmarc-colon-as-equals" : expected[0]);
        }
      }
    });
  }

  it("reads the size limit of cmnet.org's rua (RFC 7489 §6.2) and flags it obsolete under RFC 9989 (§4.8)", () => {
    const { record } = split(lines.find((l) => l.startsWith("domain=cmnet.org")) as string);
    const r7489 = parseDmarc(record, { spec: "rfc7489" });
    expect(r7489.record?.rua[0]).toMatchObject({
      uri: "mailto:postmaster@cmnet.org",
      sizeLimit: "10m",
      maxBytes: 10 * 1024 * 1024,
      host: "cmnet.org",
    });
    expect(codes(r7489)).not.toContain("dmarc-uri-size-limit");
    expect(codes(parseDmarc(record))).toContain("dmarc-uri-size-limit");
  });

  it("keeps pct=100 and ri=86400 under RFC 7489 and reports them removed under RFC 9989", () => {
    const { record } = split(lines[1] as string);
    expect(parseDmarc(record, { spec: "rfc7489" }).record).toMatchObject({ pct: 100, ri: 86400 });
    const r = parseDmarc(record);
    expect(r.diagnostics.filter((d) => d.code === "dmarc-removed-tag").map((d) => d.tag)).toEqual(["pct", "ri"]);
    expect(r.record?.defaulted).toEqual(expect.arrayContaining(["pct", "ri", "rf"]));
  });
});

interface SuffixCase {
  domain: string;
  is_public_suffix: boolean;
}
const suffixCases = fixtureJson<{ cases: SuffixCase[] }>("conformance/mail-dmarc-03.Base.is_public_suffix.json").cases;

/**
 * Mail::DMARC's own suffix check; ours is the PSL algorithm (RFC 7489 §3.2 points to
 * publicsuffix.org), whose implicit "*" rule makes every unlisted TLD a public suffix.
 */
const suffixDifferences: Record<string, { suffix: boolean; why: string }> = {
  a: {
    suffix: true,
    why: 'PSL algorithm: "If no rules match, the prevailing rule is *" so an unlisted single label is a public suffix',
  },
  z: { suffix: true, why: "as for 'a'" },
  "*.uk": {
    suffix: false,
    why: '"*.uk" is not a domain name (a wildcard is a PSL rule, not a name): no answer at all',
  },
};

describe("Mail::DMARC t/03.Base.t is_public_suffix (11 cases)", () => {
  it("has 11 cases", () => expect(suffixCases).toHaveLength(11));
  for (const c of suffixCases) {
    const diff = suffixDifferences[c.domain];
    const expected = diff?.suffix ?? c.is_public_suffix;
    it(`${c.domain} -> ${expected}${diff ? ` (Mail::DMARC: ${c.is_public_suffix}; ${diff.why})` : ""}`, () => {
      const r = pslOrganizationalDomain(c.domain);
      if (c.domain === "*.uk") {
        expect(r.status).toBe("invalid");
        return;
      }
      expect(r.status).toBe("ok");
      expect(r.registrableDomain === null).toBe(expected);
      // The PSL has only "*.sch.uk" (and "uk"): by the algorithm "sch.uk" is registrable under "uk",
      // and it is its own Organizational Domain (tldts 7.4.15 follows the algorithm here).
      if (c.domain === "sch.uk") expect(r.orgDomain).toBe("sch.uk");
    });
  }
});
