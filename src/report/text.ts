/**
 * The `text` format (the default): a table of the sending paths with PASS/FAIL per SPF, DKIM and
 * DMARC and the reason, the domains and what they publish, the findings grouped by severity with
 * their evidence and fix, and each domain's SPF include tree with its lookup counts. Colours (via
 * picocolors) only when `options.color` is set; every string from the report is made printable
 * first, so hostile DNS data cannot send escape sequences to the terminal.
 */
import { createColors } from "picocolors";
import type { AuditReport, DomainReport } from "../audit/report-types.ts";
import type { Severity } from "../common/severity.ts";
import { SEVERITIES } from "../common/severity.ts";
import { type Evidence, isDnsEvidence } from "../facts/evidence.ts";
import type { Finding } from "../rules/types.ts";
import { printable, printableLines } from "./printable.ts";
import { sendersText } from "./senders.ts";
import { lookups, SPF_LOOKUP_LIMIT, spfTreeRows, treePrefix } from "./spf-tree.ts";
import { type Cell, textTable } from "./text-table.ts";
import { displayWidth, indentOf, textWidth, wrapLine } from "./text-width.ts";
import {
  hasTransport,
  POLICY_HEADINGS,
  PROBE_HEADINGS,
  policyCells,
  probeCells,
  type Tone,
  type ToneCell,
} from "./transport.ts";
import type { FormatOptions } from "./types.ts";
import { type Column, dkimColumn, dmarcColumn, pathReason, spfColumn, viaLabel } from "./verdicts.ts";
import { counted, dkimText, lookupCount, mxText, omittedText, pathCounts } from "./words.ts";

const HEADINGS: Record<Severity, string> = { error: "Errors", warning: "Warnings", info: "Info" };
const MARKS: Record<Severity, string> = { error: "✖", warning: "⚠", info: "ℹ" };

