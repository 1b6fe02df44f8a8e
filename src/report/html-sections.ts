/**
 * The sections of the HTML report, each a function from (part of) a report to escaped HTML: the
 * summary, the sending paths (diagram and table), the domains, the findings, the SPF include
 * trees and the DNS questions. `html.ts` puts them in a page; the bulk report reuses them.
 */
import type { AuditReport, DomainReport } from "../audit/report-types.ts";
import type { Severity } from "../common/severity.ts";
import { SEVERITIES } from "../common/severity.ts";
import { type Evidence, isDnsEvidence } from "../facts/evidence.ts";
import type { Finding } from "../rules/types.ts";
import { pathsDiagram } from "./html-diagram.ts";
import { esc, proseHtml } from "./html-escape.ts";
import { sendersSection } from "./senders-html.ts";
import { lookups, SPF_LOOKUP_LIMIT, spfTreeRows, treePrefix } from "./spf-tree.ts";
import { transportHtml } from "./transport.ts";
import type { FormatOptions } from "./types.ts";
import { type Column, columnTone, dkimColumn, dmarcColumn, pathReason, spfColumn, viaLabel } from "./verdicts.ts";
import { counted, dkimText, mxText, omittedText, pathCounts } from "./words.ts";

const STATUS_TONE = { pass: "ok", warn: "warn", fail: "bad" } as const;
const VERDICT_TONE = { pass: "ok", fragile: "warn", fail: "bad", unknown: "warn" } as const;
const HEADINGS: Record<Severity, string> = { error: "Errors", warning: "Warnings", info: "Info" };

/** `<hN>` with N clamped to 1..6. */
function h(level: number, content: string, attrs = ""): string {
  const n = Math.min(6, Math.max(1, level));
  return `<h${n}${attrs}>${content}</h${n}>`;
}

/** The report's title and counts. */
export function summarySection(r: AuditReport, level: number): string {
  const s = r.summary;
  const what =
    r.kind === "audit" ? `audit of ${esc(r.org.name)}` : `check of ${esc(r.org.domains.map((d) => d.name).join(", "))}`;
  const paths = r.kind === "audit" || s.paths.total > 0 ? `${pathCounts(s.paths)} · ` : "";
  return [
    h(
      level,
      `email-auth-audit: ${what} <span class="badge ${STATUS_TONE[s.status]}" id="status">${s.status.toUpperCase()}</span>`,
    ),
    `<p class="meta">${paths}${counted(s.findings.error, "error")}, ${counted(s.findings.warning, "warning")}, ${s.findings.info} info · ${r.dns.questions} DNS questions (${r.dns.unique} unique) · ${esc(r.generatedAt)} · email-auth-audit ${esc(r.tool.version)}</p>`,
    ...(s.truncated !== undefined
      ? [`<p class="truncated"><strong>Truncated:</strong> ${esc(s.truncated.note)}</p>`]
      : []),
  ].join("\n");
}

function cell(c: Column): string {
  return `<td class="cell ${columnTone(c)}">${esc(c.label)}</td>`;
}

/** The diagram of the sending paths and the same facts as a table. */
export function pathsSection(r: AuditReport, level: number): string {
  const title = h(level, "Sending paths", ' id="paths"');
  if (r.paths.length === 0) {
    return `${title}\n<p>${r.kind === "check" ? "None described: a domain check infers providers from DNS. Describe the paths in an organisation file and run <code>audit</code> for per-path verdicts." : "None."}</p>`;
  }
  const rows = r.paths.map(
    (p) =>
      `<tr data-path="${esc(p.id)}"><td><code>${esc(p.id)}</code></td><td>${esc(p.fromDomain)}</td><td>${esc(viaLabel(p))}<br><span class="meta">MAIL FROM ${esc(p.mailFrom.domain)}</span></td>${cell(spfColumn(p))}${cell(dkimColumn(p))}${cell(dmarcColumn(p))}<td class="cell ${VERDICT_TONE[p.verdict]}">${p.verdict.toUpperCase()}</td><td>${esc(pathReason(p))}</td></tr>`,
  );
  return [
    title,
    `<div class="diagram">${pathsDiagram(r.paths)}</div>`,
    `<p class="legend">Green: the identifier passes and aligns with the From domain, so it counts for DMARC. Red (dashed): where the path breaks. Amber: DMARC passes on one identifier only (fragile: forwarding breaks SPF, a key mistake breaks DKIM). Hover a box for details.</p>`,
    `<table class="paths"><thead><tr><th>Path</th><th>From</th><th>Via</th><th>SPF</th><th>DKIM</th><th>DMARC</th><th>Verdict</th><th>Why</th></tr></thead><tbody>`,
    ...rows,
    `</tbody></table>`,
  ].join("\n");
}

