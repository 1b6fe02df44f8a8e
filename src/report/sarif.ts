/**
 * The `sarif` format: SARIF 2.1.0 (OASIS), so that CI systems (GitHub code scanning, Azure DevOps,
 * GitLab) show the findings. One run; `tool.driver.rules` from the findings' rule ids (with help
 * text and URIs); one result per finding with `ruleId`, `level` (error / warning / note), the
 * message, a location and a stable `partialFingerprints` entry.
 *
 * Findings are about DNS names, not lines of code: each result's location is a logical location of
 * kind `resource` (the domain; a second one of kind `object` for the sending path), plus, when the
 * audit read an organisation file, a physical location in that file (the line of the path or
 * domain), which code-scanning services need to show a result.
 */
import { createHash } from "node:crypto";
import type { AuditReport } from "../audit/report-types.ts";
import type { Severity } from "../common/severity.ts";
import { type Evidence, isDnsEvidence } from "../facts/evidence.ts";
import type { Finding, RuleMeta } from "../rules/types.ts";
import { printable } from "./printable.ts";
import type { FormatOptions } from "./types.ts";

export const SARIF_SCHEMA =
  "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
/** The key of our entry in `partialFingerprints` (versioned: a new scheme gets a new key). */
export const FINGERPRINT_KEY = "emailAuthAudit/v1";
/** The key of the finding's own fingerprint (`Finding.fingerprint`, the one baselines use). */
export const FINDING_FINGERPRINT_KEY = "emailAuthAudit/finding/v2";
const INFORMATION_URI = "https://www.npmjs.com/package/email-auth-audit";

const LEVEL: Record<Severity, "error" | "warning" | "note"> = { error: "error", warning: "warning", info: "note" };

/**
 * Plain text for a SARIF `message.text`: control and invisible characters made visible, and `\`,
 * `[` and `]` escaped with a backslash, so that DNS data cannot form an embedded link
 * (`[text](url)`, SARIF 2.1.0 §3.11.6) that a viewer would render.
 */
export function sarifText(value: string): string {
  return printable(value).replace(/[\\[\]]/g, (ch) => `\\${ch}`);
}

/** A domain that could not be checked (bulk mode): a tool execution notification, not a result. */
export interface SarifFailure {
  domain: string;
  error: string;
}

/** Formats one report as a SARIF 2.1.0 log. */
export function formatSarif(report: AuditReport, options: FormatOptions = {}): string {
  return JSON.stringify(sarifLog([report], options), null, 2) + "\n";
}

