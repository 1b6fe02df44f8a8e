/**
 * Every file in the repository that is generated from code: JSON Schemas under `schema/` (from the
 * `as const` schema objects in `src/`) and, as they land, generated docs. `npm run docs` writes
 * them; `test/generated.test.ts` fails when a checked-in copy is stale.
 */
import { baselineSchema } from "../src/audit/baseline.ts";
import { reportSchema } from "../src/audit/report-schema.ts";
import { dnsFixtureSchema } from "../src/dns/fixture/schema.ts";
import { orgSchema } from "../src/org/schema.ts";
import { planSchema } from "../src/plan/schema.ts";
import { providerEntrySchema } from "../src/providers/schema.ts";
import { bulkReportSchema, domainResultSchema } from "../src/report/bulk-schema.ts";
import { renderRuleDoc, renderRuleIndex } from "../src/rules/docs.ts";
import { rules } from "../src/rules/index.ts";
import { renderApiDoc } from "./api-doc.ts";
import { renderPlanDoc } from "./plan-doc.ts";
import { renderProvidersDoc } from "./providers-doc.ts";

export interface GeneratedFile {
  /** Path relative to the repository root. */
  path: string;
  content: string;
}

function json(value: unknown): string {
  return JSON.stringify(value, null, 2) + "\n";
}

export async function generatedFiles(): Promise<GeneratedFile[]> {
  return [
    { path: "schema/dns-fixture.schema.json", content: json(dnsFixtureSchema) },
    { path: "schema/report.schema.json", content: json(reportSchema) },
    { path: "schema/org.schema.json", content: json(orgSchema) },
    { path: "schema/provider-entry.schema.json", content: json(providerEntrySchema) },
    { path: "schema/bulk-report.schema.json", content: json(bulkReportSchema) },
    { path: "schema/plan.schema.json", content: json(planSchema) },
    { path: "schema/baseline.schema.json", content: json(baselineSchema) },
    { path: "schema/domain-result.schema.json", content: json(domainResultSchema) },
    { path: "docs/providers.md", content: renderProvidersDoc() },
    { path: "docs/api.md", content: await renderApiDoc() },
    { path: "docs/plan.md", content: await renderPlanDoc() },
    { path: "docs/rules/README.md", content: renderRuleIndex(rules.map((r) => r.meta)) },
    ...rules.map((r) => ({ path: `docs/rules/${r.meta.id}.md`, content: renderRuleDoc(r.meta) })),
  ];
}
