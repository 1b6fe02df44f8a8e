/**
 * `email-auth-audit reports summary [--since DAYS] [--db FILE] [--format text|json]`: what the
 * report database holds: reports per policy domain, messages and DMARC pass rates per From domain,
 * the most voluminous sources, TLS reports, and the inputs that were refused. No organisation
 * description is needed (`audit --org FILE --reports DB` classifies the sources).
 */

import { printable } from "../report/printable.ts";
import { textTable } from "../report/text-table.ts";
import { wrapLines } from "../report/text-width.ts";
import { summarizeSources } from "../reports/source-days.ts";
import type { CliDeps } from "./deps.ts";
import { EXIT } from "./output.ts";
import { dbPath, openDb, sinceDays } from "./reports-db.ts";
import { outputWidth } from "./terminal.ts";

export interface ReportsSummaryFlags {
  db?: string;
  since?: number;
  format: "text" | "json";
  top: number;
}

interface SourceSum {
  from: string;
  ip: string;
  messages: number;
  dmarcPass: number;
  dkimAligned: number;
  spfAligned: number;
}

const pct = (part: number, whole: number) => (whole === 0 ? "-" : `${Math.round((part * 100) / whole)}%`);
const num = (n: number) => n.toLocaleString("en-US");

/** Runs `reports summary`; returns the exit code. */
export async function reportsSummaryCommand(flags: ReportsSummaryFlags, deps: CliDeps): Promise<number> {
  const path = dbPath(flags.db, deps);
  const store = await openDb(path, false);
  try {
    const since = sinceDays(flags.since);
    const query = since === undefined ? {} : { since };
    const reports = await store.listReports(query);
    const days = await summarizeSources(store.records(query));
    const tls = await store.listTlsReports(query);
    const refused = await store.files({ outcome: "refused", ...(since !== undefined ? { since } : {}) });
    const sources = new Map<string, SourceSum>();
    const domains = new Map<string, { from: string; messages: number; dmarcPass: number; sources: Set<string> }>();
    for (const d of days) {
      const from = d.headerFrom ?? d.policyDomain;
      const key = `${from}|${d.sourceIp}`;
      const s = sources.get(key) ?? { from, ip: d.sourceIp, messages: 0, dmarcPass: 0, dkimAligned: 0, spfAligned: 0 };
      s.messages += d.messages;
      s.dmarcPass += d.dmarcPass;
      s.dkimAligned += d.dkimAligned;
      s.spfAligned += d.spfAligned;
      sources.set(key, s);
      const dom = domains.get(from) ?? { from, messages: 0, dmarcPass: 0, sources: new Set<string>() };
      dom.messages += d.messages;
      dom.dmarcPass += d.dmarcPass;
      if (dom.sources.size < 100_000) dom.sources.add(d.sourceIp);
      domains.set(from, dom);
    }
    const top = [...sources.values()]
      .sort((a, b) => b.messages - a.messages || a.ip.localeCompare(b.ip))
      .slice(0, flags.top);
    const byDomain = [...domains.values()].sort((a, b) => b.messages - a.messages);
    const reporters = [...new Set(reports.map((r) => r.reporter))].sort();
    const first = reports.reduce<string | null>((m, r) => (m === null || r.begin < m ? r.begin : m), null);
    const last = reports.reduce<string | null>((m, r) => (m === null || r.end > m ? r.end : m), null);
    const tlsSessions = tls.flatMap((t) => t.report.policies);
    const ok = tlsSessions.reduce((n, p) => n + p.successfulSessions, 0);
    const failed = tlsSessions.reduce((n, p) => n + p.failedSessions, 0);
    if (flags.format === "json") {
      deps.stdout.write(
        `${JSON.stringify(
          {
            database: path,
            since: since ?? null,
            reports: reports.length,
            reporters,
            first,
            last,
            domains: byDomain.map((d) => ({
              domain: d.from,
              messages: d.messages,
              dmarcPass: d.dmarcPass,
              sources: d.sources.size,
            })),
            sources: top,
            tls: { reports: tls.length, successfulSessions: ok, failedSessions: failed },
            refused: refused.length,
          },
          null,
          2,
        )}\n`,
      );
      return EXIT.ok;
    }
    const width = outputWidth(deps.stdout, deps.env);
    const out = [
      `DMARC reports in ${printable(path)}${since !== undefined ? ` since ${since.slice(0, 10)}` : ""}: ${num(reports.length)} aggregate report${reports.length === 1 ? "" : "s"} from ${num(reporters.length)} reporter${reporters.length === 1 ? "" : "s"}${first !== null ? `, ${first.slice(0, 10)} to ${(last ?? "").slice(0, 10)}` : ""}`,
    ];
    if (byDomain.length > 0)
      out.push(
        "",
        textTable(
          ["FROM DOMAIN", "MESSAGES", "DMARC PASS", "SOURCES"],
          byDomain.map((d) => [printable(d.from), num(d.messages), pct(d.dmarcPass, d.messages), num(d.sources.size)]),
          { width },
        ),
        "",
        textTable(
          ["SOURCE", "FROM", "MESSAGES", "DMARC PASS", "DKIM ALIGNED", "SPF ALIGNED"],
          top.map((s) => [
            printable(s.ip),
            printable(s.from),
            num(s.messages),
            pct(s.dmarcPass, s.messages),
            pct(s.dkimAligned, s.messages),
            pct(s.spfAligned, s.messages),
          ]),
          { width },
        ),
      );
    if (sources.size > top.length) out.push(`  ... and ${num(sources.size - top.length)} more sources (--top N)`);
    out.push(
      "",
      `TLS reports: ${num(tls.length)}${tls.length > 0 ? ` (${num(ok)} successful sessions, ${num(failed)} failed)` : ""}`,
      `Inputs refused${since !== undefined ? " since then" : ""}: ${num(refused.length)}${refused.length > 0 ? " (email-auth-audit reports import prints why; they are in the database's files log)" : ""}`,
      "Classify the sources against your paths: email-auth-audit audit --org org.yaml --reports DB",
    );
    deps.stdout.write(`${wrapLines(out.join("\n"), width, { continuation: "  " })}\n`);
    return EXIT.ok;
  } finally {
    await store.close();
  }
}
