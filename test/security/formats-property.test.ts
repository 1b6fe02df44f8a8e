/**
 * Outputs stay inert (issue 18 §2, §4): for random strings placed in every data field of a report
 * (names, records, notes, reasons, messages, fixes the way rules write them), every format stays
 * what its template made it. Text: no control or invisible character, and no line more or less.
 * Markdown (rendered by `marked`, GFM) and HTML (parsed by `parse5`): the same elements and
 * attribute names as the same report with plain values. SARIF: no message can hold an embedded
 * link (§3.11.6), and none holds a control or invisible character.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { AuditReport } from "../../src/audit/report-types.ts";
import { ruleMeta } from "../../src/cli/rule-meta.ts";
import { hasUnsafeChars } from "../../src/common/printable.ts";
import { formatHtml } from "../../src/report/html.ts";
import { formatMarkdown } from "../../src/report/markdown.ts";
import { formatSarif } from "../../src/report/sarif.ts";
import { formatText } from "../../src/report/text.ts";
import { PAYLOADS } from "../helpers/hostile-zone.ts";
import { sampleReport } from "../report/samples.ts";
import { attributes, injectStrings, markdownToHtml, sarifBracketsEscaped, skeleton } from "./format-helpers.ts";

/** Characters and fragments that mean something to a terminal, a Markdown renderer, SARIF or a browser. */
const NASTY = [
  "\n",
  "\r",
  "\t",
  "\u001b[31m",
  "\u0007",
  "\u0085",
  "\u2028",
  "\u2029",
  "\u200b",
  "\u200d",
  "\u200e",
  "\u202e",
  "\u2066",
  "\u2060",
  "\u2064",
  "\ufeff",
  "\u{e0041}",
  "\u{fe0f}",
  "\ud800",
  "#",
  "# ",
  "> ",
  "- ",
  "1. ",
  "    ",
  "|",
  "---",
  "===",
  "`",
  "```",
  "~~~",
  "*",
  "_",
  "~",
  "\\",
  "[",
  "]",
  "(",
  ")",
  "![x](https://evil.example/i.png)",
  "[x](https://evil.example)",
  "<",
  ">",
  "&",
  "&lt;",
  "<script>",
  "<img src=x onerror=alert(1)>",
  '"',
  "'",
  "https://evil.example",
  "www.evil.example",
  "a@evil.example",
  "@user",
  "#12",
  "$x$",
  " ",
  "  ",
  "x",
  ...PAYLOADS,
];

const randomText = fc.oneof(
  fc.string({ unit: fc.constantFrom(...NASTY), minLength: 1, maxLength: 12 }),
  fc.string({ unit: "binary", minLength: 1, maxLength: 40 }),
  fc.string({ unit: "grapheme", minLength: 1, maxLength: 20 }),
);

/** The sample report with the strings `values` (cycled) in every data field. */
function withValues(values: readonly string[]): AuditReport {
  let i = 0;
  return injectStrings(sampleReport(), () => values[i++ % values.length] ?? "x");
}

const plain = withValues(["x"]);
const options = { ruleMeta };
const CODE = new Set(["code"]);
const baseline = {
  // No width limit: wrapping adds lines by design (the width is tested in test/report/text-width.test.ts).
  textLines: formatText(plain, { width: Number.POSITIVE_INFINITY }).split("\n").length,
  markdown: skeleton(markdownToHtml(formatMarkdown(plain, options)), CODE),
  html: skeleton(formatHtml(plain, options)),
};

const RUNS = { numRuns: 60 };

describe("every output format stays inert whatever the data (property, issue 18 §4)", () => {
  it("text: no control or invisible character on any line, and exactly the template's lines", () => {
    fc.assert(
      fc.property(fc.array(randomText, { minLength: 1, maxLength: 64 }), (values) => {
        const out = formatText(withValues(values), { width: Number.POSITIVE_INFINITY });
        const lines = out.split("\n");
        for (const line of lines) expect(hasUnsafeChars(line), JSON.stringify(line)).toBe(false);
        expect(lines).toHaveLength(baseline.textLines);
      }),
      RUNS,
    );
  });

  it("Markdown: renders the template's elements and attributes, and no other", () => {
    fc.assert(
      fc.property(fc.array(randomText, { minLength: 1, maxLength: 64 }), (values) => {
        const html = markdownToHtml(formatMarkdown(withValues(values), options));
        expect(skeleton(html, CODE)).toEqual(baseline.markdown);
        for (const a of attributes(html))
          if (a.name === "href" || a.name === "src") expect(a.value).not.toMatch(/evil/);
      }),
      RUNS,
    );
  });

  it("SARIF: no message holds an embedded link or a control or invisible character", () => {
    fc.assert(
      fc.property(fc.array(randomText, { minLength: 1, maxLength: 64 }), (values) => {
        const log = JSON.parse(formatSarif(withValues(values), options)) as {
          runs: { results: { message: { text: string } }[] }[];
        };
        for (const result of log.runs[0]?.results ?? []) {
          expect(sarifBracketsEscaped(result.message.text), result.message.text).toBe(true);
          expect(hasUnsafeChars(result.message.text)).toBe(false);
        }
      }),
      RUNS,
    );
  });

  it("HTML: the template's elements and attributes, and no other; no event handler, no script", () => {
    fc.assert(
      fc.property(fc.array(randomText, { minLength: 1, maxLength: 64 }), (values) => {
        const html = formatHtml(withValues(values), options);
        expect(skeleton(html)).toEqual(baseline.html);
        for (const a of attributes(html)) {
          expect(a.name).not.toMatch(/^on/i);
          if (a.name === "href") expect(a.value).not.toMatch(/evil|javascript:/i);
        }
      }),
      RUNS,
    );
  });
});
