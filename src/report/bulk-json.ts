/**
 * The bulk `json` format: one {@link BulkReport} (version 2), the same text as
 * `JSON.stringify(bulk, null, 2)`, assembled one entry at a time.
 */
import { type BulkMeta, type DocumentLayout, indentedJson } from "./bulk-layout.ts";
import type { BulkReport, BulkSummary, DomainResult } from "./bulk-types.ts";

/** The layout of the bulk JSON report. */
export function jsonLayout(): DocumentLayout {
  return {
    kind: "document",
    channels: [{ name: "entries", separator: ",\n" }],
    pieces: (result: DomainResult) => ({ entries: `    ${indentedJson(result, 2)}` }),
    assemble(meta: BulkMeta, summary: BulkSummary) {
      const head: Omit<BulkReport, "entries" | "summary"> = {
        version: 2,
        kind: "bulk",
        tool: { name: "email-auth-audit", version: meta.version },
        generatedAt: meta.generatedAt,
      };
      const opening = indentedJson(head, 0).replace(/\n}$/, ",\n");
      const summaryText = `  "summary": ${indentedJson(summary, 1)}\n}\n`;
      if (summary.domains === 0) return [`${opening}  "entries": [],\n${summaryText}`];
      return [`${opening}  "entries": [\n`, { channel: "entries" }, `\n  ],\n${summaryText}`];
    },
  };
}