/** The SARIF log object for one or several reports (several: a bulk check, one run with every result). */
export function sarifLog(
  reports: readonly AuditReport[],
  options: FormatOptions = {},
  failures: readonly SarifFailure[] = [],
  run: { version?: string; endTimeUtc?: string } = {},
): Record<string, unknown> {
  const findings = reports.flatMap((r) => r.findings);
  const ruleIds = [...new Set(findings.map((f) => f.ruleId))].sort();
  const ruleIndex = new Map(ruleIds.map((id, i) => [id, i]));
  const rules = ruleIds.map((id) =>
    sarifRule(
      id,
      findings.filter((f) => f.ruleId === id),
      options.ruleMeta?.(id),
    ),
  );
  const artifact = options.artifact;
  const seen = new Map<string, number>();
  const results = findings.map((f) => {
    const key = [f.ruleId, f.domain, f.path ?? "", evidenceName(f.evidence[0])].join("\u0000");
    const occurrence = (seen.get(key) ?? 0) + 1;
    seen.set(key, occurrence);
    const logicalLocations: Record<string, string>[] = [
      { name: f.domain || "(organisation)", fullyQualifiedName: f.domain || "(organisation)", kind: "resource" },
    ];
    if (f.path !== undefined)
      logicalLocations.push({ name: f.path, fullyQualifiedName: `${f.domain}/${f.path}`, kind: "object" });
    const location: Record<string, unknown> = { logicalLocations };
    if (artifact !== undefined) {
      location.physicalLocation = {
        artifactLocation: { uri: artifact.uri, index: 0 },
        region: { startLine: artifact.text === undefined ? 1 : lineOf(artifact.text, f) },
      };
    }
    return {
      ruleId: f.ruleId,
      ruleIndex: ruleIndex.get(f.ruleId) ?? 0,
      level: LEVEL[f.severity] ?? "warning",
      message: { text: sarifText(f.message) },
      locations: [location],
      partialFingerprints: {
        [FINGERPRINT_KEY]: createHash("sha256").update(`${key}\u0000${occurrence}`).digest("hex"),
        ...(f.fingerprint !== undefined ? { [FINDING_FINGERPRINT_KEY]: f.fingerprint } : {}),
      },
      // SARIF 2.1.0 §3.27.23: a finding the description accepts is suppressed, with its reason.
      ...(f.accepted !== undefined
        ? { suppressions: [{ kind: "external", status: "accepted", justification: f.accepted.reason }] }
        : {}),
      // §3.27.24: a finding in the baseline is not new.
      ...(f.baselined === true ? { baselineState: "unchanged" } : {}),
      properties: {
        domain: f.domain,
        ...(f.path !== undefined ? { path: f.path } : {}),
        fix: f.fix,
        evidence: f.evidence,
        ...(f.changes !== undefined ? { changes: f.changes } : {}),
        ...(f.manualSteps !== undefined ? { manualSteps: f.manualSteps } : {}),
        ...(f.verification !== undefined ? { verification: f.verification } : {}),
      },
    };
  });
  const version = run.version ?? reports[0]?.tool.version ?? "0.0.0";
  const endTimeUtc = run.endTimeUtc ?? reports[0]?.generatedAt;
  const sarifRun: Record<string, unknown> = {
    tool: {
      driver: {
        name: "email-auth-audit",
        version,
        informationUri: INFORMATION_URI,
        rules,
      },
    },
    invocations: [
      {
        executionSuccessful: failures.length === 0,
        ...(endTimeUtc !== undefined ? { endTimeUtc } : {}),
        toolExecutionNotifications: failures.map((x) => ({
          level: "error",
          message: { text: sarifText(`${x.domain}: could not be checked: ${x.error}`) },
          locations: [{ logicalLocations: [{ name: x.domain, fullyQualifiedName: x.domain, kind: "resource" }] }],
        })),
      },
    ],
    results,
    properties: { reports: reports.map((r) => ({ kind: r.kind, org: r.org.name, summary: r.summary })) },
  };
  if (artifact !== undefined) sarifRun.artifacts = [{ location: { uri: artifact.uri } }];
  return { $schema: SARIF_SCHEMA, version: "2.1.0", runs: [sarifRun] };
}

/** A reporting descriptor: from the rule's metadata when known, else from its findings. */
function sarifRule(id: string, findings: Finding[], meta: RuleMeta | undefined): Record<string, unknown> {
  const sample = findings[0];
  const references = meta?.references ?? sample?.references ?? [];
  const title = meta?.title ?? humanise(id);
  // Without the rule's metadata, a finding's fix is specific to that finding: point at it instead.
  const fix = meta?.fix ?? "";
  const perResult =
    meta === undefined
      ? "Each result carries its own fix (`properties.fix`) and DNS evidence (`properties.evidence`)."
      : "";
  const refText = references.map((r) => `${r.label}: ${r.url}`).join("\n");
  const refMarkdown = references.map((r) => `- [${r.label}](${r.url})`).join("\n");
  const rule: Record<string, unknown> = {
    id,
    name: id.replace(/(^|-)([a-z0-9])/g, (_m, _dash: string, ch: string) => ch.toUpperCase()),
    shortDescription: { text: title },
    fullDescription: { text: meta?.description ?? title },
    help: {
      text: [meta?.description, fix ? `Fix: ${fix}` : "", perResult, refText ? `References:\n${refText}` : ""]
        .filter(Boolean)
        .join("\n\n"),
      markdown: [
        meta?.description,
        fix ? `**Fix:** ${fix}` : "",
        perResult,
        refMarkdown ? `**References:**\n\n${refMarkdown}` : "",
      ]
        .filter(Boolean)
        .join("\n\n"),
    },
    defaultConfiguration: { level: LEVEL[meta?.severity ?? sample?.severity ?? "warning"] },
    properties: { tags: ["email", "dns", id.split("-")[0] ?? "email"] },
  };
  const helpUri = references[0]?.url;
  if (helpUri !== undefined) rule.helpUri = helpUri;
  return rule;
}

