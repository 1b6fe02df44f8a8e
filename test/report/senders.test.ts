/**
 * The sender inventory in every format: capped rows with "... and N more", escaped hostile data,
 * the HTML chart (inline SVG, no script), the JSON schema, and SARIF unchanged (findings only).
 */
import { describe, expect, it } from "vitest";
import { reportSchema } from "../../src/audit/report-schema.ts";
import type { AuditReport, SenderInventory, SenderRow } from "../../src/audit/report-types.ts";
import { lazyValidator } from "../../src/common/json-schema.ts";
import { formatHtml } from "../../src/report/html.ts";
import { formatJson } from "../../src/report/json.ts";
import { formatMarkdown } from "../../src/report/markdown.ts";
import { formatSarif } from "../../src/report/sarif.ts";
import { sendersChart } from "../../src/report/senders-html.ts";
import { formatText } from "../../src/report/text.ts";
import { HOSTILE, sampleReport } from "./samples.ts";

function inventory(rows: number): SenderInventory {
  const list: SenderRow[] = Array.from({ length: rows }, (_, i) => ({
    ip: `203.0.113.${i + 1}`,
    fromDomain: "contoso.example",
    class: i === 0 ? "path" : i === 1 ? "provider" : i === 2 ? "forwarder" : "unknown",
    ...(i === 0 ? { path: "onprem" } : {}),
    ...(i === 1 ? { provider: `Evil ${HOSTILE.script}` } : {}),
    ptr:
      i === 1
        ? { status: "found", name: `${HOSTILE.ansi}|x`, confirmed: true }
        : i === 3
          ? { status: "unknown" }
          : { status: "none" },
    messages: 1000 - i,
    dmarcPass: i === 0 ? 1000 : 0,
    dkimAligned: 0,
    spfAligned: 0,
    why: i === 2 ? `${HOSTILE.fence} ${HOSTILE.img}` : "why",
  }));
  return {
    window: { since: null, until: null, first: "2026-11-01T00:00:00.000Z", last: "2026-11-03T23:59:59.000Z" },
    reports: 9,
    reporters: ["google.com", "Yahoo", HOSTILE.bidi],
    records: rows,
    messages: list.reduce((n, r) => n + r.messages, 0),
    classes: [
      { class: "path", sources: 1, messages: 1000, dmarcPass: 1000 },
      { class: "provider", sources: 1, messages: 999, dmarcPass: 0 },
      { class: "forwarder", sources: 1, messages: 998, dmarcPass: 0 },
      { class: "unknown", sources: rows - 3, messages: 100, dmarcPass: 0 },
    ],
    rows: list,
    more: 7,
    unlistedDomains: [{ domain: `events.contoso.example${HOSTILE.script}`, messages: 17, dmarcPass: 0, sources: 3 }],
    days: [
      { day: "2026-11-01", path: 300, provider: 0, forwarder: 5, unknown: 9 },
      { day: "2026-11-02", path: 400, provider: 999, forwarder: 0, unknown: 1 },
      { day: `2026-11-03${HOSTILE.script}`, path: 300, provider: 0, forwarder: 993, unknown: 0 },
    ],
    ptr: { asked: 64, limit: 64, notAsked: 0, failed: 1 },
  };
}

function withSenders(rows = 60): AuditReport {
  return { ...sampleReport(), senders: inventory(rows) };
}

describe("the sender inventory", () => {
  it("is part of the JSON report, valid against the report schema", () => {
    const report = withSenders();
    const parsed = JSON.parse(formatJson(report)) as unknown;
    expect(lazyValidator(reportSchema)(parsed)).toEqual([]);
    expect(parsed).toEqual(report);
  });

  it("text: a class summary and the 12 most voluminous sources, then how many more, all printable", () => {
    const text = formatText(withSenders());
    const section = text.slice(text.indexOf("Senders in DMARC reports"), text.indexOf("\nFindings"));
    expect(section).toMatch(
      /^Senders in DMARC reports \(2026-11-01 to 2026-11-03: 9 reports from 3 reporters, [\d,]+ messages\)/,
    );
    expect(section).toContain("  described paths       1        1,000     100%");
    expect(section.split("\n").filter((l) => l.startsWith("  203.0.113.")).length).toBe(12);
    expect(section).toContain("... and 55 more sources (--format json or html lists up to 200)");
    expect(section).not.toContain("\u001b");
    expect(section).not.toContain("\u202e");
  });

  it("markdown: 25 rows, then how many more; table cells and HTML neutralised", () => {
    const md = formatMarkdown(withSenders());
    const section = md.slice(md.indexOf("### Senders in DMARC reports"), md.indexOf("### Findings"));
    expect(section.split("\n").filter((l) => l.startsWith("| `203.0.113.")).length).toBe(25);
    expect(section).toContain("... and 42 more sources (the JSON and HTML formats list up to 200).");
    // Outside code spans (which show text as written), no HTML survives.
    expect(section.replace(/(?<!\\)`[^`]*(?<!\\)`/g, "")).not.toMatch(/<script|<img/);
    expect(section).toContain("\\|x");
  });

  it("html: a chart and 50 rows, escaped, without any script", () => {
    const html = formatHtml(withSenders());
    expect(html).toContain('<h2 id="senders">Senders in DMARC reports</h2>');
    expect(html).toContain('<svg id="senders-chart"');
    expect(html.match(/<tr data-class=/g)?.length).toBe(50);
    expect(html).toContain("... and 17 more sources (the JSON report lists up to 200).");
    expect(html).not.toMatch(/<script|<img/);
    expect(html).toContain("Evil &lt;script&gt;alert(1)&lt;/script&gt;");
  });

  it("chart: one stacked bar per day, heights in proportion, a tooltip per day", () => {
    const svg = sendersChart(inventory(5));
    expect(svg.match(/<g><title>/g)?.length).toBe(3);
    expect(svg).toContain(
      "<title>2026-11-01: described paths 300, undeclared providers 0, forwarders and lists 5, unknown 9</title>",
    );
    // The tallest day (1,400 messages) reaches the top of the plot; the scale's maximum says so.
    expect(svg).toContain(">1,400</text>");
    const heights = [
      ...svg.matchAll(
        /<rect class="(path|provider|forwarder|unknown)" x="[\d.]+" y="[\d.]+" width="[\d.]+" height="([\d.]+)"/g,
      ),
    ]
      .filter((m) => Number(m[2]) > 10)
      .map((m) => [m[1], Number(m[2])]);
    const path300 = heights.find(([c, h]) => c === "path" && Math.abs(Number(h) - 38.6) < 1);
    expect(path300).toBeDefined();
    expect(sendersChart({ ...inventory(0), days: [] })).toBe("");
  });

  it("sarif: findings only, the same with or without an inventory", () => {
    expect(formatSarif(withSenders())).toBe(formatSarif(sampleReport()));
  });

  it("is absent from every format when the audit had no reports", () => {
    const report = sampleReport();
    expect(formatText(report)).not.toContain("Senders in DMARC reports");
    expect(formatMarkdown(report)).not.toContain("Senders in DMARC reports");
    expect(formatHtml(report)).not.toContain('id="senders"');
  });
});
