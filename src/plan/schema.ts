/**
 * JSON Schema (draft 2020-12) of a {@link Plan}; shipped as `schema/plan.schema.json` (written by
 * `npm run docs`). The `before` and `after` audits follow the report schema, embedded here.
 */
import { dnsChangeSchema, reportSchema } from "../audit/report-schema.ts";

const str = { type: "string" } as const;
const int = { type: "integer", minimum: 0 } as const;
const closed = (properties: Record<string, unknown>, required: string[]) =>
  ({ type: "object", properties, required, additionalProperties: false }) as const;

const reason = closed({ ruleId: str, text: str }, ["text"]);
const change = {
  ...dnsChangeSchema,
  properties: {
    ...dnsChangeSchema.properties,
    reasons: { type: "array", minItems: 1, items: reason },
    notes: { type: "array", items: str },
  },
  required: ["name", "type", "records", "ttl", "reasons", "notes"],
} as const;
const manualStep = closed({ ruleId: str, domain: str, path: str, action: str }, ["ruleId", "domain", "action"]);
const conflict = closed(
  {
    kind: { enum: ["invalid-name", "duplicate", "multiple-cname", "cname-and-other-data", "unverified"] },
    name: str,
    types: { type: "array", items: str },
    changes: { type: "array", items: int },
    where: { enum: ["changes", "below"] },
    message: str,
    status: str,
    cause: str,
  },
  ["kind", "name", "types", "changes", "where", "message"],
);
const remaining = closed({ ruleId: str, domain: str, path: str, message: str, covered: { type: "boolean" } }, [
  "ruleId",
  "domain",
  "message",
  "covered",
]);

export const planSchema = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $id: "https://email-auth-audit.dev/schema/plan.schema.json",
  title: "email-auth-audit fix plan (version 1)",
  ...closed(
    {
      version: { const: 1 },
      kind: { const: "plan" },
      tool: closed({ name: { const: "email-auth-audit" }, version: str }, ["name", "version"]),
      generatedAt: str,
      org: closed({ name: str }, ["name"]),
      changes: { type: "array", items: change },
      manualSteps: { type: "array", items: manualStep },
      conflicts: { type: "array", items: conflict },
      before: { $ref: "report.schema.json" },
      after: { $ref: "report.schema.json" },
      summary: closed(
        {
          status: { enum: ["clean", "manual", "unresolved"] },
          errors: closed({ before: int, after: int }, ["before", "after"]),
          remaining: { type: "array", items: remaining },
        },
        ["status", "errors", "remaining"],
      ),
    },
    [
      "version",
      "kind",
      "tool",
      "generatedAt",
      "org",
      "changes",
      "manualSteps",
      "conflicts",
      "before",
      "after",
      "summary",
    ],
  ),
  $defs: { report: reportSchema },
} as const;
