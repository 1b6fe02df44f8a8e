/**
 * Baselines: the fingerprints of the findings of an earlier audit. Given a baseline, an audit
 * marks the findings already in it (`baselined`), and only the new ones count for `--fail-on`
 * (`email-auth-audit audit --baseline FILE`, `--write-baseline FILE`). Plain JSON; its schema is
 * `schema/baseline.schema.json`.
 */
import { lazyValidator } from "../common/json-schema.ts";
import type { Finding } from "../rules/types.ts";
import type { AuditReport } from "./report-types.ts";

/** A baseline file. */
export interface Baseline {
  version: 1;
  kind: "email-auth-audit-baseline";
  /** When the audit it was written from ran. */
  generatedAt: string;
  /** One entry per finding: the fingerprint, and what it was (for a reader; only the fingerprint is compared). */
  findings: { fingerprint: string; ruleId: string; domain: string; path?: string }[];
}

/** Most findings a baseline may hold (a bigger file is refused, not read). */
export const MAX_BASELINE_FINDINGS = 100_000;

export const baselineSchema = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $id: "https://email-auth-audit.dev/schema/baseline.schema.json",
  title: "email-auth-audit baseline (version 1)",
  description: "The fingerprints of an audit's findings: findings in it are not new and do not count for --fail-on.",
  type: "object",
  properties: {
    version: { const: 1 },
    kind: { const: "email-auth-audit-baseline" },
    generatedAt: { type: "string" },
    findings: {
      type: "array",
      maxItems: MAX_BASELINE_FINDINGS,
      items: {
        type: "object",
        properties: {
          fingerprint: { type: "string", pattern: "^[0-9a-f]{32}$" },
          ruleId: { type: "string" },
          domain: { type: "string" },
          path: { type: "string" },
        },
        required: ["fingerprint", "ruleId", "domain"],
        additionalProperties: false,
      },
    },
  },
  required: ["version", "kind", "generatedAt", "findings"],
  additionalProperties: false,
} as const;

const validate = lazyValidator(baselineSchema);

/** The baseline of a report: every finding's fingerprint (accepted ones too). */
export function createBaseline(report: Pick<AuditReport, "generatedAt" | "findings">): Baseline {
  return {
    version: 1,
    kind: "email-auth-audit-baseline",
    generatedAt: report.generatedAt,
    findings: report.findings.flatMap((f) =>
      f.fingerprint === undefined
        ? []
        : [{ fingerprint: f.fingerprint, ruleId: f.ruleId, domain: f.domain, ...(f.path ? { path: f.path } : {}) }],
    ),
  };
}

/** Reads a parsed baseline file: its fingerprints, or what is wrong with it. Never throws. */
export function readBaseline(value: unknown): { ok: true; fingerprints: string[] } | { ok: false; error: string } {
  const problems = validate(value);
  if (problems.length > 0)
    return {
      ok: false,
      error: `not a baseline file: ${problems
        .slice(0, 3)
        .map((p) => `${p.path}: ${p.message}`)
        .join("; ")}`,
    };
  return { ok: true, fingerprints: (value as Baseline).findings.map((f) => f.fingerprint) };
}

/** Marks the findings whose fingerprint is in the baseline. */
export function applyBaseline(findings: readonly Finding[], fingerprints: readonly string[]): void {
  const known = new Set(fingerprints);
  for (const f of findings) if (f.fingerprint !== undefined && known.has(f.fingerprint)) f.baselined = true;
}
