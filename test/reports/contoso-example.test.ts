import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { CONTOSO_REPORTS, contosoReports } from "../../scripts/contoso-reports.ts";
import { loadAggregateReports } from "../../src/reports/load.ts";

describe("the Contoso example's DMARC reports (fixtures/examples/contoso/dmarc-reports.zip.gz)", () => {
  it("are exactly what scripts/contoso-reports.ts generates from its seed (regenerate with it)", async () => {
    const expected = contosoReports();
    const loaded = await loadAggregateReports([CONTOSO_REPORTS]);
    expect(loaded.refused).toEqual([]);
    expect(loaded.reports.length).toBe(expected.length);
    // The zip stores the XML uncompressed inside the gzip: the bytes are in order.
    const zip = gunzipSync(readFileSync(CONTOSO_REPORTS)).toString("utf8");
    for (const r of expected) expect(zip).toContain(r.xml);
    expect(readFileSync(CONTOSO_REPORTS).byteLength).toBeLessThan(64 * 1024);
  });

  it("cover a month for both policy domains, from three reporters", async () => {
    const { reports } = await loadAggregateReports([CONTOSO_REPORTS]);
    expect(new Set(reports.map((r) => r.orgName))).toEqual(new Set(["google.com", "Enterprise Outlook", "Yahoo"]));
    expect(new Set(reports.map((r) => r.policy.domain))).toEqual(new Set(["contoso.example", "contoso-old.example"]));
    expect(reports.map((r) => r.begin).sort()[0]).toBe("2026-10-24T00:00:00.000Z");
    expect(
      reports
        .map((r) => r.end)
        .sort()
        .at(-1),
    ).toBe("2026-11-22T23:59:59.000Z");
  });
});