const ACRONYMS = new Set(["spf", "dkim", "dmarc", "mx", "dns", "ip", "ptr", "rua", "ruf", "tls", "bimi", "arc"]);

/** `dkim-key-weak` → `DKIM key weak`. */
function humanise(id: string): string {
  const words = id.split("-").map((w) => (ACRONYMS.has(w) ? w.toUpperCase() : w));
  const text = words.join(" ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Where ids and names are declared and mentioned in an organisation file: each value's first line. */
interface LineIndex {
  /** `id\u0000edge-relay` → line of `"id": "edge-relay"` (JSON) or `id: edge-relay` (YAML). */
  declared: Map<string, number>;
  /** A value standing alone (`- contoso.example`, `"contoso.example",`) → its first line. */
  mentioned: Map<string, number>;
}

/** The longest value indexed: a DNS name (RFC 1035 §2.3.4); longer runs are not names. */
const MAX_VALUE = 253;

/** Indexes a file in one pass, so that placing every finding is linear in the file and the findings. */
function indexLines(text: string): LineIndex {
  const declared = new Map<string, number>();
  const mentioned = new Map<string, number>();
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    for (const m of line.matchAll(/["']?(id|name)["']?\s*:\s*["']?([^"'\s,}]*)["']?\s*(?=,|}|$)/g)) {
      const key = `${m[1]}\u0000${m[2]}`;
      if (!declared.has(key)) declared.set(key, i + 1);
    }
    const lastVisible = line.search(/\s*$/) - 1;
    for (const m of line.matchAll(/[^\s"'[\],]+/g)) {
      const run = m[0];
      const end = m.index + run.length;
      const next = line[end];
      const closes =
        next === undefined || end > lastVisible || next === '"' || next === "'" || next === "]" || next === ",";
      if (!closes || run.length > MAX_VALUE) continue;
      // A value starts at the run's start or right after a "-" in it (a YAML list item `-x`).
      for (let from = 0; from >= 0; from = run.indexOf("-", from) < 0 ? -1 : run.indexOf("-", from) + 1) {
        const value = run.slice(from);
        if (!mentioned.has(value)) mentioned.set(value, i + 1);
      }
    }
  }
  return { declared, mentioned };
}

let lastIndex: { text: string; index: LineIndex } | undefined;

/**
 * The line of the organisation file a finding is about: where its path's id is declared, else
 * where its domain is named (JSON `"id": "x"` or YAML `id: x`), else where it is mentioned; line 1
 * when none is found. The file is indexed once (and kept for the next call with the same text).
 */
export function lineOf(text: string, finding: Finding): number {
  if (lastIndex?.text !== text) lastIndex = { text, index: indexLines(text) };
  const { declared, mentioned } = lastIndex.index;
  const found =
    (finding.path ? declared.get(`id\u0000${finding.path}`) : undefined) ??
    (finding.domain ? (declared.get(`name\u0000${finding.domain}`) ?? mentioned.get(finding.domain)) : undefined);
  return found ?? 1;
}

/** The name a piece of evidence is about (a DNS name, or where an observation was made). */
function evidenceName(e: Evidence | undefined): string {
  if (e === undefined) return "";
  return isDnsEvidence(e) ? e.name : e.source;
}
