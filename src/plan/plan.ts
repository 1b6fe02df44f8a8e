/**
 * `plan(org, options)`: every fix of an audit merged into one consistent set of DNS changes and
 * manual steps, proven by auditing again over an {@link OverlayResolver} of the changes on top of
 * the same cached answers (issue 13 §3).
 */
import { counts } from "../audit/accept.ts";
import { type AuditOptions, runAudit } from "../audit/api.ts";
import type { AuditReport } from "../audit/report-types.ts";
import { OverlayResolver } from "../dns/overlay.ts";
import type { DnsChange } from "../dns/overlay-changes.ts";
import { txtChange } from "../rules/fix-text.ts";
import type { Finding } from "../rules/types.ts";
import { composeDmarc } from "./compose-dmarc.ts";
import { composeSpf } from "./compose-spf.ts";
import type { ManualStep, Plan, PlanChange, PlanOptions, RemainingFinding } from "./types.ts";

const changeKey = (c: Pick<DnsChange, "name" | "type">) => `${c.name.toLowerCase()}|${String(c.type).toUpperCase()}`;

/** Names sorted as a zone lists them: by domain from the right, then type. */
function byZone(a: PlanChange, b: PlanChange): number {
  const reverse = (n: string) => n.split(".").reverse().join(".");
  return reverse(a.name).localeCompare(reverse(b.name)) || String(a.type).localeCompare(String(b.type));
}

/** Whether a manual step answers a finding: the same rule, domain and path. */
export function covers(step: ManualStep, f: Pick<Finding, "ruleId" | "domain" | "path">): boolean {
  return step.ruleId === f.ruleId && step.domain === f.domain && (step.path ?? "") === (f.path ?? "");
}

/** The changes the findings propose that the plan does not compose itself (DKIM CNAMEs, provider records, null MX). */
function findingChanges(findings: readonly Finding[], composed: (c: DnsChange) => boolean): PlanChange[] {
  const out = new Map<string, PlanChange>();
  for (const f of findings) {
    for (const change of f.changes ?? []) {
      if (composed(change)) continue;
      const key = changeKey(change);
      const known = out.get(key);
      const reason = { ruleId: f.ruleId, text: f.message };
      if (known === undefined)
        out.set(key, {
          ...change,
          records: [...change.records],
          ttl: change.ttl ?? 3600,
          reasons: [reason],
          notes: [],
        });
      else if (JSON.stringify(known.records) === JSON.stringify(change.records)) known.reasons.push(reason);
      else known.notes.push(`[${f.ruleId}] proposed other records here; the first proposal is kept`);
    }
  }
  return [...out.values()];
}

/** The manual steps of the findings, each once. */
function findingSteps(findings: readonly Finding[], skip: (f: Finding) => boolean): ManualStep[] {
  const out: ManualStep[] = [];
  for (const f of findings) {
    if (skip(f)) continue;
    for (const action of f.manualSteps ?? []) {
      const step: ManualStep = {
        ruleId: f.ruleId,
        domain: f.domain,
        ...(f.path !== undefined ? { path: f.path } : {}),
        action,
      };
      if (!out.some((s) => covers(s, f) && s.action === action)) out.push(step);
    }
  }
  return out;
}

/** The error findings that count (not accepted, not in a baseline). */
function errors(report: AuditReport): Finding[] {
  return report.findings.filter((f) => f.severity === "error" && counts(f));
}

/**
 * Plans the fixes of an organisation's audit: `changes` (whole RRsets to publish, `records: []` to
 * remove), `manualSteps` (what DNS cannot do, each with its rule, path and exact action), the
 * `before` audit and the `after` audit over the changes. Throws as `audit()` does for an invalid
 * description or an unknown rule id; DNS problems are findings.
 *
 * ```ts
 * const p = await plan(org, { resolver });
 * p.changes;          // [{ name: "contoso.example", type: "TXT", records: [["v=spf1 ..."]], ttl, reasons, notes }]
 * p.summary.status;   // "clean" | "manual" | "unresolved"
 * ```
 */
export async function plan(org: unknown, options: PlanOptions): Promise<Plan> {
  const { flatten = false, rua, dkimKeys = {}, ...rest } = options;
  const auditOptions: AuditOptions = { ...rest, verifyFixes: false };
  const before = await runAudit(org, auditOptions);
  const { facts } = before;
  const below = before.ctx.resolver;
  const audited = new Set(facts.domains.map((d) => d.domain));
  const composed = (c: DnsChange) =>
    String(c.type).toUpperCase() === "TXT" &&
    (audited.has(c.name.toLowerCase()) || c.name.toLowerCase().startsWith("_dmarc."));

  const keyNames = new Set(Object.keys(dkimKeys).map((n) => n.toLowerCase().replace(/\.$/, "")));
  const changes = findingChanges(before.allFindings, composed).filter(
    (c) => !keyNames.has(c.name.toLowerCase()) || String(c.type).toUpperCase() !== "TXT",
  );
  const manualSteps = findingSteps(
    before.allFindings,
    (f) =>
      f.ruleId === "dmarc-missing" ||
      (f.ruleId === "dkim-key-missing" && f.evidence.some((e) => "name" in e && keyNames.has(e.name.toLowerCase()))),
  );
  for (const [name, record] of Object.entries(dkimKeys)) {
    const key = name.toLowerCase().replace(/\.$/, "");
    const planned = facts.paths.some((p) => p.signatures.some((s) => s.lookup?.name === key && !s.lookup.usable));
    if (!planned) continue;
    const at = changes.findIndex((c) => c.name === key);
    if (at >= 0) changes.splice(at, 1);
    changes.push({
      ...txtChange(key, record),
      ttl: 3600,
      reasons: [{ ruleId: "dkim-key-missing", text: "the key given in the plan's configuration" }],
      notes: [],
    });
  }

  const dmarc = composeDmarc(facts, before.allFindings, rua !== undefined ? { rua } : {});
  changes.push(...dmarc.changes);
  manualSteps.push(...dmarc.manualSteps);

  // Each SPF record is tried over the other changes (a DKIM or provider record may change what it reaches).
  const others = new OverlayResolver(below, changes);
  const trial = { below: others, now: before.ctx.now, ...(options.signal ? { signal: options.signal } : {}) };
  for (const domain of facts.domains) {
    const part = await composeSpf(facts, domain, trial, { flatten });
    if (part.change !== undefined) changes.push(part.change);
    manualSteps.push(...part.manualSteps);
  }
  changes.sort(byZone);

  const conflicts = await OverlayResolver.conflicts(changes, below, options.signal ? { signal: options.signal } : {});
  const after = await runAudit(before.org, { ...auditOptions, resolver: new OverlayResolver(below, changes) });
  const remaining: RemainingFinding[] = errors(after.report).map((f) => ({
    ruleId: f.ruleId,
    domain: f.domain,
    ...(f.path !== undefined ? { path: f.path } : {}),
    message: f.message,
    covered: manualSteps.some((s) => covers(s, f)),
  }));
  const status =
    conflicts.length > 0 || remaining.some((r) => !r.covered)
      ? "unresolved"
      : remaining.length > 0
        ? "manual"
        : "clean";
  return {
    version: 1,
    kind: "plan",
    tool: before.report.tool,
    generatedAt: before.report.generatedAt,
    org: { name: before.report.org.name },
    changes,
    manualSteps,
    conflicts,
    before: before.report,
    after: after.report,
    summary: { status, errors: { before: errors(before.report).length, after: remaining.length }, remaining },
  };
}
