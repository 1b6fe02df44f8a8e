/**
 * The `zone` format of a plan: an RFC 1035 §5 zone-file fragment of its changes, to paste into a
 * zone or read with any zone parser. Owner names are absolute (a final dot) with special
 * characters escaped (`\DDD`); TXT data is quoted, `"` and `\` escaped, bytes outside printable
 * ASCII written `\DDD`, and every character-string at most 255 octets (§3.3.14: longer text is
 * split into several strings, which SPF and DKIM join back without a separator). Removals cannot
 * be written as records: each is a comment line. Everything from DNS in a comment is made inert.
 */
import type { Plan, PlanChange } from "../plan/types.ts";
import { inert, presentData, quoteTxt, splitTxt } from "../rules/fix-text.ts";

/** A domain name in a zone file: absolute, each octet that is not a letter, digit, `-`, `_` or `*` escaped as `\DDD`. */
export function zoneName(name: string): string {
  const trimmed = name.replace(/\.$/, "");
  if (trimmed === "") return ".";
  const labels = trimmed.split(".").map((label) => {
    let out = "";
    for (const byte of Buffer.from(label, "utf8")) {
      const ch = String.fromCharCode(byte);
      out += /[A-Za-z0-9_*-]/.test(ch) ? ch : `\\${String(byte).padStart(3, "0")}`;
    }
    return out;
  });
  return `${labels.join(".")}.`;
}

/** The RDATA of one record in zone-file form. */
export function zoneData(type: string, record: unknown): string {
  const t = type.toUpperCase();
  if (Array.isArray(record))
    return record
      .flatMap((s) => splitTxt(String(s)))
      .map(quoteTxt)
      .join(" ");
  if (t === "CNAME" || t === "NS" || t === "PTR") return zoneName(String(record));
  if (t === "MX" && typeof record === "object" && record !== null) {
    const mx = record as { preference: number; exchange: string };
    return `${mx.preference} ${mx.exchange === "" || mx.exchange === "." ? "." : zoneName(mx.exchange)}`;
  }
  return inert(presentData(t, record));
}

/** The lines of one change: a comment with why, then the records (or the removal, as a comment). */
export function zoneLines(change: PlanChange): string[] {
  const type = String(change.type).toUpperCase();
  const lines = change.reasons.map((r) => `; ${r.ruleId !== undefined ? `[${r.ruleId}] ` : ""}${inert(r.text)}`);
  for (const note of change.notes) lines.push(`; note: ${inert(note)}`);
  if (change.records.length === 0)
    lines.push(`; REMOVE ${zoneName(change.name)} ${type}: delete every ${type} record at this name`);
  for (const record of change.records)
    lines.push(`${zoneName(change.name)} ${change.ttl} IN ${type} ${zoneData(type, record)}`);
  return lines;
}

/** Formats a plan's changes as a zone-file fragment. */
export function formatZone(plan: Plan): string {
  const head = [
    `; email-auth-audit ${inert(plan.tool.version)}: fix plan for ${inert(plan.org.name)}, ${inert(plan.generatedAt)}`,
    "; Each RRset below replaces every record of its name and type (records of other types stay).",
    `; After these changes: ${plan.summary.status === "clean" ? "no error finding" : plan.summary.status === "manual" ? "the error findings left are covered by the manual steps (see the text or JSON plan)" : "error findings remain (see the text or JSON plan)"}.`,
  ];
  if (plan.changes.length === 0) head.push("; No DNS change is needed.");
  if (plan.manualSteps.length > 0)
    head.push(`; ${plan.manualSteps.length} manual step(s) are not in this file (see the text or JSON plan).`);
  if (plan.conflicts.length > 0) head.push(...plan.conflicts.map((c) => `; CONFLICT: ${inert(c.message)}`));
  return `${[head.join("\n"), ...plan.changes.map((c) => zoneLines(c).join("\n"))].join("\n\n")}\n`;
}
