/**
 * The size findings at their exact boundaries, so that a changed threshold fails: RFC 7208 §3.4
 * ("it might be wise to keep the answer under 450 octets": the name and all TXT records of the
 * answer) and RFC 1035 §3.3 (a character-string holds at most 255 octets).
 */
import { describe, expect, it } from "vitest";
import { FixtureResolver } from "../../src/dns/fixture/resolver.ts";
import { analyzeSpf } from "../../src/spf/analyze.ts";
import { MAX_ANSWER_BYTES, MAX_STRING_BYTES } from "../../src/spf/findings.ts";

const NAME = "contoso.example"; // 15 octets, counted in the answer size (§3.4)

/** An SPF record padded with an unknown modifier (ignored, §6) to exactly `octets`, in strings of at most 255. */
function record(octets: number): string[] {
  const head = "v=spf1 -all pad=";
  const text = head + "x".repeat(octets - head.length);
  const strings: string[] = [];
  for (let i = 0; i < text.length; i += 255) strings.push(text.slice(i, i + 255));
  return strings;
}

async function findingCodes(txt: (string | string[])[]): Promise<{ codes: string[]; answerBytes?: number }> {
  const resolver = new FixtureResolver({ version: 1, records: { [NAME]: { TXT: txt } } });
  const a = await analyzeSpf(NAME, { resolver, checkSpfType: false });
  const out: { codes: string[]; answerBytes?: number } = { codes: a.findings.map((f) => f.code) };
  if (a.root.size !== undefined) out.answerBytes = a.root.size.answerBytes;
  return out;
}

describe("record-too-large: over 450 octets of answer (RFC 7208 §3.4)", () => {
  it("the limits are RFC 7208 §3.4's 450 and RFC 1035's 255", () => {
    expect(MAX_ANSWER_BYTES).toBe(450);
    expect(MAX_STRING_BYTES).toBe(255);
  });

  it.each([
    [450, false],
    [451, true],
    [480, true],
    [512, true],
    [600, true],
  ])("an answer of %i octets (name included): warning %s", async (answer, warned) => {
    const r = await findingCodes([record(answer - NAME.length)]);
    expect(r.answerBytes).toBe(answer);
    expect(r.codes.includes("record-too-large")).toBe(warned);
  });

  it("other TXT records of the name count too", async () => {
    const spf = record(300);
    const other = "google-site-verification=" + "y".repeat(140); // 165 octets
    expect((await findingCodes([spf])).codes).not.toContain("record-too-large");
    const both = await findingCodes([spf, other]);
    expect(both.answerBytes).toBe(NAME.length + 300 + 165);
    expect(both.codes).toContain("record-too-large");
  });
});

describe("string-too-long: a character-string over 255 octets (RFC 1035 §3.3, RFC 7208 §3.3)", () => {
  it.each([
    [255, false],
    [256, true],
  ])("one string of %i octets: error %s", async (octets, flagged) => {
    const text = `v=spf1 -all pad=${"x".repeat(octets - 16)}`;
    expect(text.length).toBe(octets);
    expect((await findingCodes([[text]])).codes.includes("string-too-long")).toBe(flagged);
  });
});
