/**
 * The `markdown` format of a plan, for a ticket or a pull request: the result, the paths before
 * and after, each change as a zone-file block with why, the manual steps and what still fails.
 */
import type { Plan } from "../plan/types.ts";
import { mdBlock, mdCode, mdProse, mdText } from "./markdown-text.ts";
import { planHeadline, verdictRows } from "./plan-text.ts";
import { zoneLines } from "./zone.ts";

const VERDICT: Record<string, string> = {
  pass: "✅ pass",
  fragile: "⚠️ fragile",
  fail: "❌ fail",
  unknown: "❔ unknown",
};
const STATUS: Record<Plan["summary"]["status"], string> = {
  clean: "✅ CLEAN",
  manual: "⚠️ MANUAL STEPS",
  unresolved: "❌ UNRESOLVED",
};

/** Formats a plan as GitHub-flavoured Markdown. */
export function formatPlanMarkdown(plan: Plan): string {
  const out: string[] = [
    `## email-auth-audit: fix plan for ${mdText(plan.org.name)}: ${STATUS[plan.summary.status]}`,
    "",
    `${mdText(planHeadline(plan))} · **${plan.changes.length}** change${plan.changes.length === 1 ? "" : "s"}, ${plan.manualSteps.length} manual step${plan.manualSteps.length === 1 ? "" : "s"} · ${mdText(plan.generatedAt)} · email-auth-audit ${mdText(plan.tool.version)}`,
  ];
  const rows = verdictRows(plan);
  if (rows.length > 0) {
    out.push("", "### Sending paths", "", "| Path | From | Via | Before | After |", "|---|---|---|---|---|");
    for (const r of rows)
      out.push(
        `| ${mdCode(r.id)} | ${mdCode(r.from)} | ${mdText(r.via)} | ${VERDICT[r.before] ?? mdText(r.before)} | ${VERDICT[r.after] ?? mdText(r.after)} |`,
      );
  }
  out.push("", "### Changes", "");
  if (plan.changes.length === 0) out.push("None needed.");
  else out.push("Publish each RRset whole: it replaces the records of its name and type.", "");
  for (const change of plan.changes) {
    out.push(`#### ${mdCode(`${change.name} ${change.type}`)}`, "");
    for (const r of change.reasons) out.push(`- ${r.ruleId ? `${mdCode(r.ruleId)}: ` : ""}${mdText(r.text)}`);
    for (const n of change.notes) out.push(`- Note: ${mdProse(n).replace(/\n/g, " ")}`);
    out.push("", mdBlock(zoneLines(change).filter((l) => !l.startsWith("; ") || l.startsWith("; REMOVE"))), "");
  }
  if (plan.manualSteps.length > 0) {
    out.push("### Manual steps", "");
    plan.manualSteps.forEach((s, i) =>
      out.push(
        `${i + 1}. ${mdCode(s.ruleId)} (${mdCode(s.domain)}${s.path !== undefined ? `, path ${mdCode(s.path)}` : ""}): ${mdProse(s.action).replace(/\n/g, " ")}`,
      ),
    );
    out.push("");
  }
  if (plan.conflicts.length > 0) {
    out.push("### Conflicts (RFC 2181 §10.1)", "");
    for (const x of plan.conflicts) out.push(`- ${mdText(x.message)}`);
    out.push("");
  }
  if (plan.summary.remaining.length > 0) {
    out.push("### Errors left after the changes", "");
    for (const r of plan.summary.remaining)
      out.push(
        `- ${r.covered ? "◐" : "❌"} ${mdCode(r.ruleId)} ${mdCode(r.domain)}${r.path ? ` path ${mdCode(r.path)}` : ""}: ${mdText(r.message)}${r.covered ? " (a manual step covers it)" : ""}`,
      );
  }
  return `${out
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trimEnd()}\n`;
}
