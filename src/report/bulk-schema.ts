/**
 * JSON Schemas (draft 2020-12) of the bulk outputs: {@link domainResultSchema} for one
 * {@link DomainResult} (a line of the `jsonl` format, a result the queue stores) and
 * {@link bulkReportSchema} for the `json` format's {@link BulkReport}. A checked domain's report is
 * an {@link AuditReport}, validated by the report schema embedded under `$defs`.
 */
import { reportSchema } from "../audit/report-schema.ts";

const str = { type: "string" } as const;
const int = { type: "integer", minimum: 0 } as const;
const counts = {
  type: "object",
  properties: { error: int, warning: int, info: int },
  required: ["error", "warning", "info"],
  additionalProperties: false,
} as const;

// The report schema is embedded without its `$id` (one validator may know both schemas) and its
// `$defs` move up to this root, where its `#/$defs/...` references then resolve.
const { $schema: _schema, $id: _id, $defs: reportDefs, ...embeddedReport } = reportSchema;

const result = {
  oneOf: [
    {
      type: "object",
      properties: { domain: str, status: { const: "checked" }, report: { $ref: "#/$defs/report" } },
      required: ["domain", "status", "report"],
      additionalProperties: false,
    },
    {
      type: "object",
      properties: { domain: str, status: { const: "not-found" }, reason: str },
      required: ["domain", "status", "reason"],
      additionalProperties: false,
    },
    {
      type: "object",
      properties: {
        domain: str,
        status: { const: "not-checked" },
        reason: str,
        line: { type: "integer", minimum: 1 },
        attempts: { type: "integer", minimum: 1 },
      },
      required: ["domain", "status", "reason"],
      additionalProperties: false,
    },
  ],
} as const;

/** The schema of one domain's result (a JSON Lines line). */
export const domainResultSchema = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $id: "https://email-auth-audit.dev/schema/domain-result.schema.json",
  title: "email-auth-audit: one domain of a bulk check",
  ...result,
  $defs: { ...reportDefs, report: embeddedReport },
} as const;

export const bulkReportSchema = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $id: "https://email-auth-audit.dev/schema/bulk-report.schema.json",
  title: "email-auth-audit bulk check (version 2)",
  type: "object",
  properties: {
    version: { const: 2 },
    kind: { const: "bulk" },
    tool: {
      type: "object",
      properties: { name: { const: "email-auth-audit" }, version: str },
      required: ["name", "version"],
      additionalProperties: false,
    },
    generatedAt: str,
    entries: { type: "array", items: { $ref: "#/$defs/domainResult" } },
    summary: {
      type: "object",
      properties: {
        domains: int,
        checked: int,
        notFound: int,
        notChecked: int,
        status: {
          type: "object",
          properties: { pass: int, warn: int, fail: int },
          required: ["pass", "warn", "fail"],
          additionalProperties: false,
        },
        findings: counts,
        elapsedMs: int,
      },
      required: ["domains", "checked", "notFound", "notChecked", "status", "findings", "elapsedMs"],
      additionalProperties: false,
    },
  },
  required: ["version", "kind", "tool", "generatedAt", "entries", "summary"],
  additionalProperties: false,
  $defs: { ...reportDefs, report: embeddedReport, domainResult: result },
} as const;
