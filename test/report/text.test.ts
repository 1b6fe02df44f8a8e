import { describe, expect, it } from "vitest";
import type { SpfTreeNode } from "../../src/audit/report-types.ts";
import { formatText } from "../../src/report/text.ts";
import { checkReport, cleanReport, HOSTILE, hostileReport, sampleReport } from "./samples.ts";

// One line per table row (no width limit): the layout at a width is tested in text-width.test.ts.
const text = formatText(sampleReport(), { width: Number.POSITIVE_INFINITY });
const lines = text.split("\n");
const lineStarting = (prefix: string) => lines.find((l) => l.startsWith(prefix)) ?? "";

describe("text format", () => {
  it("starts with the verdict and the counts", () => {
    expect(lines[0]).toBe("email-auth-audit 0.1.0 · audit of Contoso · 2026-11-23T09:00:00.000Z");
    expect(lines[1]).toBe(
      "Result: FAIL · 4 paths (2 pass, 2 fragile, 0 fail) · 1 error, 5 warnings, 0 info · 4 DNS questions (4 unique)",
    );
  });

  it("shows a table of paths with PASS/FAIL per SPF, DKIM and DMARC and the reason, in aligned columns", () => {
    const header = lineStarting("  PATH ");
    const relay = lineStarting("  onprem-via-relay ");
    const news = lineStarting("  newsletters ");
    const exo = lineStarting("  exchange-online ");
    expect(relay).toContain("smart host edge-relay");
    expect(relay).toContain("FAIL (fail)");
    expect(relay).toContain("FRAGILE");
    expect(relay).toContain(
      "DMARC passes through DKIM only: SPF fail for contoso.example from 203.0.113.25, 2001:db8:25::25 (matched -all in contoso.example)",
    );
    expect(news).toContain("FAIL (unaligned)");
    expect(news).toContain("SPF passes for sendgrid.net, which does not align with news.contoso.example");
    expect(exo).toContain("SPF and DKIM both aligned");
    // Columns line up under their headings.
    for (const [heading, row, cell] of [
      ["SPF", relay, "FAIL (fail)"],
      ["SPF", news, "FAIL (unaligned)"],
      ["DKIM", relay, "PASS"],
      ["VERDICT", exo, "PASS"],
    ] as const) {
      expect(row.indexOf(cell, header.indexOf(heading) - 1)).toBe(header.indexOf(heading));
    }
  });

  it("lists the domains with SPF lookups, DMARC policy, MX and DKIM keys", () => {
    const contoso = lineStarting("  contoso.example ");
    expect(contoso).toMatch(
      /yes\s+ok, 1\/10 lookups\s+p=none\s+contoso-example\.mail\.protection\.outlook\.com\s+selector1 \(2048\), relay2025 \(1024\)\s+Microsoft 365/,
    );
    expect(lineStarting("  contoso-old.example ")).toMatch(/no\s+ok, 0\/10 lookups\s+p=reject\s+null MX/);
  });

  it("groups findings by severity, errors first, with evidence, fix and references", () => {
    const errors = text.indexOf("  Errors (1)");
    const warnings = text.indexOf("  Warnings (5)");
    expect(errors).toBeGreaterThan(0);
    expect(warnings).toBeGreaterThan(errors);
    expect(text).not.toContain("Info (");
    const block = text.slice(errors, warnings);
    expect(block).toContain("✖ [smarthost-not-authorized] contoso.example · path onprem-via-relay");
    expect(block).toContain("contoso.example TXT: ok, ttl 300 (the SPF record: no term covers 203.0.113.25)");
    expect(block).toContain("│ v=spf1 ip4:198.51.100.0/28 include:spf.protection.outlook.com -all");
    expect(block).toContain("│ MS=ms48151623");
    expect(block).toContain("Fix:\n        Add `ip4:203.0.113.25 ip6:2001:db8:25::25` to the SPF record");
    // The fix's indented code block keeps its own indentation under the fix.
    expect(block).toContain(
      "\n            v=spf1 ip4:198.51.100.0/28 ip4:203.0.113.25 ip6:2001:db8:25::25 include:spf.protection.outlook.com -all",
    );
    expect(block).toContain("See: RFC 7208 §4.6.2 <https://www.rfc-editor.org/rfc/rfc7208#section-4.6.2>");
    expect(text.slice(warnings)).toContain("⚠ [dmarc-report-destination-unauthorized] contoso.example");
    expect(text.slice(warnings)).toContain(
      "contoso.example._report._dmarc.reports.dmarc-vendor.example TXT: nxdomain, ttl 300",
    );
  });

  it("draws each SPF include tree with lookup counts per node", () => {
    expect(text).toContain(
      "  contoso.example: 1 of 10 lookups, 0 void\n    contoso.example  [1 lookup here, 1 in total]\n    └─ include:spf.protection.outlook.com  [0 lookups here, 0 in total]",
    );
    expect(text).toContain("  contoso-old.example: 0 of 10 lookups, 0 void");
  });

  it("flags a tree over the 10-lookup limit and draws nested rails", () => {
    const report = sampleReport();
    const d = report.domains[0]!;
    const leaf = (name: string, n: number): SpfTreeNode => ({
      domain: name,
      via: "include",
      record: "v=spf1 a mx -all",
      lookups: n,
      totalLookups: n,
      children: [],
    });
    d.spf.lookups = 12;
    d.spf.tree = {
      ...d.spf.tree!,
      totalLookups: 12,
      children: [
        { ...leaf("a.example", 1), totalLookups: 9, children: [leaf("b.example", 4), leaf("c.example", 4)] },
        { ...leaf("d.example", 2), error: "void lookup limit" },
      ],
    };
    const out = formatText(report);
    expect(out).toContain("contoso.example: 12 of 10 lookups, 0 void (over the limit)");
    expect(out).toContain(
      "    ├─ include:a.example  [1 lookup here, 9 in total]\n    │  ├─ include:b.example  [4 lookups here, 4 in total]\n    │  └─ include:c.example  [4 lookups here, 4 in total]\n    └─ include:d.example  [2 lookups here, 2 in total] error: void lookup limit",
    );
  });

  it("bounds a pathologically deep tree", () => {
    const report = sampleReport();
    let node: SpfTreeNode = {
      domain: "deep.example",
      via: "include",
      record: "v=spf1 -all",
      lookups: 0,
      totalLookups: 0,
      children: [],
    };
    for (let i = 0; i < 2000; i++)
      node = {
        domain: `n${i}.example`,
        via: "include",
        record: "v=spf1 include:x -all",
        lookups: 1,
        totalLookups: 1,
        children: [node],
      };
    report.domains[0]!.spf.tree = { ...node, via: "root" };
    const out = formatText(report);
    expect(out).toContain("tree cut");
    expect(out.length).toBeLessThan(200_000);
  });

  it("uses colour only when asked", () => {
    expect(text).not.toMatch(/\u001b\[/);
    const coloured = formatText(sampleReport(), { color: true, width: Number.POSITIVE_INFINITY });
    expect(coloured).toContain("\u001b[31mFAIL (fail)");
    expect(coloured).toContain("\u001b[32mPASS");
    expect(coloured.replace(/\u001b\[[0-9;]*m/g, "")).toBe(text);
    // Colour never changes the layout at a width either (escape sequences take no room).
    for (const width of [40, 80, 100])
      expect(formatText(sampleReport(), { color: true, width }).replace(/\u001b\[[0-9;]*m/g, "")).toBe(
        formatText(sampleReport(), { width }),
      );
  });

  it("says so when there are no findings and no paths (a domain check)", () => {
    expect(formatText(cleanReport())).toContain("Result: PASS");
    expect(formatText(cleanReport())).toContain("Findings\n  none");
    const check = formatText(checkReport("example.org"));
    expect(check).toContain("check of example.org");
    expect(check).toContain("Sending paths\n  none described");
    expect(check).not.toContain("4 paths");
  });

  it("never passes control characters or bidi overrides from DNS data to the terminal", () => {
    const out = formatText(hostileReport(), { color: false });
    expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u);
    expect(out).toContain("\\u{1b}[2J\\u{1b}[31mPWNED");
    expect(out).toContain("evil\\u{202e}gnp.exe");
    // A newline inside a record cannot start a fake line of the report.
    expect(out).toContain("```\\u{a}# injected heading");
    expect(out).toContain(HOSTILE.script); // plain text is fine in a terminal, as text
  });
});