/** What each domain publishes. */
export function domainsSection(r: AuditReport, level: number): string {
  if (r.domains.length === 0) return "";
  const rows = r.domains.map((d) => {
    const spf =
      d.spf.status === "ok"
        ? `<td class="cell ${d.spf.lookups > SPF_LOOKUP_LIMIT ? "bad" : "ok"}">ok, ${d.spf.lookups}/${SPF_LOOKUP_LIMIT} lookups</td>`
        : `<td class="cell bad">${esc(d.spf.status)}</td>`;
    const dmarc =
      d.dmarc.status === "ok"
        ? `<td class="cell ${d.dmarc.policy === "none" ? "warn" : "ok"}">p=${esc(d.dmarc.policy ?? "?")}</td>`
        : `<td class="cell bad">${esc(d.dmarc.status)}</td>`;
    const record = (value: string | null) => (value === null ? "" : `<pre>${esc(value)}</pre>`);
    return `<tr><td><code>${esc(d.domain)}</code></td><td>${d.sends ? "yes" : "no"}</td>${spf}${dmarc}<td>${esc(mxText(d))}</td><td>${esc(dkimText(d))}</td><td>${esc(d.providers.map((p) => p.name).join(", ") || "-")}</td></tr>
<tr class="records"><td colspan="7"><details><summary>Records of ${esc(d.domain)}</summary>${record(d.spf.record)}${record(d.dmarc.record)}</details></td></tr>`;
  });
  return [
    h(level, "Domains", ' id="domains"'),
    `<table class="domains"><thead><tr><th>Domain</th><th>Sends</th><th>SPF</th><th>DMARC</th><th>MX</th><th>DKIM</th><th>Providers</th></tr></thead><tbody>`,
    ...rows,
    `</tbody></table>`,
  ].join("\n");
}

function evidenceHtml(e: Evidence): string {
  if (!isDnsEvidence(e)) {
    const lines = e.lines.length > 0 ? `<pre class="records">${e.lines.map(esc).join("\n")}</pre>` : "";
    return `<dd>${esc(e.source)}${e.note ? ` (${esc(e.note)})` : ""}${lines}${omittedHtml(e.omitted, "line")}</dd>`;
  }
  const ttl = e.ttl !== undefined ? `, TTL ${e.ttl}` : "";
  const chain = e.cnameChain && e.cnameChain.length > 0 ? ` via CNAME ${e.cnameChain.map(esc).join(" → ")}` : "";
  const records = e.records.length > 0 ? `<pre class="records">${e.records.map(esc).join("\n")}</pre>` : "";
  return `<dd><code>${esc(e.name)}</code> ${esc(e.type)}: <strong>${esc(e.status)}</strong>${ttl}${chain}${e.note ? ` (${esc(e.note)})` : ""}${records}${omittedHtml(e.omitted, "record")}</dd>`;
}

/** What a size limit left out, as a note (empty when nothing was). */
function omittedHtml(o: { count: number; bytes: number } | undefined, noun: string, plural?: string): string {
  const text = omittedText(o, noun, plural);
  return text === undefined ? "" : `<p class="omitted">${esc(text)}</p>`;
}

function findingHtml(f: Finding, level: number, options: FormatOptions): string {
  const meta = options.ruleMeta?.(f.ruleId);
  const where = [f.domain ? `<code>${esc(f.domain)}</code>` : "", f.path ? `path <code>${esc(f.path)}</code>` : ""]
    .filter(Boolean)
    .join(" · ");
  const parts = [
    `<article class="finding ${f.severity}${f.accepted ? " accepted" : ""}${f.baselined ? " baselined" : ""}" data-rule="${esc(f.ruleId)}">`,
    h(level, `<code>${esc(f.ruleId)}</code>${meta ? ` ${esc(meta.title)}` : ""}`),
    where ? `<div class="where">${where}</div>` : "",
    `<p>${esc(f.message)}</p>`,
    `<dl>`,
  ];
  if (f.evidence.length > 0) parts.push(`<dt>Evidence</dt>`, ...f.evidence.map(evidenceHtml));
  const more = omittedHtml(f.omittedEvidence, "piece of evidence", "pieces of evidence");
  if (more !== "") parts.push(`<dd>${more}</dd>`);
  if (f.accepted) parts.push(`<dt>Accepted</dt><dd class="accepted">${esc(f.accepted.reason)}</dd>`);
  if (f.fix.trim() !== "") {
    const v = f.verification;
    const heading =
      v === undefined || v.status === "verified"
        ? "Fix"
        : v.status === "unverified"
          ? "Proposed fix, not verified"
          : "Fix (after the manual steps)";
    const why = v?.reason !== undefined ? `<p class="verification">${esc(v.reason)}</p>` : "";
    parts.push(
      `<dt>${heading}</dt><dd class="fix${v?.status === "unverified" ? " unverified" : ""}">${why}${proseHtml(f.fix.trim())}</dd>`,
    );
  }
  if (f.manualSteps !== undefined && f.manualSteps.length > 0)
    parts.push(
      `<dt>Manual steps</dt><dd><ul>${f.manualSteps.map((m) => `<li>${proseHtml(m)}</li>`).join("")}</ul></dd>`,
    );
  if (f.references.length > 0) {
    const links = f.references.map((x) =>
      /^https?:\/\//i.test(x.url)
        ? `<a href="${esc(x.url)}" rel="noreferrer noopener">${esc(x.label)}</a>`
        : esc(x.label),
    );
    parts.push(`<dt>References</dt><dd>${links.join(", ")}</dd>`);
  }
  parts.push(`</dl>`, `</article>`);
  return parts.filter((p) => p !== "").join("\n");
}

