/**
 * The `markdown` format, for a ticket or a pull request: the verdict, a table of the sending paths
 * (SPF, DKIM, DMARC, why), the domains, the findings by severity with evidence and fix, and the SPF
 * include trees. Every string from the report is escaped (see markdown-text.ts).
 */
import type { AuditReport, DomainReport } from "../audit/report-types.ts";
import type { Severity } from "../common/severity.ts";
import { SEVERITIES } from "../common/severity.ts";
import { isDnsEvidence } from "../facts/evidence.ts";
import type { Finding } from "../rules/types.ts";
import { mdBlock, mdCode, mdLine, mdLink, mdProse, mdText } from "./markdown-text.ts";
import { sendersMarkdown } from "./senders-markdown.ts";
import { lookups, SPF_LOOKUP_LIMIT, spfTreeRows, treePrefix } from "./spf-tree.ts";
import { transportMarkdown } from "./transport.ts";
import type { FormatOptions } from "./types.ts";
import { type Column, dkimColumn, dmarcColumn, pathReason, spfColumn, viaLabel } from "./verdicts.ts";
import { counted, dkimText, lookupCount, mxText, omittedText, pathCounts } from "./words.ts";

const HEADINGS: Record<Severity, string> = { error: "🔴 Errors", warning: "🟠 Warnings", info: "🔵 Info" };
const STATUS: Record<AuditReport["summary"]["status"], string> = { pass: "✅ PASS", warn: "⚠️ WARN", fail: "❌ FAIL" };
const VERDICT: Record<AuditReport["paths"][number]["verdict"], string> = {
  pass: "✅ pass",
  fragile: "⚠️ fragile",
  fail: "❌ fail",
  unknown: "❔ unknown",
};

/** Formats a report as GitHub-flavoured Markdown. */
export function formatMarkdown(report: AuditReport, options: FormatOptions = {}): string {
  const r = report;
  const s = r.summary;
  const what =
    r.kind === "audit"
      ? `audit of ${mdText(r.org.name)}`
      : `check of ${r.org.domains.map((d) => mdCode(d.name)).join(", ")}`;
  const out: string[] = [
    `## email-auth-audit: ${what}: ${STATUS[s.status]}`,
    "",
    `${r.kind === "audit" || s.paths.total > 0 ? `${pathCounts(s.paths, (x) => `**${x}**`)} · ` : ""}` +
      `**${counted(s.findings.error, "error")}**, ${counted(s.findings.warning, "warning")}, ${s.findings.info} info · ` +
      `${r.dns.questions} DNS questions · ${mdText(r.generatedAt)} · email-auth-audit ${mdText(r.tool.version)}`,
  ];
  if (s.truncated !== undefined) out.push("", `> **Truncated:** ${mdText(s.truncated.note)}`);

  out.push("", "### Sending paths", "");
  if (r.paths.length === 0) {
    out.push(
      r.kind === "check"
        ? "None described: a domain check infers providers from DNS. Describe the paths in an org file and run `audit` for per-path verdicts."
        : "None.",
    );
  } else {
    const cell = (c: Column) => `${c.ok ? "✅" : c.unknown ? "❔" : "❌"} ${mdText(c.label)}`;
    out.push("| Path | From | Via | SPF | DKIM | DMARC | Verdict | Why |", "|---|---|---|---|---|---|---|---|");
    for (const p of r.paths) {
      out.push(
        `| ${mdCode(p.id)} | ${mdCode(p.fromDomain)} | ${mdText(viaLabel(p))} | ${cell(spfColumn(p))} | ${cell(dkimColumn(p))} | ${cell(dmarcColumn(p))} | ${VERDICT[p.verdict]} | ${mdText(pathReason(p))} |`,
      );
    }
  }

  if (r.domains.length > 0) {
    out.push(
      "",
      "### Domains",
      "",
      "| Domain | Sends | SPF | DMARC | MX | DKIM | Providers |",
      "|---|---|---|---|---|---|---|",
    );
    for (const d of r.domains) out.push(domainRow(d));
  }

  if (r.senders !== undefined) out.push("", ...sendersMarkdown(r.senders));
  out.push(...transportMarkdown(r, mdText, mdCode));

  out.push("", "### Findings", "");
  if (r.findings.length === 0) out.push("No findings.");
  for (const severity of SEVERITIES) {
    const items = r.findings.filter((f) => f.severity === severity);
    if (items.length === 0) continue;
    out.push(`#### ${HEADINGS[severity]} (${items.length})`, "");
    for (const f of items) out.push(finding(f), "");
  }

  const trees = r.domains.filter((d) => d.spf.tree !== null);
  if (trees.length > 0) {
    out.push(
      "",
      `### SPF include trees`,
      "",
      `At most ${SPF_LOOKUP_LIMIT} DNS lookups per evaluation (RFC 7208 §4.6.4).`,
      "",
    );
    for (const d of trees) out.push(tree(d), "");
  }
  return (
    out
      .join("\n")
      .replace(/\n{3,}/g, "\n\n")
      .trimEnd() + "\n"
  );

  function finding(f: Finding): string {
    const meta = options.ruleMeta?.(f.ruleId);
    const where = [f.domain ? mdCode(f.domain) : "", f.path ? `path ${mdCode(f.path)}` : ""].filter(Boolean).join(", ");
    const marks = [f.accepted ? "accepted" : "", f.baselined ? "in baseline" : ""].filter(Boolean);
    const lines = [
      `- **${mdCode(f.ruleId)}**${meta ? ` ${mdText(meta.title)}` : ""}${where ? ` (${where})` : ""}${marks.length > 0 ? ` *${marks.join(", ")}*` : ""}  `,
      `  ${mdLine(f.message)}`,
    ];
    if (f.accepted) lines.push("", `  Accepted: ${mdText(f.accepted.reason)}`);
    if (f.evidence.length > 0) {
      lines.push("", "  Evidence:");
      for (const e of f.evidence) {
        if (!isDnsEvidence(e)) {
          lines.push(`  - ${mdText(e.source)}${e.note ? `: ${mdText(e.note)}` : ""}`);
          if (e.lines.length > 0) lines.push("", mdBlock(e.lines, "    "), "");
          const more = omittedText(e.omitted, "line");
          if (more !== undefined) lines.push(`    ${mdText(more)}`, "");
          continue;
        }
        const ttl = e.ttl !== undefined ? `, TTL ${e.ttl}` : "";
        const chain =
          e.cnameChain && e.cnameChain.length > 0 ? ` via CNAME ${e.cnameChain.map(mdCode).join(" → ")}` : "";
        lines.push(
          `  - ${mdCode(e.name)} ${mdText(e.type)}: ${mdText(e.status)}${ttl}${chain}${e.note ? `: ${mdText(e.note)}` : ""}`,
        );
        if (e.records.length > 0) lines.push("", mdBlock(e.records, "    "), "");
        const more = omittedText(e.omitted, "record");
        if (more !== undefined) lines.push(`    ${mdText(more)}`, "");
      }
      const more = omittedText(f.omittedEvidence, "piece of evidence", "pieces of evidence");
      if (more !== undefined) lines.push(`  - ${mdText(more)}`);
    }
    if (f.fix.trim() !== "") {
      const v = f.verification;
      const heading =
        v === undefined || v.status === "verified"
          ? "Fix:"
          : v.status === "unverified"
            ? `Proposed fix, **not verified**: ${mdText(v.reason ?? "")}`
            : `Fix (the finding remains until the manual steps are done too): ${mdText(v.reason ?? "")}`;
      lines.push(
        "",
        `  ${heading}`,
        "",
        ...mdProse(f.fix.trim())
          .split("\n")
          .map((l) => (l === "" ? "" : `  ${l}`)),
      );
    }
    if (f.manualSteps !== undefined && f.manualSteps.length > 0)
      lines.push("", "  Manual steps:", "", ...f.manualSteps.map((step) => `  - ${mdProse(step).replace(/\n/g, " ")}`));
    if (f.references.length > 0)
      lines.push("", `  References: ${f.references.map((x) => mdLink(x.label, x.url)).join(", ")}`);
    return lines.join("\n");
  }
}

