import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadAggregateReports } from "../../src/reports/load.ts";

const dir = mkdtempSync(join(tmpdir(), "eaa-load-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function xml(id: string, records: number): string {
  const rows = Array.from(
    { length: records },
    (_, i) =>
      `<record><row><source_ip>192.0.2.${i + 1}</source_ip><count>1</count><policy_evaluated><disposition>none</disposition><dkim>pass</dkim><spf>pass</spf></policy_evaluated></row><identifiers><header_from>example.com</header_from></identifiers><auth_results><spf><domain>example.com</domain><result>pass</result></spf></auth_results></record>`,
  ).join("");
  return `<feedback><report_metadata><org_name>r</org_name><email>a@r.example</email><report_id>${id}</report_id><date_range><begin>1</begin><end>86400</end></date_range></report_metadata><policy_published><domain>example.com</domain><p>none</p></policy_published>${rows}</feedback>`;
}

describe("loadAggregateReports", () => {
  it("reads every report, says why each bad input was refused, and skips TLS reports", async () => {
    writeFileSync(join(dir, "a.xml"), xml("a", 3));
    writeFileSync(join(dir, "b.xml"), "<feedback>");
    writeFileSync(
      join(dir, "c.json"),
      JSON.stringify({
        "organization-name": "x",
        "report-id": "1",
        "date-range": { "start-datetime": "2026-01-01T00:00:00Z", "end-datetime": "2026-01-02T00:00:00Z" },
        policies: [],
      }),
    );
    const out = await loadAggregateReports([join(dir, "a.xml"), join(dir, "b.xml"), join(dir, "c.json")]);
    expect(out.reports.map((r) => [r.reportId, r.records.length])).toEqual([["a", 3]]);
    expect(out.refused.map((r) => r.error.reason)).toEqual(["malformed-xml"]);
    expect(out.skipped).toBe(1);
  });

  it("refuses what goes past the total record budget, keeping what came before", async () => {
    writeFileSync(join(dir, "d.xml"), xml("d", 4));
    writeFileSync(join(dir, "e.xml"), xml("e", 4));
    const out = await loadAggregateReports([join(dir, "d.xml"), join(dir, "e.xml")], { maxTotalRecords: 6 });
    expect(out.reports.map((r) => r.reportId)).toEqual(["d"]);
    expect(out.refused).toEqual([
      {
        file: join(dir, "e.xml"),
        name: join(dir, "e.xml"),
        error: { reason: "too-many-records", message: "more than 6 records in all (maxTotalRecords)" },
      },
    ]);
  });
});
