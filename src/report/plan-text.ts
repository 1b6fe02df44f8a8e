/**
 * The `text` format of a plan: the verdict of each sending path before and after the changes,
 * the error counts, then each change (the whole RRset, why, and what to know), the manual steps,
 * and what still fails. Every string from DNS or the description is made printable.
 */
import { createColors } from "picocolors";
import type { AuditReport } from "../audit/report-types.ts";
import type { Plan } from "../plan/types.ts";
import { presentData } from "../rules/fix-text.ts";
import { printable } from "./printable.ts";
import { type Cell, textTable } from "./text-table.ts";
import { indentOf, textWidth, wrapLine } from "./text-width.ts";
import type { FormatOptions } from "./types.ts";
import { viaLabel } from "./verdicts.ts";
import { counted } from "./words.ts";

/** One line saying what the plan achieves. */
export function planHeadline(plan: Plan): string {
  const { status, errors } = plan.summary;
  const what =
    status === "clean"
      ? "after these changes the audit reports no error"
      : status === "manual"
        ? "after these changes and the manual steps the audit reports no error"
        : "errors remain after these changes";
  return `${what} (${counted(errors.before, "error")} before, ${errors.after} after)`;
}

/** The verdict of each path before and after, matched by path id and From domain. */
export function verdictRows(plan: Plan): { id: string; from: string; via: string; before: string; after: string }[] {
  const key = (p: AuditReport["paths"][number]) => `${p.id}\u0000${p.fromDomain}`;
  const after = new Map(plan.after.paths.map((p) => [key(p), p.verdict]));
  return plan.before.paths.map((p) => ({
    id: p.id,
    from: p.fromDomain,
    via: viaLabel(p),
    before: p.verdict,
    after: after.get(key(p)) ?? "unknown",
  }));
}

/** Formats a plan as text for a terminal or a log. */
export function formatPlanText(plan: Plan, options: FormatOptions = {}): string {
  const c = createColors(options.color === true);
  const p = printable;
  const width = textWidth(options.width);
  const tone = (v: string) => (v === "pass" ? c.green : v === "fail" ? c.red : c.yellow);
  const paint = plan.summary.status === "clean" ? c.green : plan.summary.status === "manual" ? c.yellow : c.red;
  const out: string[] = [
    c.bold(`email-auth-audit ${p(plan.tool.version)} · fix plan for ${p(plan.org.name)} · ${p(plan.generatedAt)}`),
    `Result: ${paint(c.bold(plan.summary.status.toUpperCase()))} · ${planHeadline(plan)} · ${counted(plan.changes.length, "change")}, ${counted(plan.manualSteps.length, "manual step")}`,
  ];
  const rows = verdictRows(plan);
  if (rows.length > 0) {
    const cells: (string | Cell)[][] = rows.map((r) => [
      p(r.id),
      p(r.from),
      p(r.via),
      { text: r.before.toUpperCase(), paint: tone(r.before) },
      { text: r.after.toUpperCase(), paint: tone(r.after) },
    ]);
    out.push(
      "",
      c.bold("Sending paths"),
      textTable(["PATH", "FROM", "VIA", "BEFORE", "AFTER"], cells, { bold: c.bold, width }),
    );
  }
  out.push("", c.bold("Changes (publish each RRset whole: it replaces the records of its name and type)"));
  if (plan.changes.length === 0) out.push(`  ${c.green("none needed")}`);
  for (const change of plan.changes) {
    out.push(`  ${c.bold(p(`${change.name} ${change.type}`))} ${c.dim(`TTL ${change.ttl}`)}`);
    for (const r of change.reasons) out.push(`    ${c.dim("why:")} ${r.ruleId ? `[${p(r.ruleId)}] ` : ""}${p(r.text)}`);
    if (change.records.length === 0) out.push(`    ${c.red("remove every record of this type")}`);
    for (const record of change.records)
      out.push(
        ...wrapLine(`    ${c.dim("│")} ${p(presentData(String(change.type), record))}`, width, {
          continuation: `    ${c.dim("┆")} `,
        }),
      );
    for (const note of change.notes) out.push(`    ${c.dim("note:")} ${p(note)}`);
  }
  if (plan.manualSteps.length > 0) {
    out.push("", c.bold("Manual steps (DNS cannot do these)"));
    plan.manualSteps.forEach((s, i) => {
      const where = [p(s.domain), s.path !== undefined ? `path ${p(s.path)}` : ""].filter(Boolean).join(" · ");
      out.push(`  ${i + 1}. [${p(s.ruleId)}] ${where}`, `     ${p(s.action)}`);
    });
  }
  if (plan.conflicts.length > 0) {
    out.push("", c.bold(c.red("Conflicts (RFC 2181 §10.1): these changes cannot be published together")));
    for (const x of plan.conflicts) out.push(`  ✖ ${p(x.message)}`);
  }
  const left = plan.summary.remaining;
  if (left.length > 0) {
    out.push("", c.bold("Errors left after the changes"));
    for (const r of left)
      out.push(
        `  ${r.covered ? c.yellow("◐") : c.red("✖")} [${p(r.ruleId)}] ${p(r.domain)}${r.path ? ` · path ${p(r.path)}` : ""}: ${p(r.message)}${r.covered ? c.dim(" (a manual step covers it)") : ""}`,
      );
  }
  // Every line fits the width: long ones continue under their own indent (records above already do).
  return `${out.flatMap((l) => wrapLine(l, width, { continuation: indentOf(l, 2) })).join("\n")}\n`;
}
