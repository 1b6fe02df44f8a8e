/**
 * Outputs stay inert (issue 18 §2): invisible characters made visible, SARIF brackets escaped, and
 * a broken SPF record with newlines, pasted by a rule into its fix, creating no heading, link,
 * image, table or fake line in any format. The audit runs over DNS served on loopback.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { audit } from "../../src/audit/api.ts";
import type { AuditReport } from "../../src/audit/report-types.ts";
import { ruleMeta } from "../../src/cli/rule-meta.ts";
import { hasUnsafeChars, printable } from "../../src/common/printable.ts";
import { FixtureResolver } from "../../src/dns/fixture/resolver.ts";
import type { DnsFixture } from "../../src/dns/fixture/types.ts";
import { DnsResolver } from "../../src/dns/wire/resolver.ts";
import { formatHtml } from "../../src/report/html.ts";
import { esc } from "../../src/report/html-escape.ts";
import { formatMarkdown } from "../../src/report/markdown.ts";
import { mdProse, mdText } from "../../src/report/markdown-text.ts";
import { formatSarif, sarifText } from "../../src/report/sarif.ts";
import { formatText } from "../../src/report/text.ts";
import { EXAMPLE_DIR } from "../cli/harness.ts";
import { type HostileServer, startHostileServer } from "../helpers/hostile-dns.ts";
import { PAYLOADS } from "../helpers/hostile-zone.ts";
import { attributes, markdownToHtml, sarifBracketsEscaped, skeleton } from "./format-helpers.ts";

describe("control and invisible characters become visible escapes", () => {
  const table: [string, string][] = [
    ["\u200b", "\\u{200b}"],
    ["\u200c", "\\u{200c}"],
    ["\u200d", "\\u{200d}"],
    ["\u200e", "\\u{200e}"],
    ["\u200f", "\\u{200f}"],
    ["\u2060", "\\u{2060}"],
    ["\u2061", "\\u{2061}"],
    ["\u2062", "\\u{2062}"],
    ["\u2063", "\\u{2063}"],
    ["\u2064", "\\u{2064}"],
    ["\ufeff", "\\u{feff}"],
    ["\u202a", "\\u{202a}"],
    ["\u202e", "\\u{202e}"],
    ["\u2066", "\\u{2066}"],
    ["\u2069", "\\u{2069}"],
    ["\u061c", "\\u{61c}"],
    ["\u00ad", "\\u{ad}"],
    ["\u2028", "\\u{2028}"],
    ["\u2029", "\\u{2029}"],
    ["\u{e0001}", "\\u{e0001}"],
    ["\u{e0041}", "\\u{e0041}"],
    ["\u{e007f}", "\\u{e007f}"],
    ["\u{fe0f}", "\\u{fe0f}"],
    ["\u3164", "\\u{3164}"],
    ["\u001b", "\\u{1b}"],
    ["\r", "\\u{d}"],
    ["\n", "\\u{a}"],
    ["\u0085", "\\u{85}"],
    ["\ud800", "\\u{d800}"],
    ["\uffff", "\\u{ffff}"],
  ];
  it.each(table)("%j → %s in text, Markdown, HTML and SARIF", (ch, visible) => {
    expect(printable(`a${ch}b`)).toBe(`a${visible}b`);
    expect(mdText(`a${ch}b`)).toBe(`a${visible.replace(/[\\{}]/g, "\\$&")}b`);
    expect(esc(`a${ch}b`)).toBe(`a${visible}b`);
    expect(sarifText(`a${ch}b`)).toBe(`a${visible.replace(/\\/g, "\\\\")}b`);
  });
  it("leaves visible text alone (letters, accents, CJK, emoji, spaces)", () => {
    for (const text of ["contoso.example", "Zürich café", "日本語", "🙂 ok", "a  b"])
      expect(printable(text)).toBe(text);
  });
});

describe("SARIF messages cannot hold an embedded link (SARIF 2.1.0 §3.11.6)", () => {
  it.each([
    ["[text](https://evil.example)", "\\[text\\](https://evil.example)"],
    ["\\[a]", "\\\\\\[a\\]"],
    ["a\\", "a\\\\"],
  ])("%s → %s", (input, output) => {
    expect(sarifText(input)).toBe(output);
    expect(sarifBracketsEscaped(sarifText(input))).toBe(true);
  });
});

describe("a fix keeps the Markdown subset rules write, and nothing else", () => {
  it("escapes what a newline in pasted DNS text would start, outside code", () => {
    const fix =
      "Publish:\n\n    v=spf1 -all\n# Injected\n[x](https://evil.example) ![i](https://evil.example/i.png)\n| a | b |\n|---|---|";
    expect(mdProse(fix)).toBe(
      "Publish:\n\n    v=spf1 -all\n\\# Injected\n`[x](https://evil.example)` `![i](https://evil.example/i.png)`\n\\| a \\| b \\|\n\\|---\\|---\\|",
    );
    const html = markdownToHtml(mdProse(fix));
    expect(skeleton(html, new Set(["code"]))).toEqual([
      "<html[]",
      "<head[]",
      "</head>",
      "<body[]",
      "<p[]",
      "</p>",
      "<pre[]",
      "</pre>",
      "<p[]",
      "</p>",
      "</body>",
      "</html>",
    ]);
  });
});

/** The Contoso description and DNS, with contoso.example's SPF record broken by every payload. */
function hostileContoso(): { org: unknown; fixture: DnsFixture } {
  const org = JSON.parse(readFileSync(join(EXAMPLE_DIR, "org.json"), "utf8")) as unknown;
  const fixture = JSON.parse(readFileSync(join(EXAMPLE_DIR, "dns.json"), "utf8")) as DnsFixture;
  const owner = fixture.records["contoso.example"];
  if (owner === undefined) throw new Error("the example has no contoso.example");
  owner.TXT = [
    [`v=spf1 ip4:198.51.100.0/28 include:spf.protection.outlook.com ${PAYLOADS[0]}`, ` ${PAYLOADS[2]} -all`],
    "MS=ms48151623",
  ];
  const dmarc = fixture.records["_dmarc.contoso.example"];
  if (dmarc !== undefined) dmarc.TXT = [`v=DMARC1; p=none; rua=mailto:d@contoso.example ${PAYLOADS[6]}`];
  return { org, fixture };
}