function domainRow(d: DomainReport): string {
  const spf =
    d.spf.status === "ok"
      ? `${d.spf.lookups > SPF_LOOKUP_LIMIT ? "❌" : "✅"} ${lookupCount(d, SPF_LOOKUP_LIMIT)}`
      : `❌ ${mdText(d.spf.status)}`;
  const dmarc =
    d.dmarc.status === "ok"
      ? `${d.dmarc.policy === "none" ? "⚠️" : "✅"} p=${mdText(d.dmarc.policy ?? "?")}`
      : `❌ ${mdText(d.dmarc.status)}`;
  const providers = d.providers.map((p) => mdText(p.name)).join(", ") || "-";
  return `| ${mdCode(d.domain)} | ${d.sends ? "yes" : "no"} | ${spf} | ${dmarc} | ${mdText(mxText(d))} | ${mdText(dkimText(d))} | ${providers} |`;
}

function tree(d: DomainReport): string {
  if (d.spf.tree === null) return "";
  const { rows, truncated } = spfTreeRows(d.spf.tree);
  const lines = rows.map((row) => {
    const prefix = treePrefix(row);
    const extra = row.node.error ? `  error: ${row.node.error}` : row.node.record === null ? "  no SPF record" : "";
    return `${prefix}${row.label}  [${lookups(row.node.lookups)} here, ${row.node.totalLookups} in total]${extra}`;
  });
  if (truncated) lines.push("… (tree cut: too deep or too large to show)");
  const over = d.spf.lookups > SPF_LOOKUP_LIMIT ? " (over the limit)" : "";
  // Data never touches an emphasis delimiter: a value ending in a space would undo the emphasis.
  return `${mdCode(d.domain)}: **${d.spf.lookups} of ${SPF_LOOKUP_LIMIT} lookups${over}**, ${d.spf.voidLookups} void\n\n${mdBlock(lines)}`;
}
