import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { audit } from "../../src/audit/api.ts";
import type { AuditReport } from "../../src/audit/report-types.ts";
import { readHttpsFixtureFile } from "../../src/cli/transport-flags.ts";
import { FixtureResolver } from "../../src/dns/fixture/resolver.ts";
import { formatHtml } from "../../src/report/html.ts";
import { formatMarkdown } from "../../src/report/markdown.ts";
import { formatText } from "../../src/report/text.ts";
import { textTable } from "../../src/report/text-table.ts";
import { DEFAULT_TEXT_WIDTH, displayWidth, textWidth, wrapLine } from "../../src/report/text-width.ts";
import { loadAggregateReports } from "../../src/reports/load.ts";
import { offlineFetch } from "../../src/transport/https-fixture.ts";
import { injectStrings } from "../security/format-helpers.ts";

const ANSI = /\u001b\[[0-9;]*m/g;
const widest = (text: string) => Math.max(0, ...text.split("\n").map(displayWidth));

describe("displayWidth: columns a terminal gives a string", () => {
  it.each([
    ["plain ASCII", "v=spf1 -all", 11],
    ["colour sequences take no room", "\u001b[31mFAIL\u001b[39m", 4],
    ["a combining mark takes none", "e\u0301", 1],
    ["CJK ideographs take two", "例子", 4],
    ["full-width forms take two", "ＡＢ", 4],
    ["an emoji shown as a picture takes two", "✅", 2],
    ["box drawing and marks take one", "│┆✖⚠·", 5],
  ])("%s", (_, text, width) => {
    expect(displayWidth(text)).toBe(width);
  });
});

describe("wrapLine", () => {
  it.each([
    ["a line that fits stays whole", "  short line", 20, {}, ["  short line"]],
    ["breaks at the last space that fits", "alpha beta gamma delta", 11, {}, ["alpha beta", "gamma delta"]],
    [
      "later lines start with the continuation",
      "    - alpha beta gamma",
      14,
      { continuation: "      " },
      ["    - alpha", "      beta", "      gamma"],
    ],
    ["breaks inside a word only when it alone is too wide", "abcdefghijkl xy", 5, {}, ["abcde", "fghij", "kl xy"]],
    [
      "never leaves a mark alone on a line (a bar, a bullet)",
      "  │ google-site-verification=abc",
      16,
      { continuation: "  ┆ " },
      ["  │ google-site-", "  ┆ verification", "  ┆ =abc"],
    ],
    [
      "keeps colour sequences where they were",
      "\u001b[1mbold\u001b[22m words here",
      10,
      {},
      ["\u001b[1mbold\u001b[22m words", "here"],
    ],
  ])("%s", (_, line, width, options, expected) => {
    const out = wrapLine(line, width, options);
    expect(out).toEqual(expected);
    for (const l of out) expect(displayWidth(l)).toBeLessThanOrEqual(width);
  });

  it("wide characters count double", () => {
    const out = wrapLine("例子例子例子", 5);
    expect(out).toEqual(["例子", "例子", "例子"]);
  });

  it("holds for any text and width (property)", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom("a", "b", " ", "例", "é", "\u0301", "-", "✅"), maxLength: 300 }),
        fc.integer({ min: 10, max: 120 }),
        fc.constantFrom("", "  ", "      ┆ "),
        (text, width, continuation) => {
          const out = wrapLine(text, width, { continuation });
          for (const l of out) expect(displayWidth(l)).toBeLessThanOrEqual(width);
          // Nothing is lost but the spaces at the breaks and the continuations.
          const strip = (s: string) => s.replace(/[ ┆]/g, "");
          expect(strip(out.join(""))).toBe(strip(text));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("textWidth", () => {
  it.each([
    [undefined, DEFAULT_TEXT_WIDTH],
    [Number.NaN, DEFAULT_TEXT_WIDTH],
    [80.7, 80],
    [5, 20],
    [Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY],
  ])("%s -> %s", (given, expected) => {
    expect(textWidth(given)).toBe(expected);
  });
});

describe("textTable at a width", () => {
  const header = ["PATH", "FROM", "VERDICT", "REASON"];
  const rows = [
    ["onprem-via-relay", "contoso.example", "FRAGILE", "DMARC passes through DKIM only: SPF fail for contoso.example"],
    ["exo", "contoso.example", "PASS", "SPF and DKIM both aligned"],
  ];

  it("pads columns to their widest cell when the table fits", () => {
    expect(textTable(header, rows, { width: 200 }).split("\n")).toEqual([
      "  PATH              FROM             VERDICT  REASON",
      "  onprem-via-relay  contoso.example  FRAGILE  DMARC passes through DKIM only: SPF fail for contoso.example",
      "  exo               contoso.example  PASS     SPF and DKIM both aligned",
    ]);
  });

  it("wraps the wide column inside its cells when it does not", () => {
    expect(textTable(header, rows, { width: 80 }).split("\n")).toEqual([
      "  PATH              FROM             VERDICT  REASON",
      "  onprem-via-relay  contoso.example  FRAGILE  DMARC passes through DKIM only:",
      "                                              SPF fail for contoso.example",
      "  exo               contoso.example  PASS     SPF and DKIM both aligned",
    ]);
  });

  it("becomes one card per row when the columns cannot fit without breaking words", () => {
    expect(textTable(header, rows, { width: 50 }).split("\n")).toEqual([
      "  onprem-via-relay",
      "    FROM: contoso.example   VERDICT: FRAGILE",
      "    REASON: DMARC passes through DKIM only: SPF",
      "      fail for contoso.example",
      "  exo",
      "    FROM: contoso.example   VERDICT: PASS",
      "    REASON: SPF and DKIM both aligned",
    ]);
  });

  it("never writes a line wider than the width (property)", () => {
    const cell = fc.string({ unit: fc.constantFrom("a", "b", " ", "-", ".", "例"), maxLength: 60 });
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { minLength: 4, maxLength: 4 }), { maxLength: 6 }),
        fc.integer({ min: 20, max: 200 }),
        (cells, width) => {
          expect(widest(textTable(header, cells, { width }))).toBeLessThanOrEqual(width);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("the text report fits its width (property over random reports, widths 40 to 200)", () => {
  let demo: AuditReport;
  beforeAll(async () => {
    // The bundled example with its DMARC reports and MTA-STS policy: every section of the report.
    const dir = join(import.meta.dirname, "../../fixtures/examples/contoso");
    const loaded = await loadAggregateReports([join(dir, "dmarc-reports.zip.gz")]);
    demo = await audit(readFileSync(join(dir, "org.json"), "utf8"), {
      resolver: await FixtureResolver.fromFile(join(dir, "dns.json")),
      now: new Date("2026-11-23T09:00:00Z"),
      reports: { source: loaded.reports },
      transport: { https: { fetch: (await readHttpsFixtureFile(join(dir, "dns.https.json"))) ?? offlineFetch } },
    });
  }, 60_000);

  it("the example at every width from 40 to 200: no line wider, colour or not", () => {
    for (let width = 40; width <= 200; width++) {
      const plain = formatText(demo, { width });
      expect(widest(plain), `width ${width}`).toBeLessThanOrEqual(width);
      // Colour never changes the layout: the same text once the escape sequences are removed.
      expect(formatText(demo, { width, color: true }).replace(ANSI, "")).toBe(plain);
    }
  });

  it("a sender class outside its union (a name such as toString) is shown as itself in every format", () => {
    const report = structuredClone(demo);
    const first = report.senders?.classes[0];
    expect(first).toBeDefined();
    (first as { class: string }).class = "toString";
    expect(formatText(report, { width: 80 })).toMatch(/\n\s+toString\s/);
    expect(formatMarkdown(report)).toContain("| toString |");
    expect(formatHtml(report)).toContain('<span class="swatch toString"></span>toString<');
  });

  it("random data in every field, random widths", () => {
    const text = fc.oneof(
      fc.string({
        unit: fc.constantFrom("a", "-", ".", " ", "例", "é", "✅", "\t", "\n"),
        minLength: 1,
        maxLength: 80,
      }),
      fc.string({ unit: "grapheme", minLength: 1, maxLength: 30 }),
      fc.string({ unit: "binary", minLength: 1, maxLength: 30 }),
    );
    fc.assert(
      fc.property(
        fc.array(text, { minLength: 1, maxLength: 32 }),
        fc.integer({ min: 40, max: 200 }),
        fc.boolean(),
        (values, width, color) => {
          let i = 0;
          const report = injectStrings(demo, () => values[i++ % values.length] ?? "x");
          const out = formatText(report, { width, color });
          for (const line of out.split("\n"))
            expect(displayWidth(line), JSON.stringify(line)).toBeLessThanOrEqual(width);
        },
      ),
      { numRuns: 40 },
    );
  });
});
