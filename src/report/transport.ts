/**
 * The transport section of every format: what each domain publishes (MTA-STS, TLS-RPT, DANE, BIMI)
 * and, when the audit probed, one compact row per (host, port). The words come from here, once;
 * text, Markdown and HTML only lay them out (and escape them).
 */
import type { ProbeReport, TransportDomainReport } from "../audit/report-transport-types.ts";
import type { AuditReport } from "../audit/report-types.ts";

/** How a cell reads: good, worth a look, broken, unknown, or nothing to say. */
export type Tone = "ok" | "warn" | "bad" | "unknown" | "none";

/** One cell: its words and its tone. */
export interface ToneCell {
  text: string;
  tone: Tone;
}

const cell = (text: string, tone: Tone): ToneCell => ({ text, tone });

/** The published-policy cells of one domain. */
export function policyCells(d: TransportDomainReport): {
  mtaSts: ToneCell;
  tlsRpt: ToneCell;
  dane: ToneCell;
  bimi: ToneCell;
} {
  const sts = d.mtaSts;
  const mtaSts =
    sts === undefined
      ? cell("-", "none")
      : sts.status === "valid"
        ? cell(
            `${sts.mode ?? "?"}, id ${sts.id ?? "?"}, ${sts.mx.length <= 2 ? `mx ${sts.mx.join(" ") || "-"}` : `${sts.mx.length} mx patterns`}${sts.uncovered.length > 0 ? `, ${sts.uncovered.length} MX not covered` : ""}`,
            sts.uncovered.length > 0 ? (sts.mode === "enforce" ? "bad" : "warn") : "ok",
          )
        : sts.status === "absent"
          ? cell("none", "none")
          : sts.status === "unknown"
            ? cell("unknown", "unknown")
            : cell(sts.status === "unreachable" ? "policy unreachable" : "invalid", "bad");
  const rpt = d.tlsRpt;
  const tlsRpt =
    rpt === undefined
      ? cell("-", "none")
      : rpt.status === "valid"
        ? cell(rpt.rua.join(", "), "ok")
        : rpt.status === "absent"
          ? cell("none", "none")
          : rpt.status === "unknown"
            ? cell("unknown", "unknown")
            : cell(rpt.status, "bad");
  const dn = d.dane;
  const withRecords = (dn?.hosts ?? []).filter((h) => h.records.length > 0).length;
  const dane =
    dn === undefined
      ? cell("-", "none")
      : dn.status === "absent"
        ? cell("none", "none")
        : dn.status === "valid"
          ? cell(`TLSA for ${withRecords} of ${dn.hosts.length} MX`, "ok")
          : dn.status === "unverified"
            ? cell(`TLSA for ${withRecords} of ${dn.hosts.length} MX (DNSSEC not checked)`, "warn")
            : dn.status === "unknown"
              ? cell("unknown", "unknown")
              : cell(dn.status, "bad");
  const b = d.bimi;
  const bimi =
    b === undefined
      ? cell("-", "none")
      : b.status === "valid"
        ? cell(b.logo ?? "valid", "ok")
        : b.status === "absent"
          ? cell("none", "none")
          : b.status === "declined"
            ? cell("declined", "none")
            : b.status === "unknown"
              ? cell("unknown", "unknown")
              : cell("invalid", "bad");
  return { mtaSts, tlsRpt, dane, bimi };
}

/** The cells of one probe row. */
export interface ProbeCells {
  target: string;
  address: string;
  starttls: ToneCell;
  tls: ToneCell;
  certificate: ToneCell;
  auth: ToneCell;
  relay: ToneCell;
  note: string;
}

const OUTDATED = new Set(["SSLv3", "TLSv1", "TLSv1.1"]);

function certificateCell(tls: ProbeReport["tls"]): ToneCell {
  if (tls === null) return cell("-", "none");
  if (tls === "unknown") return cell("unknown", "unknown");
  const days = tls.daysToExpiry === null ? "" : `, ${tls.daysToExpiry} days left`;
  if (tls.valid) return cell(`valid${days}`, tls.daysToExpiry !== null && tls.daysToExpiry < 14 ? "warn" : "ok");
  const datesOnly = tls.chainError === "CERT_HAS_EXPIRED" || tls.chainError === "CERT_NOT_YET_VALID";
  const why = [
    tls.chainTrusted || datesOnly ? "" : "untrusted",
    tls.nameMatches ? "" : "wrong name",
    tls.expired ? "expired" : "",
    tls.chainError === "CERT_NOT_YET_VALID" ? "not yet valid" : "",
  ].filter((s) => s !== "");
  return cell(why.join(", ") || "invalid", "bad");
}

/** The cells of a probe row (a host not probed says why in `note`). */
export function probeCells(p: ProbeReport): ProbeCells {
  const target = `${p.host.includes(":") ? `[${p.host}]` : p.host}:${p.port}`;
  const address = p.address ?? "-";
  if (p.status !== "probed") {
    const dash = cell("-", "none");
    return {
      target,
      address,
      starttls: dash,
      tls: dash,
      certificate: dash,
      auth: dash,
      relay: dash,
      note: `not probed: ${p.detail ?? p.status}`,
    };
  }
  const starttls =
    p.starttls === null
      ? cell(p.tlsMode === "implicit" ? "implicit TLS" : "-", "none")
      : p.starttls === "unknown"
        ? cell("unknown", "unknown")
        : cell(p.starttls ? "yes" : "no", p.starttls ? "ok" : "bad");
  const tls =
    p.tls === null
      ? cell("-", "none")
      : p.tls === "unknown"
        ? cell("unknown", "unknown")
        : cell(p.tls.protocol, OUTDATED.has(p.tls.protocol) ? "warn" : "ok");
  const auth =
    p.authBeforeTls === null
      ? cell("-", "none")
      : p.authBeforeTls === "unknown"
        ? cell("unknown", "unknown")
        : cell(p.authBeforeTls ? "yes" : "no", p.authBeforeTls ? "bad" : "ok");
  const relay =
    p.relay === null
      ? cell("-", "none")
      : p.relay === "unknown"
        ? cell("unknown", "unknown")
        : cell(
            p.relay === "accepted" ? "may relay" : p.relay,
            p.relay === "accepted" ? "bad" : p.relay === "refused" ? "ok" : "warn",
          );
  const notes = [
    ...(p.dane !== undefined ? [p.dane === "match" ? "TLSA matches" : "TLSA matches no certificate"] : []),
    ...p.unknown.slice(0, 2).map((u) => `${u.step}: ${u.cause}`),
  ];
  return { target, address, starttls, tls, certificate: certificateCell(p.tls), auth, relay, note: notes.join("; ") };
}

