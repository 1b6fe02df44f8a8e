import { describe, expect, it } from "vitest";
import { lazyValidator } from "../../src/common/json-schema.ts";
import { formatBulk } from "../../src/report/bulk.ts";
import { bulkReportSchema } from "../../src/report/bulk-schema.ts";
import { type BulkEntry, type BulkReport, summariseBulk } from "../../src/report/bulk-types.ts";
import { checkReport } from "./samples.ts";

const validate = lazyValidator(bulkReportSchema);

function bulk(): BulkReport {
  const entries: BulkEntry[] = [
    { domain: "a.example", status: "checked", report: checkReport("a.example") },
    { domain: "b.example", status: "checked", report: checkReport("b.example", []) },
    { domain: "c.example", status: "failed", error: "checkDomain threw: resolver exploded" },
    { domain: "bad domain", status: "failed", error: "not a domain name: not a domain name", line: 7 },
  ];
  return {
    version: 1,
    kind: "bulk",
    tool: { name: "email-auth-audit", version: "0.1.0" },
    generatedAt: "2026-11-23T09:00:00.000Z",
    entries,
    summary: summariseBulk(entries, 2345.6),
  };
}

describe("bulk reports", () => {
  it("summarise the entries", () => {
    expect(bulk().summary).toEqual({
      domains: 4,
      checked: 2,
      failed: 2,
      status: { pass: 1, warn: 1, fail: 0 },
      findings: { error: 0, warning: 2, info: 0 },
      elapsedMs: 2346,
    });
  });

  it("print as JSON that validates against the bulk schema (each report against the report schema)", () => {
    const parsed = JSON.parse(formatBulk(bulk(), "json")) as BulkReport;
    expect(validate(parsed)).toEqual([]);
    expect(parsed.entries.map((e) => `${e.domain}:${e.status}`)).toEqual([
      "a.example:checked",
      "b.example:checked",
      "c.example:failed",
      "bad domain:failed",
    ]);
    // A broken embedded report is caught through the embedded schema.
    const broken = JSON.parse(formatBulk(bulk(), "json")) as { entries: { report?: { summary?: unknown } }[] };
    delete broken.entries[0]!.report!.summary;
    expect(validate(broken).length).toBeGreaterThan(0);
  });

  it("print as text: every domain's report, then a summary table with one row per domain", () => {
    const text = formatBulk(bulk(), "text", { width: Number.POSITIVE_INFINITY });
    expect(text.indexOf("── a.example")).toBeLessThan(text.indexOf("── b.example"));
    expect(text).toContain("check of a.example");
    expect(text).toContain("✖ c.example: not checked: checkDomain threw: resolver exploded");
    expect(text).toContain("✖ bad domain: not checked: not a domain name: not a domain name (line 7)");
    const summary = text.slice(text.lastIndexOf("Summary\n"));
    const rows = summary.split("\n").filter((l) => /^ {2}\S+\.example|^ {2}bad domain/.test(l));
    expect(rows).toHaveLength(4);
    expect(rows[0]).toMatch(
      /^ {2}a\.example\s+WARN\s+ok, 1\/10 lookups\s+p=none\s+0\s+2\s+0\s+dmarc-policy-none: The DMARC policy of a\.example is p=none/,
    );
    expect(rows[1]).toMatch(/^ {2}b\.example\s+PASS\s/);
    expect(rows[2]).toMatch(
      /^ {2}c\.example\s+NOT CHECKED\s+-\s+-\s+-\s+-\s+-\s+checkDomain threw: resolver exploded$/,
    );
    expect(rows[3]).toContain("line 7: not a domain name");
    expect(summary).toContain(
      "4 domains: 1 pass, 1 warn, 0 fail, 2 not checked · 0 errors, 2 warnings, 0 info · 2.3 s",
    );
  });

  it("print as Markdown with the summary table first", () => {
    const md = formatBulk(bulk(), "markdown");
    expect(md.startsWith("# email-auth-audit: bulk check of 4 domains\n")).toBe(true);
    expect(md.indexOf("| `c.example` | NOT CHECKED |")).toBeLessThan(
      md.indexOf("## email-auth-audit: check of `a.example`"),
    );
    expect(md).toContain("## `c.example`: not checked");
  });

  it("print as one SARIF run with every domain's results and the failures as notifications", () => {
    const log = JSON.parse(formatBulk(bulk(), "sarif")) as {
      runs: {
        results: { locations: { logicalLocations: { name: string }[] }[] }[];
        invocations: { executionSuccessful: boolean; toolExecutionNotifications: unknown[] }[];
      }[];
    };
    const run = log.runs[0]!;
    expect(run.results.map((r) => r.locations[0]!.logicalLocations[0]!.name)).toEqual(["a.example", "a.example"]);
    expect(run.invocations[0]!.executionSuccessful).toBe(false);
    expect(run.invocations[0]!.toolExecutionNotifications).toHaveLength(2);
  });
});