/** Formats a report as text for a terminal or a log. */
export function formatText(report: AuditReport, options: FormatOptions = {}): string {
  const c = createColors(options.color === true);
  const p = printable;
  const width = textWidth(options.width);
  /** A line wrapped to the width; the lines after the first start with `continuation` (default: the line's indent). */
  const fit = (line: string, continuation?: string): string[] =>
    wrapLine(line, width, { continuation: continuation ?? indentOf(line) });
  /** The continuation of a record or input line too long for the width: a dotted bar instead of the bar. */
  const recordLine = (indent: string, text: string): string[] =>
    fit(`${indent}${c.dim("│")} ${text}`, `${indent}${c.dim("┆")} `);
  const table = (header: string[], rows: (string | Cell)[][], indent = "  ") =>
    textTable(header, rows, { indent, bold: c.bold, width });
  const sections = [
    header(report),
    paths(report),
    domains(report),
    report.senders !== undefined ? sendersText(report.senders, c, width) : "",
    transport(report),
    findings(report.findings),
    trees(report.domains),
  ];
  return sections.filter((s) => s !== "").join("\n\n") + "\n";

  function header(r: AuditReport): string {
    const status = r.summary.status;
    const paint = status === "pass" ? c.green : status === "warn" ? c.yellow : c.red;
    const what =
      r.kind === "audit" ? `audit of ${p(r.org.name)}` : `check of ${p(r.org.domains.map((d) => d.name).join(", "))}`;
    const s = r.summary;
    const pathsLine = r.kind === "audit" || s.paths.total > 0 ? `${pathCounts(s.paths)} · ` : "";
    return [
      ...fit(c.bold(`email-auth-audit ${p(r.tool.version)} · ${what} · ${p(r.generatedAt)}`)),
      ...fit(
        `Result: ${paint(c.bold(status.toUpperCase()))} · ${pathsLine}${counted(s.findings.error, "error")}, ${counted(s.findings.warning, "warning")}, ${s.findings.info} info · ${r.dns.questions} DNS questions (${r.dns.unique} unique)`,
        "  ",
      ),
      ...(s.truncated !== undefined ? fit(c.yellow(`Truncated: ${p(s.truncated.note)}`), "  ") : []),
    ].join("\n");
  }

  function col(column: Column): Cell {
    return { text: column.label, paint: column.ok ? c.green : column.unknown ? c.yellow : c.red };
  }

  function paths(r: AuditReport): string {
    if (r.paths.length === 0) {
      return [
        c.bold("Sending paths"),
        ...fit(
          `  ${r.kind === "check" ? "none described (a domain check infers providers from DNS; describe the paths in an org file and run `audit` for per-path verdicts)" : "none"}`,
        ),
      ].join("\n");
    }
    const rows = r.paths.map((path) => {
      const verdictPaint = path.verdict === "pass" ? c.green : path.verdict === "fail" ? c.red : c.yellow;
      return [
        p(path.id),
        p(path.fromDomain),
        p(viaLabel(path)),
        col(spfColumn(path)),
        col(dkimColumn(path)),
        col(dmarcColumn(path)),
        { text: path.verdict.toUpperCase(), paint: verdictPaint },
        p(pathReason(path)),
      ];
    });
    return `${c.bold("Sending paths")}\n${table(["PATH", "FROM", "VIA", "SPF", "DKIM", "DMARC", "VERDICT", "REASON"], rows)}`;
  }

  function domains(r: AuditReport): string {
    if (r.domains.length === 0) return "";
    const rows = r.domains.map((d) => {
      const spf: Cell =
        d.spf.status === "ok"
          ? {
              text: `ok, ${lookupCount(d, SPF_LOOKUP_LIMIT)}`,
              paint: d.spf.lookups > SPF_LOOKUP_LIMIT ? c.red : (s) => s,
            }
          : { text: d.spf.status, paint: c.red };
      const dmarc: Cell =
        d.dmarc.status === "ok"
          ? {
              text: `p=${d.dmarc.policy ?? "?"}${d.dmarc.subdomainPolicy && d.dmarc.subdomainPolicy !== d.dmarc.policy ? ` sp=${d.dmarc.subdomainPolicy}` : ""}`,
              paint: d.dmarc.policy === "none" ? c.yellow : (s) => s,
            }
          : { text: d.dmarc.status, paint: c.red };
      return [
        p(d.domain),
        d.sends ? "yes" : "no",
        spf,
        dmarc,
        p(mxText(d)),
        p(dkimText(d)),
        p(d.providers.map((x) => x.name).join(", ") || "-"),
      ];
    });
    return `${c.bold("Domains")}\n${table(["DOMAIN", "SENDS", "SPF", "DMARC", "MX", "DKIM", "PROVIDERS"], rows)}`;
  }

  function transport(r: AuditReport): string {
    if (!hasTransport(r) || r.transport === undefined) return "";
    const tone: Record<Tone, (s: string) => string> = {
      ok: c.green,
      warn: c.yellow,
      bad: c.red,
      unknown: c.yellow,
      none: (s) => s,
    };
    const t = (x: ToneCell): Cell => ({ text: p(x.text), paint: tone[x.tone] });
    const blocks = [c.bold("Transport security")];
    if (r.transport.domains.length > 0) {
      const rows = r.transport.domains.map((d) => {
        const x = policyCells(d);
        return [p(d.domain), t(x.mtaSts), t(x.tlsRpt), t(x.dane), t(x.bimi)];
      });
      blocks.push(table(POLICY_HEADINGS, rows));
    } else blocks.push(...fit("  no audited domain receives mail (no MX hosts): nothing published to check"));
    const probes = r.transport.probes;
    if (probes !== undefined) {
      blocks.push(`  ${c.bold("SMTP probes")}`);
      if (probes.length === 0) blocks.push("    no host to probe");
      else {
        const rows = probes.map((x) => {
          const y = probeCells(x);
          return [
            p(y.target),
            p(y.address),
            t(y.starttls),
            t(y.tls),
            t(y.certificate),
            t(y.auth),
            t(y.relay),
            p(y.note),
          ];
        });
        blocks.push(table(PROBE_HEADINGS, rows, "    "));
      }
    }
    return blocks.join("\n");
  }

  function findings(list: Finding[]): string {
    if (list.length === 0) return `${c.bold("Findings")}\n  ${c.green("none")}`;
    const paint: Record<Severity, (s: string) => string> = { error: c.red, warning: c.yellow, info: c.cyan };
    const groups = SEVERITIES.map((severity) => {
      const items = list.filter((f) => f.severity === severity);
      if (items.length === 0) return "";
      const body = items.map((f) => finding(f, paint[severity])).join("\n\n");
      return `  ${paint[severity](c.bold(`${HEADINGS[severity]} (${items.length})`))}\n${body}`;
    });
    return `${c.bold("Findings")}\n${groups.filter((g) => g !== "").join("\n\n")}`;
  }

  function finding(f: Finding, paint: (s: string) => string): string {
    const where = [f.domain ? p(f.domain) : "", f.path ? `path ${p(f.path)}` : ""].filter(Boolean).join(" · ");
    const marks = [f.accepted ? c.dim("(accepted)") : "", f.baselined ? c.dim("(in baseline)") : ""].filter(Boolean);
    const lines = [
      `    ${paint(MARKS[f.severity])} ${c.bold(`[${p(f.ruleId)}]`)} ${where}${marks.length > 0 ? ` ${marks.join(" ")}` : ""}`,
      `      ${p(f.message)}`,
    ];
    if (f.accepted) lines.push(`      ${c.dim("Accepted:")} ${p(f.accepted.reason)}`);
    if (f.evidence.length > 0) {
      lines.push(`      ${c.dim("Evidence:")}`);
      for (const e of f.evidence) lines.push(...evidence(e));
    }
    const more = omittedText(f.omittedEvidence, "piece of evidence", "pieces of evidence");
    if (more !== undefined) lines.push(`        ${c.dim(more)}`);
    if (f.fix.trim() !== "") {
      const v = f.verification;
      // An unverified fix is never shown as "publish this": the heading says why.
      const heading =
        v === undefined || v.status === "verified"
          ? c.dim("Fix:")
          : v.status === "unverified"
            ? c.red(`Proposed fix, NOT verified: ${p(v.reason ?? "")}`)
            : c.yellow(`Fix (the finding remains until the manual steps are done too): ${p(v.reason ?? "")}`);
      lines.push(`      ${heading}`);
      lines.push(
        ...printableLines(f.fix.trim())
          .replace(/\t/g, "    ")
          .split("\n")
          .map((l) => (l === "" ? "" : `        ${l}`)),
      );
    }
    if (f.manualSteps !== undefined && f.manualSteps.length > 0) {
      lines.push(`      ${c.dim("Manual steps:")}`);
      for (const step of f.manualSteps) lines.push(...fit(`        - ${p(step)}`, "          "));
    }
    if (f.references.length > 0)
      lines.push(`      ${c.dim("See:")} ${f.references.map((x) => `${p(x.label)} <${p(x.url)}>`).join(", ")}`);
    return [...fit(lines[0] ?? "", "      "), ...lines.slice(1).flatMap((l) => fit(l))].join("\n");
  }

  function evidence(e: Evidence): string[] {
    if (!isDnsEvidence(e)) {
      const out = [`        ${p(e.source)}${e.note ? ` (${p(e.note)})` : ""}`];
      for (const line of e.lines) out.push(...recordLine("          ", p(line)));
      const more = omittedText(e.omitted, "line");
      if (more !== undefined) out.push(`          ${c.dim(more)}`);
      return out;
    }
    const ttl = e.ttl !== undefined ? `, ttl ${e.ttl}` : "";
    const chain = e.cnameChain && e.cnameChain.length > 0 ? ` via CNAME ${e.cnameChain.map(p).join(" → ")}` : "";
    const note = e.note ? ` (${p(e.note)})` : "";
    const status = e.status === "ok" ? e.status : c.red(p(e.status));
    const out = [`        ${p(e.name)} ${p(e.type)}: ${status}${ttl}${chain}${note}`];
    for (const record of e.records) out.push(...recordLine("          ", p(record)));
    const more = omittedText(e.omitted, "record");
    if (more !== undefined) out.push(`          ${c.dim(more)}`);
    return out;
  }

  function trees(list: DomainReport[]): string {
    const withTree = list.filter((d) => d.spf.tree !== null);
    if (withTree.length === 0) return "";
    const blocks = withTree.map((d) => {
      const tree = d.spf.tree;
      if (tree === null) return "";
      const over = d.spf.lookups > SPF_LOOKUP_LIMIT;
      const count = `${d.spf.partial ? "at least " : ""}${d.spf.lookups} of ${SPF_LOOKUP_LIMIT} lookups, ${d.spf.voidLookups} void${d.spf.partial ? " (a lookup failed)" : ""}`;
      const lines = fit(`  ${c.bold(p(d.domain))}: ${over ? c.red(`${count} (over the limit)`) : count}`, "    ");
      const { rows, truncated } = spfTreeRows(tree);
      for (const row of rows) {
        const prefix = treePrefix(row);
        const own = `${lookups(row.node.lookups)} here, ${row.node.totalLookups} in total`;
        const error = row.node.error ? ` ${c.red(`error: ${p(row.node.error)}`)}` : "";
        const missing = row.node.record === null && !row.node.error ? ` ${c.red("no SPF record")}` : "";
        lines.push(
          ...fit(
            `    ${prefix}${p(row.label)}  ${c.dim(`[${own}]`)}${error}${missing}`,
            `    ${" ".repeat(displayWidth(prefix) + 2)}`,
          ),
        );
      }
      if (truncated) lines.push(`    ${c.dim("… (tree cut: too deep or too large to show)")}`);
      return lines.join("\n");
    });
    return [
      ...fit(c.bold(`SPF include trees (at most ${SPF_LOOKUP_LIMIT} DNS lookups, RFC 7208 §4.6.4)`)),
      ...blocks,
    ].join("\n");
  }
}
