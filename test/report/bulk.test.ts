import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { lazyValidator } from "../../src/common/json-schema.ts";
import { BULK_FORMAT_NAMES, formatBulk } from "../../src/report/bulk.ts";
import { csvField, csvLine } from "../../src/report/bulk-csv.ts";
import { bulkReportSchema, domainResultSchema } from "../../src/report/bulk-schema.ts";
import { type BulkReport, type DomainResult, mergeSummaries, summariseBulk } from "../../src/report/bulk-types.ts";
import { displayWidth } from "../../src/report/text-width.ts";
import { checkReport } from "./samples.ts";

const validate = lazyValidator(bulkReportSchema);
const validateResult = lazyValidator(domainResultSchema);

function entries(): DomainResult[] {
  return [
    { domain: "a.example", status: "checked", report: checkReport("a.example") },
    { domain: "b.example", status: "checked", report: checkReport("b.example", []) },
    { domain: "c.example", status: "not-checked", reason: "not checked within the deadline of 60 s per domain" },
    { domain: "bad domain", status: "not-checked", reason: "not a domain name: not a domain name", line: 7 },
    { domain: "gone.example", status: "not-found", reason: "gone.example does not exist (NXDOMAIN)" },
  ];
}

function bulk(list: DomainResult[] = entries()): BulkReport {
  return {
    version: 2,
    kind: "bulk",
    tool: { name: "email-auth-audit", version: "0.1.0" },
    generatedAt: "2026-11-23T09:00:00.000Z",
    entries: list,
    summary: summariseBulk(list, 2345.6),
  };
}

describe("bulk summaries", () => {
  it("count the results by status, report status and finding severity", () => {
    expect(bulk().summary).toEqual({
      domains: 5,
      checked: 2,
      notFound: 1,
      notChecked: 2,
      status: { pass: 1, warn: 1, fail: 0 },
      findings: { error: 0, warning: 2, info: 0 },
      elapsedMs: 2346,
    });
  });

  it("add up across runs (a resumed run and the one it continues)", () => {
    const a = summariseBulk(entries().slice(0, 2), 100);
    const b = summariseBulk(entries().slice(2), 50);
    expect(mergeSummaries(a, b)).toEqual({ ...summariseBulk(entries(), 0), elapsedMs: 50 });
  });
});

