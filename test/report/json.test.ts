import { describe, expect, it } from "vitest";
import { reportSchema } from "../../src/audit/report-schema.ts";
import { lazyValidator } from "../../src/common/json-schema.ts";
import { formatJson } from "../../src/report/json.ts";
import { checkReport, cleanReport, hostileReport, sampleReport } from "./samples.ts";

const validate = lazyValidator(reportSchema);

describe("json format", () => {
  it.each([
    ["the sample", sampleReport()],
    ["a clean report", cleanReport()],
    ["a domain check", checkReport("example.org")],
    ["hostile DNS data", hostileReport()],
  ])("prints %s as the AuditReport, valid against the report schema", (_name, report) => {
    const out = formatJson(report);
    expect(out.endsWith("}\n")).toBe(true);
    const parsed = JSON.parse(out) as unknown;
    expect(validate(parsed)).toEqual([]);
    expect(parsed).toEqual(report);
  });

  it("is caught by the schema when a report is malformed (the validation is real)", () => {
    const broken = JSON.parse(formatJson(sampleReport())) as Record<string, unknown>;
    (broken.summary as Record<string, unknown>).status = "green";
    delete broken.findings;
    const problems = validate(broken).map((p) => `${p.path}: ${p.message}`);
    expect(problems).toContain('$: missing required field "findings"');
    expect(problems.some((p) => p.startsWith("$.summary.status: must be one of"))).toBe(true);
  });
});