describe("a broken SPF record with newlines, over the wire, in every format", () => {
  let server: HostileServer;
  let report: AuditReport;
  beforeAll(async () => {
    const { org, fixture } = hostileContoso();
    server = await startHostileServer({ zone: new FixtureResolver(fixture), zoneSuffix: "example" });
    const resolver = new DnsResolver({ servers: [`127.0.0.1:${server.port}`], timeoutMs: 5_000, attempts: 2 });
    report = await audit(org, { resolver });
  }, 60_000);
  afterAll(async () => server?.stop());

  it("the rule's fix proposes one clean record on one line: the broken terms (and their payloads) left out", () => {
    const finding = report.findings.find((f) => f.ruleId === "smarthost-not-authorized");
    expect(finding?.fix).toMatch(
      /^Publish one valid SPF record for contoso\.example that authorises .*:\n\n {4}v=spf1 [^\n]*-all$/,
    );
    expect(finding?.fix).not.toMatch(/Injected|<script|!\[|\]\(/);
  });

  it("text: no escape sequence, no invisible character, no line that data started", () => {
    const out = formatText(report, { color: false });
    for (const line of out.split("\n")) {
      expect(hasUnsafeChars(line), JSON.stringify(line)).toBe(false);
      expect(line).not.toMatch(/^\s*(# Injected|\| a \| b|fake|OK)/);
    }
  });

  it("Markdown: no heading, link, image, table or HTML from the data", () => {
    const html = markdownToHtml(formatMarkdown(report, { ruleMeta }));
    const elements = skeleton(html).map((e) => e.replace(/\[.*$/, ""));
    // The template's tables: sending paths, domains, transport security; none from the data.
    expect(elements.filter((e) => e === "<table")).toHaveLength(3);
    expect(elements).not.toContain("<img");
    expect(elements).not.toContain("<script");
    expect(elements).not.toContain("<h1");
    expect(html).not.toMatch(/<h\d[^>]*>[^<]*Injected/);
    for (const a of attributes(html)) {
      if (a.name === "href")
        expect(a.value).toMatch(/^https:\/\/(www\.rfc-editor\.org|learn\.microsoft\.com|[a-z0-9.-]+)\//);
      expect(a.value).not.toMatch(/evil/);
    }
  });

  it("HTML: no element or attribute from the data", () => {
    const html = formatHtml(report, { ruleMeta });
    const names = skeleton(html).map((e) => e.replace(/\[.*$/, ""));
    expect(names).not.toContain("<script");
    expect(names).not.toContain("<img");
    for (const a of attributes(html)) {
      expect(a.name).not.toMatch(/^on/);
      expect(a.value).not.toMatch(/evil/);
    }
  });

  it("SARIF: messages with escaped brackets and no invisible character", () => {
    const log = JSON.parse(formatSarif(report, { ruleMeta })) as {
      runs: { results: { message: { text: string } }[] }[];
    };
    const results = log.runs[0]?.results ?? [];
    expect(results.length).toBeGreaterThan(0);
    for (const r of results) {
      expect(sarifBracketsEscaped(r.message.text)).toBe(true);
      expect(hasUnsafeChars(r.message.text)).toBe(false);
    }
  });
});
