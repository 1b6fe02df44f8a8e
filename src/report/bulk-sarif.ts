/**
 * The bulk `sarif` format: one SARIF 2.1.0 run with every domain's results (each domain's results
 * as `formatSarif` gives them, re-indexed against the run's rules), the domains not checked as
 * tool execution notifications (errors) and the domains not found as notes. Rules are listed in
 * the order they first appear; only the rule table (a few dozen rules at most) is held until the end.
 */
import type { BulkMeta, DocumentLayout } from "./bulk-layout.ts";
import { indentedJson } from "./bulk-layout.ts";
import type { BulkSummary, DomainResult } from "./bulk-types.ts";
import { SARIF_SCHEMA, sarifLog } from "./sarif.ts";
import type { FormatOptions } from "./types.ts";

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  [key: string]: unknown;
}

interface SarifRun {
  tool: { driver: { rules: { id: string }[] } };
  results: SarifResult[];
}

/** The `endTimeUtc` line: the start plus the elapsed time, when the start is a valid date. */
function endTime(meta: BulkMeta, summary: BulkSummary): string {
  const end = Date.parse(meta.generatedAt) + summary.elapsedMs;
  return Number.isFinite(end) ? `          "endTimeUtc": ${JSON.stringify(new Date(end).toISOString())},\n` : "";
}

/** The layout of the bulk SARIF log. */
export function sarifLayout(options: FormatOptions = {}): DocumentLayout {
  const rules: { id: string }[] = [];
  const ruleIndex = new Map<string, number>();
  const indexOf = (rule: { id: string }): number => {
    let i = ruleIndex.get(rule.id);
    if (i === undefined) {
      i = rules.length;
      rules.push(rule);
      ruleIndex.set(rule.id, i);
    }
    return i;
  };
  let failures = 0;
  const notification = (result: DomainResult, level: "error" | "note", text: string) =>
    `          ${indentedJson(
      {
        level,
        message: { text },
        locations: [
          { logicalLocations: [{ name: result.domain, fullyQualifiedName: result.domain, kind: "resource" }] },
        ],
      },
      5,
    )}`;

  return {
    kind: "document",
    channels: [
      { name: "results", separator: ",\n" },
      { name: "notifications", separator: ",\n" },
      { name: "reports", separator: ",\n" },
    ],
    pieces(result: DomainResult): Record<string, string> {
      if (result.status === "not-checked") {
        failures++;
        return {
          notifications: notification(result, "error", `${result.domain}: could not be checked: ${result.reason}`),
        };
      }
      if (result.status === "not-found") {
        return { notifications: notification(result, "note", `${result.domain}: not found: ${result.reason}`) };
      }
      const report = result.report;
      const run = (sarifLog([report], options).runs as SarifRun[])[0];
      const local = run?.tool.driver.rules ?? [];
      const results = (run?.results ?? []).map((r) => {
        const rule = local[r.ruleIndex] ?? { id: r.ruleId };
        return { ...r, ruleIndex: indexOf(rule) };
      });
      return {
        results: results.map((r) => `        ${indentedJson(r, 4)}`).join(",\n"),
        reports: `          ${indentedJson({ kind: report.kind, org: report.org.name, summary: report.summary }, 5)}`,
      };
    },
    assemble(meta: BulkMeta, summary: BulkSummary) {
      const tool = {
        driver: {
          name: "email-auth-audit",
          version: meta.version,
          informationUri: "https://www.npmjs.com/package/email-auth-audit",
          rules,
        },
      };
      const list = (channel: string, empty: boolean) =>
        empty ? ["[]"] : ["[\n", { channel }, `\n${"  ".repeat(channel === "results" ? 3 : 4)}]`];
      const hasResults = summary.findings.error + summary.findings.warning + summary.findings.info > 0;
      return [
        `{\n  "$schema": ${JSON.stringify(SARIF_SCHEMA)},\n  "version": "2.1.0",\n  "runs": [\n    {\n      "results": `,
        ...list("results", !hasResults),
        `,\n      "invocations": [\n        {\n          "executionSuccessful": ${failures === 0},\n${endTime(meta, summary)}          "toolExecutionNotifications": `,
        ...list("notifications", summary.notChecked + summary.notFound === 0),
        `\n        }\n      ],\n      "properties": {\n        "reports": `,
        ...list("reports", summary.checked === 0),
        `\n      },\n      "tool": ${indentedJson(tool, 3)}\n    }\n  ]\n}\n`,
      ];
    },
  };
}
