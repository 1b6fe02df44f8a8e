/** Evidence that is not a DNS answer (an Exchange object, a probe transcript) in every format. */
import { describe, expect, it } from "vitest";
import { reportSchema } from "../../src/audit/report-schema.ts";
import { lazyValidator } from "../../src/common/json-schema.ts";
import { formatHtml } from "../../src/report/html.ts";
import { formatMarkdown } from "../../src/report/markdown.ts";
import { formatSarif } from "../../src/report/sarif.ts";
import { formatText } from "../../src/report/text.ts";
import { sampleReport } from "./samples.ts";

function withObserved() {
  const report = sampleReport();
  const first = report.findings[0];
  if (first === undefined) throw new Error("no finding");
  first.evidence = [
    {
      kind: "exchange",
      source: 'Get-ReceiveConnector "Relay <b>" (receive.xml)',
      lines: ["RemoteIPRanges = 0.0.0.0-255.255.255.255", "PermissionGroups = AnonymousUsers\u001b[31m"],
      note: "relays for anyone",
    },
  ];
  return report;
}

describe("observed evidence", () => {
  it("validates against the report schema", () => {
    expect(lazyValidator(reportSchema)(withObserved())).toEqual([]);
  });

  it("is shown, escaped, in text, Markdown, HTML and SARIF", () => {
    const r = withObserved();
    const text = formatText(r, {});
    expect(text).toContain('Get-ReceiveConnector "Relay <b>" (receive.xml) (relays for anyone)');
    expect(text).toContain("│ RemoteIPRanges = 0.0.0.0-255.255.255.255");
    expect(text).not.toContain("\u001b[31m");
    const md = formatMarkdown(r, {});
    expect(md).toContain("RemoteIPRanges = 0.0.0.0-255.255.255.255");
    expect(md).not.toContain("<b>");
    const html = formatHtml(r, {});
    expect(html).toContain("Relay &lt;b&gt;");
    expect(html).toContain("RemoteIPRanges = 0.0.0.0-255.255.255.255");
    const sarif = JSON.parse(formatSarif(r, {})) as { runs: { results: { properties: { evidence: unknown[] } }[] }[] };
    expect(sarif.runs[0]?.results[0]?.properties.evidence[0]).toMatchObject({
      kind: "exchange",
      lines: expect.any(Array),
    });
  });
});
