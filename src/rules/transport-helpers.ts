/**
 * What the transport rules share: the domains whose policies were gathered, the probed targets,
 * the evidence of each kind, and a code span for DNS or server text in a fix (never pasted raw).
 */
import type { Evidence } from "../facts/evidence.ts";
import type { ProbeTargetFacts } from "../facts/probes.ts";
import type { TransportDomainFacts } from "../facts/transport.ts";
import { dnsEvidence, replyLines, smtpEvidence } from "../facts/transport-evidence.ts";
import type { EhloInfo, SmtpProbeReport } from "../transport/smtp/types.ts";
import type { TransportDiagnostic } from "../transport/types.ts";
import type { AuditFacts } from "../verdicts/types.ts";

/** Markdown inline code for untrusted text: a backtick fence longer than any run inside, control characters removed. */
export function code(text: string): string {
  const clean = text.replace(/[\u0000-\u001f\u007f]/g, " ").slice(0, 500);
  const longest = Math.max(0, ...(clean.match(/`+/g) ?? []).map((r) => r.length));
  const fence = "`".repeat(longest + 1);
  const pad = clean.startsWith("`") || clean.endsWith("`") ? " " : "";
  return `${fence}${pad}${clean}${pad}${fence}`;
}

/** The domains whose transport policies were gathered. */
export function transportDomains(facts: AuditFacts): TransportDomainFacts[] {
  return facts.transport?.domains ?? [];
}

/** One probed target with a completed report. */
export interface Probed {
  target: ProbeTargetFacts;
  report: SmtpProbeReport;
  /** The domain the finding is about: the first the host serves, else the host. */
  domain: string;
  /** `mx1.example.com:25`. */
  where: string;
  /** `MX host of a.example, b.example`, `smart host edge-relay`, `named with --probe-host`. */
  role: string;
}

function roleText(t: ProbeTargetFacts): string {
  const parts: string[] = [];
  if (t.roles.includes("mx") && t.port === 25) parts.push(`an MX host of ${t.domains.join(", ") || "the domain"}`);
  if (t.roles.includes("smart-host")) parts.push(`smart host ${t.smartHosts.join(", ")}`);
  if (t.roles.includes("named") && parts.length === 0) parts.push("a host named for probing");
  return parts.join("; ");
}

/** Every target the probe reached (a report, not an input error). */
export function probedTargets(facts: AuditFacts): Probed[] {
  const out: Probed[] = [];
  for (const target of facts.transport?.probes?.targets ?? []) {
    const report = target.result;
    if (report === undefined || !report.ok) continue;
    out.push({
      target,
      report,
      domain: target.domains[0] ?? target.host,
      where: `${target.host}:${target.port}`,
      role: roleText(target),
    });
  }
  return out;
}

/** The EHLO reply lines (`S: 250-...`). */
export function ehloLines(ehlo: EhloInfo): string[] {
  return replyLines(ehlo.reply);
}

/** SMTP evidence for a probed target. */
export function probeEvidence(p: Probed, lines: readonly string[], note?: string): Evidence {
  return smtpEvidence(p.target, lines, note);
}

/** The transcript entries that contain any of `needles` (with the line after each command), at most 20. */
export function transcriptAround(report: SmtpProbeReport, needles: readonly string[]): string[] {
  const out: string[] = [];
  report.transcript.forEach((line, i) => {
    if (!needles.some((n) => line.includes(n))) return;
    out.push(line);
    const next = report.transcript[i + 1];
    if (line.startsWith("C: ") && next !== undefined && !needles.some((n) => next.includes(n))) out.push(next);
  });
  return out.slice(0, 20);
}

/** Diagnostics as one line each: `message (line 3) [RFC 8461 §3.2]`, at most `max`. */
export function diagnosticList(diagnostics: readonly TransportDiagnostic[], max = 8): string[] {
  const lines = diagnostics.slice(0, max).map((d) => {
    const at = d.line !== undefined ? ` (line ${d.line})` : d.start !== undefined ? ` (at ${d.start})` : "";
    const refs = d.refs.map((r) => (r.rfc > 0 ? `RFC ${r.rfc} §${r.section}` : `${r.doc ?? "draft"} §${r.section}`));
    return `${d.message}${at}${refs.length > 0 ? ` [${refs.join(", ")}]` : ""}`;
  });
  if (diagnostics.length > max) lines.push(`… and ${diagnostics.length - max} more`);
  return lines;
}

export { dnsEvidence };