describe("bulk formats", () => {
  it("json: exactly JSON.stringify(bulk, null, 2), valid against the bulk schema", () => {
    const b = bulk();
    const text = formatBulk(b, "json");
    expect(text).toBe(`${JSON.stringify(b, null, 2)}\n`);
    expect(validate(JSON.parse(text))).toEqual([]);
    const empty = bulk([]);
    expect(JSON.parse(formatBulk(empty, "json"))).toEqual(empty);
  });

  it("json: a broken embedded report is caught through the embedded report schema", () => {
    const broken = JSON.parse(formatBulk(bulk(), "json")) as { entries: { report?: { summary?: unknown } }[] };
    delete broken.entries[0]!.report!.summary;
    expect(validate(broken).length).toBeGreaterThan(0);
  });

  it("jsonl: one valid result per line, nothing else", () => {
    const lines = formatBulk(bulk(), "jsonl").split("\n");
    expect(lines.pop()).toBe("");
    expect(lines).toHaveLength(5);
    const parsed = lines.map((l) => JSON.parse(l) as DomainResult);
    expect(parsed).toEqual(entries());
    for (const p of parsed) expect(validateResult(p)).toEqual([]);
  });

  it("csv: a header and one RFC 4180 row per domain, CRLF, quoted where needed", () => {
    const text = formatBulk(bulk(), "csv");
    const rows = text.split("\r\n");
    expect(rows.pop()).toBe("");
    expect(rows[0]).toBe("domain,status,result,spf,dmarc,errors,warnings,info,note");
    expect(rows).toHaveLength(6);
    expect(rows[1]).toMatch(/^a\.example,checked,WARN,"ok, 1\/10 lookups",p=none,0,2,0,dmarc-policy-none: /);
    expect(rows[3]).toBe("c.example,not-checked,NOT CHECKED,,,,,,not checked within the deadline of 60 s per domain");
    expect(rows[4]).toBe("bad domain,not-checked,NOT CHECKED,,,,,,line 7: not a domain name: not a domain name");
    expect(rows[5]).toBe("gone.example,not-found,NOT FOUND,,,,,,gone.example does not exist (NXDOMAIN)");
  });

  it.each([
    ["plain", "plain"],
    ['say "hi"', '"say ""hi"""'],
    ["a,b", '"a,b"'],
    ["two\nlines", '"two\nlines"'],
    ["=HYPERLINK(1)", "'=HYPERLINK(1)"],
    ["+1", "'+1"],
    ["-1,2", `"'-1,2"`],
    ["@SUM(A1)", "'@SUM(A1)"],
  ])("csv field %j is written %s", (value, field) => {
    expect(csvField(value)).toBe(field);
  });

  it("csv: any field reads back as itself (RFC 4180 parse of the quoted form), formulas defused", () => {
    const unquote = (f: string) => (f.startsWith('"') ? f.slice(1, -1).replace(/""/g, '"') : f);
    fc.assert(
      fc.property(fc.string(), (value) => {
        const back = unquote(csvField(value));
        expect(back === value || back === `'${value}`).toBe(true);
        if (/^[=+\-@\t\r]/.test(value)) expect(back.startsWith("'")).toBe(true);
      }),
    );
  });

  it("csv: a reason from DNS with commas, quotes and newlines stays one row", () => {
    const line = csvLine({ domain: "x.example", status: "not-checked", reason: 'resolver threw: "boom",\nagain' });
    expect(line.endsWith("\r\n")).toBe(true);
    expect(line).toBe('x.example,not-checked,NOT CHECKED,,,,,,"resolver threw: ""boom"",\nagain"\r\n');
  });

  it("text at a width the table does not fit: the summary is one card per domain, no line wider", () => {
    const text = formatBulk(bulk(), "text", { width: 60 });
    const summary = text.slice(text.lastIndexOf("Summary\n"));
    expect(summary).not.toContain("RESULT  ");
    expect(summary).toMatch(/\n {2}a\.example\n {4}RESULT: WARN {3}SPF: ok, 1\/10 lookups/);
    expect(summary).toMatch(/\n {2}c\.example\n {4}RESULT: NOT CHECKED\n {4}TOP FINDING OR REASON: not checked within/);
    for (const l of summary.split("\n")) expect(displayWidth(l)).toBeLessThanOrEqual(60);
  });

  it("text: every domain's report in input order, then the summary table and totals", () => {
    const text = formatBulk(bulk(), "text", { width: Number.POSITIVE_INFINITY });
    expect(text.indexOf("── a.example")).toBeLessThan(text.indexOf("── b.example"));
    expect(text).toContain("check of a.example");
    expect(text).toContain("✖ c.example: not checked: not checked within the deadline of 60 s per domain");
    expect(text).toContain("✖ bad domain: not checked: not a domain name: not a domain name (line 7)");
    expect(text).toContain("! gone.example: not found: gone.example does not exist (NXDOMAIN)");
    const summary = text.slice(text.lastIndexOf("Summary\n"));
    const rows = summary.split("\n").filter((l) => /^ {2}(\S+\.example|bad domain)/.test(l));
    expect(rows).toHaveLength(5);
    expect(rows[0]).toMatch(
      /^ {2}a\.example\s+WARN\s+ok, 1\/10 lookups\s+p=none\s+0\s+2\s+0\s+dmarc-policy-none: The DMARC policy of a\.example is p=none/,
    );
    expect(rows[1]).toMatch(/^ {2}b\.example\s+PASS\s/);
    expect(rows[2]).toMatch(/^ {2}c\.example\s+NOT CHECKED\s+-\s+-\s+-\s+-\s+-\s+not checked within/);
    expect(rows[4]).toMatch(/^ {2}gone\.example\s+NOT FOUND\s/);
    // Columns line up: every row's RESULT column starts where the header's does.
    const header = summary.split("\n")[1]!;
    for (const row of rows) expect(row.indexOf(row.trim().split(/\s{2,}/)[1]!)).toBe(header.indexOf("RESULT"));
    expect(summary).toContain(
      "5 domains: 1 pass, 1 warn, 0 fail, 1 not found, 2 not checked · 0 errors, 2 warnings, 0 info · 2.3 s",
    );
  });

  it("markdown: the summary table first, then each domain's report", () => {
    const md = formatBulk(bulk(), "markdown");
    expect(md.startsWith("# email-auth-audit: bulk check of 5 domains\n")).toBe(true);
    expect(md.indexOf("| `c.example` | NOT CHECKED |")).toBeLessThan(
      md.indexOf("## email-auth-audit: check of `a.example`"),
    );
    expect(md).toContain("## `c.example`: not checked");
    expect(md).toContain("## `gone.example`: not found");
    expect(md.endsWith("\n")).toBe(true);
    expect(md.endsWith("\n\n")).toBe(false);
  });

  it("html: one page, the summary table linking to each domain's section", () => {
    const html = formatBulk(bulk(), "html");
    expect(html.startsWith("<!DOCTYPE html>")).toBe(true);
    expect(html.trimEnd().endsWith("</html>")).toBe(true);
    expect(html.match(/<tr><td><a href="#d-/g)).toHaveLength(5);
    expect(html.match(/<section class="report" id="d-/g)).toHaveLength(5);
    expect(html).toContain('id="d-bad%20domain"');
    expect(html.indexOf("bulk-summary")).toBeLessThan(html.indexOf('<section class="report"'));
  });

  it("sarif: one run, results re-indexed against one rule table, failures as notifications", () => {
    const log = JSON.parse(formatBulk(bulk(), "sarif")) as {
      runs: {
        tool: { driver: { rules: { id: string }[] } };
        results: { ruleId: string; ruleIndex: number; locations: { logicalLocations: { name: string }[] }[] }[];
        invocations: { executionSuccessful: boolean; toolExecutionNotifications: { level: string }[] }[];
        properties: { reports: unknown[] };
      }[];
    };
    const run = log.runs[0]!;
    expect(run.results.map((r) => r.locations[0]!.logicalLocations[0]!.name)).toEqual(["a.example", "a.example"]);
    for (const r of run.results) expect(run.tool.driver.rules[r.ruleIndex]!.id).toBe(r.ruleId);
    expect(run.invocations[0]!.executionSuccessful).toBe(false);
    expect(run.invocations[0]!.toolExecutionNotifications.map((n) => n.level)).toEqual(["error", "error", "note"]);
    expect(run.properties.reports).toHaveLength(2);
  });

  it.each(BULK_FORMAT_NAMES)("%s: an empty run is still a well-formed document", (format) => {
    const text = formatBulk(bulk([]), format);
    if (format === "json" || format === "sarif") expect(() => JSON.parse(text) as unknown).not.toThrow();
    if (format === "jsonl") expect(text).toBe("");
    if (format === "csv") expect(text).toBe("domain,status,result,spf,dmarc,errors,warnings,info,note\r\n");
  });
});