/** The findings, grouped by severity. */
export function findingsSection(r: AuditReport, level: number, options: FormatOptions): string {
  const out = [h(level, "Findings", ' id="findings"')];
  if (r.findings.length === 0) out.push(`<p class="cell ok">No findings.</p>`);
  for (const severity of SEVERITIES) {
    const items = r.findings.filter((f) => f.severity === severity);
    if (items.length === 0) continue;
    out.push(
      h(level + 1, `${HEADINGS[severity]} (${items.length})`),
      ...items.map((f) => findingHtml(f, level + 2, options)),
    );
  }
  return out.join("\n");
}

function treeHtml(d: DomainReport): string {
  if (d.spf.tree === null) return "";
  const { rows, truncated } = spfTreeRows(d.spf.tree);
  const body = rows.map((row) => {
    const prefix = treePrefix(row);
    const problem = row.node.error
      ? `<span class="over">${esc(row.node.error)}</span>`
      : row.node.record === null
        ? `<span class="over">no SPF record</span>`
        : "";
    return `<tr><td class="label">${esc(prefix + row.label)}</td><td>${esc(lookups(row.node.lookups))}</td><td>${row.node.totalLookups}</td><td>${problem}<code>${esc(row.node.record ?? "")}</code></td></tr>`;
  });
  if (truncated) body.push(`<tr><td colspan="4">… (tree cut: too deep or too large to show)</td></tr>`);
  const over = d.spf.lookups > SPF_LOOKUP_LIMIT;
  return [
    `<p><code>${esc(d.domain)}</code>: <span class="${over ? "over" : ""}">${d.spf.lookups} of ${SPF_LOOKUP_LIMIT} lookups</span>, ${d.spf.voidLookups} void</p>`,
    `<table class="spf-tree" data-domain="${esc(d.domain)}"><thead><tr><th>Record</th><th>Here</th><th>In total</th><th>SPF record</th></tr></thead><tbody>`,
    ...body,
    `</tbody></table>`,
  ].join("\n");
}

/** Each domain's SPF include tree with its lookup counts. */
export function treesSection(r: AuditReport, level: number): string {
  const trees = r.domains.filter((d) => d.spf.tree !== null);
  if (trees.length === 0) return "";
  return [
    h(level, "SPF include trees", ' id="spf-trees"'),
    `<p class="meta">At most ${SPF_LOOKUP_LIMIT} DNS-querying terms per SPF evaluation (RFC 7208 §4.6.4).</p>`,
    ...trees.map(treeHtml),
  ].join("\n");
}

/** The DNS questions the run asked. */
export function dnsSection(r: AuditReport, level: number): string {
  const rows = r.dns.log.map(
    (q) =>
      `<tr><td><code>${esc(q.name)}</code></td><td>${esc(q.type)}</td><td>${esc(q.status)}</td><td>${esc(q.durationMs.toFixed(1))} ms</td></tr>`,
  );
  return [
    h(level, "DNS questions", ' id="dns"'),
    `<details><summary>${r.dns.questions} questions, ${r.dns.unique} distinct</summary>`,
    `<table><thead><tr><th>Name</th><th>Type</th><th>Status</th><th>Time</th></tr></thead><tbody>`,
    ...rows,
    `</tbody></table></details>`,
  ].join("\n");
}

/** Transport security: the published policies and the SMTP probes. */
export function transportSection(r: AuditReport, level: number): string {
  return transportHtml(
    r,
    (content, attrs = "") => h(level, content, attrs),
    esc,
    (content) => h(level + 1, esc(content)),
  );
}

/** Every section of one report, headings starting at `level`. */
export function reportSections(r: AuditReport, options: FormatOptions, level = 1): string {
  return [
    summarySection(r, level),
    pathsSection(r, level + 1),
    domainsSection(r, level + 1),
    r.senders !== undefined ? sendersSection(r.senders, level + 1) : "",
    transportSection(r, level + 1),
    findingsSection(r, level + 1, options),
    treesSection(r, level + 1),
    dnsSection(r, level + 1),
  ]
    .filter((s) => s !== "")
    .join("\n");
}