/** Whether the report has a transport section worth showing. */
export function hasTransport(r: AuditReport): boolean {
  return r.transport !== undefined && (r.transport.domains.length > 0 || r.transport.probes !== undefined);
}

/** Column headings, shared by the formats. */
export const POLICY_HEADINGS = ["DOMAIN", "MTA-STS", "TLS-RPT", "DANE", "BIMI"];
export const PROBE_HEADINGS = [
  "HOST:PORT",
  "ADDRESS",
  "STARTTLS",
  "TLS",
  "CERTIFICATE",
  "AUTH IN CLEAR",
  "RELAY",
  "NOTE",
];

const MD_MARK: Record<Tone, string> = { ok: "✅ ", warn: "⚠️ ", bad: "❌ ", unknown: "❔ ", none: "" };

/** Markdown lines of the transport section (empty when there is none). */
export function transportMarkdown(r: AuditReport, esc: (s: string) => string, code: (s: string) => string): string[] {
  if (!hasTransport(r) || r.transport === undefined) return [];
  const out: string[] = ["", "### Transport security", ""];
  const md = (c: ToneCell) => `${MD_MARK[c.tone]}${esc(c.text)}`;
  if (r.transport.domains.length > 0) {
    out.push("| Domain | MTA-STS | TLS-RPT | DANE | BIMI |", "|---|---|---|---|---|");
    for (const d of r.transport.domains) {
      const c = policyCells(d);
      out.push(`| ${code(d.domain)} | ${md(c.mtaSts)} | ${md(c.tlsRpt)} | ${md(c.dane)} | ${md(c.bimi)} |`);
    }
  } else out.push("No audited domain receives mail (no MX hosts): nothing published to check.");
  const probes = r.transport.probes;
  if (probes !== undefined) {
    out.push("", "#### SMTP probes", "");
    if (probes.length === 0) out.push("No host to probe.");
    else {
      out.push(
        "| Host:port | Address | STARTTLS | TLS | Certificate | AUTH in clear | Relay | Note |",
        "|---|---|---|---|---|---|---|---|",
      );
      for (const p of probes) {
        const c = probeCells(p);
        out.push(
          `| ${code(c.target)} | ${esc(c.address)} | ${md(c.starttls)} | ${md(c.tls)} | ${md(c.certificate)} | ${md(c.auth)} | ${md(c.relay)} | ${esc(c.note)} |`,
        );
      }
    }
  }
  return out;
}

/** The HTML section (empty when there is none). `esc` escapes text for HTML. */
export function transportHtml(
  r: AuditReport,
  heading: (content: string, attrs?: string) => string,
  esc: (s: string) => string,
  sub: (content: string) => string,
): string {
  if (!hasTransport(r) || r.transport === undefined) return "";
  const td = (c: ToneCell) => `<td class="cell ${c.tone === "unknown" ? "warn" : c.tone}">${esc(c.text)}</td>`;
  const parts = [heading("Transport security", ' id="transport"')];
  if (r.transport.domains.length > 0) {
    parts.push(
      `<table class="transport"><thead><tr><th>Domain</th><th>MTA-STS</th><th>TLS-RPT</th><th>DANE</th><th>BIMI</th></tr></thead><tbody>`,
      ...r.transport.domains.map((d) => {
        const c = policyCells(d);
        return `<tr><td><code>${esc(d.domain)}</code></td>${td(c.mtaSts)}${td(c.tlsRpt)}${td(c.dane)}${td(c.bimi)}</tr>`;
      }),
      `</tbody></table>`,
    );
  } else parts.push(`<p>No audited domain receives mail (no MX hosts): nothing published to check.</p>`);
  const probes = r.transport.probes;
  if (probes !== undefined) {
    parts.push(sub("SMTP probes"));
    if (probes.length === 0) parts.push("<p>No host to probe.</p>");
    else
      parts.push(
        `<table class="probes"><thead><tr><th>Host:port</th><th>Address</th><th>STARTTLS</th><th>TLS</th><th>Certificate</th><th>AUTH in clear</th><th>Relay</th><th>Note</th></tr></thead><tbody>`,
        ...probes.map((p) => {
          const c = probeCells(p);
          const transcript =
            p.transcript.length > 0
              ? `<details><summary>transcript</summary><pre class="records">${p.transcript.map(esc).join("\n")}</pre></details>`
              : "";
          return `<tr data-probe="${esc(c.target)}"><td><code>${esc(c.target)}</code></td><td>${esc(c.address)}</td>${td(c.starttls)}${td(c.tls)}${td(c.certificate)}${td(c.auth)}${td(c.relay)}<td>${esc(c.note)}${transcript}</td></tr>`;
        }),
        `</tbody></table>`,
      );
  }
  return parts.join("\n");
}
