/** What the `report-*` rules share: the window in words, sources as evidence lines, shares. */
import type { ObservedEvidence } from "../facts/evidence.ts";
import type { ReportFacts, ReportSource } from "../facts/report-types.ts";
import type { AuditFacts } from "../verdicts/types.ts";

/** Evidence lines listed per finding; the rest are counted ("... and 12 more"). */
export const MAX_EVIDENCE_LINES = 10;

/** 1234 → "1,234". */
export function fmt(n: number): string {
  return n.toLocaleString("en-US");
}

/** A share as a percentage with one decimal when below 10 (0.4%, 12%). */
export function percent(part: number, whole: number): string {
  if (whole <= 0) return "0%";
  const p = (part * 100) / whole;
  if (p > 0 && p < 0.1) return "<0.1%";
  if (p < 100 && p > 99.9) return ">99.9%";
  return `${p < 10 ? Number(p.toFixed(1)) : Math.round(p)}%`;
}

/** "n things" with the plural. */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${fmt(n)} ${n === 1 ? word : many}`;
}

/** The window the reports cover: "2026-10-24 to 2026-11-22". */
export function windowText(r: ReportFacts): string {
  const from = (r.window.since ?? r.window.first ?? "").slice(0, 10);
  const to = (r.window.until ?? r.window.last ?? "").slice(0, 10);
  if (from === "" && to === "") return "no report in the window";
  return from === to ? from : `${from || "…"} to ${to || "…"}`;
}

/** "DMARC aggregate reports, 2026-10-24 to 2026-11-22 (30 reports from 4 reporters)". */
export function reportsSource(r: ReportFacts): string {
  return `DMARC aggregate reports, ${windowText(r)} (${plural(r.reports, "report")} from ${plural(r.reporters.length, "reporter")})`;
}

/** One source in words, for evidence. */
export function sourceLine(s: ReportSource): string {
  const parts = [
    `${s.ip}: ${plural(s.messages, "message")}, DMARC pass ${fmt(s.dmarcPass)} (${percent(s.dmarcPass, s.messages)})`,
  ];
  const dkim = s.dkim
    .slice(0, 2)
    .map((a) => `d=${a.domain}${a.detail !== null ? ` s=${a.detail}` : ""} ${a.result ?? "?"}`);
  if (dkim.length > 0) parts.push(`DKIM ${dkim.join(", ")}`);
  const spf = s.spf.slice(0, 2).map((a) => `${a.domain} ${a.result ?? "?"}`);
  if (spf.length > 0) parts.push(`SPF ${spf.join(", ")}`);
  parts.push(ptrText(s));
  if (s.class === "unknown" && s.provider !== undefined)
    parts.push(`likely ${s.provider.name} (by its PTR name alone)`);
  return parts.join(" · ");
}

/** The reverse DNS of a source in words: names, "no PTR", "PTR unknown (timeout)", "PTR not looked up". */
export function ptrText(s: ReportSource): string {
  switch (s.ptr.status) {
    case "found": {
      const confirmed =
        s.ptr.confirmed === true ? " (forward-confirmed)" : s.ptr.confirmed === false ? " (not forward-confirmed)" : "";
      return `PTR ${s.ptr.names.slice(0, 2).join(", ")}${confirmed}`;
    }
    case "none":
      return "no PTR";
    case "unknown":
      return `PTR unknown${s.ptr.detail ? ` (${s.ptr.detail})` : ""}`;
    case "not-asked":
      return "PTR not looked up";
  }
}

/** Observed evidence listing sources (most messages first), bounded. */
export function sourcesEvidence(r: ReportFacts, sources: readonly ReportSource[], note?: string): ObservedEvidence {
  const lines = sources.slice(0, MAX_EVIDENCE_LINES).map(sourceLine);
  if (sources.length > MAX_EVIDENCE_LINES) lines.push(`... and ${fmt(sources.length - MAX_EVIDENCE_LINES)} more`);
  const e: ObservedEvidence = { kind: "reports", source: reportsSource(r), lines };
  if (note !== undefined) e.note = note;
  return e;
}

/** The DMARC policy that applies to a From domain (from DNS), or null. */
export function policyOf(facts: AuditFacts, domain: string): "none" | "quarantine" | "reject" | null {
  const d = facts.domains.find((x) => x.domain === domain);
  return d?.dmarc?.status === "found" ? (d.dmarc.policy?.p ?? null) : null;
}

/** Sums of a group of sources. */
export function sums(sources: readonly ReportSource[]): { messages: number; dmarcPass: number; failing: number } {
  let messages = 0;
  let dmarcPass = 0;
  for (const s of sources) {
    messages += s.messages;
    dmarcPass += s.dmarcPass;
  }
  return { messages, dmarcPass, failing: messages - dmarcPass };
}

/** Whether a source passes DMARC for most of its messages. */
export function mostlyPassing(s: { messages: number; dmarcPass: number }): boolean {
  return s.dmarcPass > 0 && s.dmarcPass * 2 >= s.messages;
}

/** Whether reports in the window cover a From domain (a report for it or for a parent policy domain). */
export function covered(r: ReportFacts, fromDomain: string): boolean {
  return r.policyDomains.some((p) => fromDomain === p.domain || fromDomain.endsWith(`.${p.domain}`));
}
