/**
 * The Public Suffix List's own test cases (publicsuffix/list tests/tests.txt, 78 cases) through our
 * RFC 7489 §3.2 Organizational Domain code (tldts, PRIVATE section included), and a comparison of
 * tldts's embedded list with the PSL copy in fixtures/dmarc/psl/ (2026-08-19).
 */
import { domainToASCII } from "node:url";
import { getPublicSuffix } from "tldts";
import { describe, expect, it } from "vitest";
import { isAligned } from "../../src/dmarc/align.ts";
import { pslOrganizationalDomain } from "../../src/dmarc/org-domain.ts";
import { fixtureText } from "./helpers.ts";

const cases = fixtureText("psl/tests.txt")
  .split("\n")
  .map((l) => l.trim())
  .filter((l) => l !== "" && !l.startsWith("//"))
  .map((l) => l.split(/\s+/) as [string, string]);

describe("PSL tests.txt (78 cases): registrable domain", () => {
  it("has 78 active cases", () => expect(cases).toHaveLength(78));
  for (const [input, expected] of cases) {
    it(`${input} -> ${expected}`, () => {
      const r = pslOrganizationalDomain(input === "null" ? "" : input);
      // "null" input, leading dots and empty labels are not domain names.
      const want = expected === "null" ? null : domainToASCII(expected.toLowerCase());
      if (input === "null" || input.startsWith(".")) {
        expect(r.status).toBe("invalid");
        expect(want).toBeNull();
        return;
      }
      expect(r.status).toBe("ok");
      expect(r.registrableDomain).toBe(want);
      // The Organizational Domain is the registrable domain, or the name itself when it is a suffix.
      expect(r.orgDomain).toBe(want ?? domainToASCII(input.toLowerCase()));
    });
  }
});

describe("the PRIVATE section of the PSL is used (docs/dmarc.md)", () => {
  it("keeps two github.io sites apart (relaxed alignment would otherwise let one spoof the other)", () => {
    expect(pslOrganizationalDomain("victim.github.io").orgDomain).toBe("victim.github.io");
    expect(isAligned("victim.github.io", "attacker.github.io", "relaxed")).toBe(false);
    expect(pslOrganizationalDomain("victim.github.io", { privateDomains: false }).orgDomain).toBe("github.io");
  });
});

/**
 * Rules of the fixture PSL (2026-08-19) that tldts 7.4.15's embedded copy answers differently
 * (tldts is pinned to the version mailauth pins, so that an install holds one copy of the PSL).
 */
const KNOWN_VERSION_DIFFERENCES = [
  "demo.datacenter.fi",
  "paas.datacenter.fi",
  "alpha-myqnapcloud.com",
  "dev-myqnapcloud.com",
  "xnbay.com",
  "u2.xnbay.com",
  "u2-local.xnbay.com",
];

describe("tldts's embedded PSL against fixtures/dmarc/psl/public_suffix_list.dat", () => {
  it("agrees on every rule but a known handful of PRIVATE-section entries (PSL version differences)", () => {
    let section = "icann";
    const differing: Array<{ rule: string; section: string }> = [];
    let rules = 0;
    for (const raw of fixtureText("psl/public_suffix_list.dat").split("\n")) {
      const line = raw.trim();
      if (line.includes("===BEGIN PRIVATE DOMAINS===")) section = "private";
      if (line === "" || line.startsWith("//")) continue;
      rules++;
      let probe: string;
      let expected: string;
      if (line.startsWith("!")) {
        const r = domainToASCII(line.slice(1));
        probe = `zz.${r}`;
        expected = r.split(".").slice(1).join(".");
      } else if (line.startsWith("*.")) {
        const r = domainToASCII(line.slice(2));
        probe = `zz.yy.${r}`;
        expected = `yy.${r}`;
      } else {
        const r = domainToASCII(line);
        probe = `zz.${r}`;
        expected = r;
      }
      if (getPublicSuffix(probe, { allowPrivateDomains: true, extractHostname: false }) !== expected)
        differing.push({ rule: line, section });
    }
    expect(rules).toBe(10248);
    expect(differing.every((d) => d.section === "private")).toBe(true);
    expect(differing.map((d) => d.rule)).toEqual(KNOWN_VERSION_DIFFERENCES);
  });
});
