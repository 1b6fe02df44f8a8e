/**
 * Turns the facts and findings of an audit into the plain-JSON {@link AuditReport}.
 */
import { readFileSync } from "node:fs";
import type { DnsStatus } from "../dns/types.ts";
import type { AuditContext } from "../facts/context.ts";
import { isNullMx } from "../facts/parked.ts";
import { answerState, isUnknownStatus } from "../facts/state.ts";
import type { DomainFacts } from "../facts/types.ts";
import type { NotListed } from "../rules/engine.ts";
import type { Finding } from "../rules/types.ts";
import type { SpfTreeNode as AnalysisNode } from "../spf/analysis-types.ts";
import type { AuditFacts } from "../verdicts/types.ts";
import { counts as countsForStatus } from "./accept.ts";
import { capReport } from "./report-caps.ts";
import { transportReport } from "./report-transport.ts";
import type { AuditReport, DomainReport, SpfTreeNode } from "./report-types.ts";
import { senderInventory } from "./senders.ts";

let toolVersion: string | undefined;
function version(): string {
  if (toolVersion === undefined) {
    try {
      toolVersion = (
        JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }
      ).version;
    } catch {
      toolVersion = "0.0.0";
    }
  }
  return toolVersion;
}

/** The analysis tree as the report shows it: record, own and total lookups, errors, children. */
function reportTree(node: AnalysisNode): SpfTreeNode {
  const children = node.terms.flatMap((t) => (t.child !== undefined ? [reportTree(t.child)] : []));
  const lookups = node.terms.filter((t) => t.countsLookup && t.reachable).length;
  const out: SpfTreeNode = {
    domain: node.domain,
    via: node.via,
    record: node.record ?? null,
    lookups,
    totalLookups: lookups + children.reduce((sum, c) => sum + c.totalLookups, 0),
    children,
  };
  const errors = [...(node.parse?.errors.map((e) => e.message) ?? []), ...(node.problem ? [node.problem.message] : [])];
  if (node.status !== "ok" || errors.length > 0) out.error = errors.length > 0 ? errors.join("; ") : node.status;
  return out;
}

function domainReport(d: DomainFacts): DomainReport {
  const s = d.spf.selection;
  const analysis = d.spf.analysis;
  const tree = s.status === "found" ? reportTree(analysis.root) : null;
  const dmarc = d.dmarc;
  const record = dmarc?.record?.record;
  // A failed lookup below the record is not a broken record: the tree is partial, its counts a lower bound.
  const definiteErrors = analysis.findings.some((f) => f.severity === "error" && f.code !== "dns-error");
  const partial = analysis.dns.some((e) => answerState(e) === "unknown");
  const spf: DomainReport["spf"] = {
    status:
      s.status === "found"
        ? analysis.root.status === "ok" && !definiteErrors
          ? "ok"
          : "invalid"
        : s.status === "none"
          ? "missing"
          : s.status,
    record: s.status === "found" ? s.record : null,
    lookups: analysis.lookups.count,
    voidLookups: Math.max(analysis.voidLookups.ipv4, analysis.voidLookups.ipv6),
    tree,
  };
  if (partial && s.status === "found") spf.partial = true;
  return {
    domain: d.domain,
    sends: d.sends,
    spf,
    dmarc: {
      status:
        dmarc === undefined
          ? "missing"
          : dmarc.status === "found"
            ? "ok"
            : dmarc.status === "none"
              ? dmarc.lookups.some((l) => l.outcome === "multiple")
                ? "multiple"
                : "missing"
              : dmarc.status === "invalid"
                ? "invalid"
                : "temperror",
      record: dmarc?.record?.text ?? null,
      recordDomain: dmarc?.recordName ?? null,
      policy: dmarc?.policy?.p ?? null,
      subdomainPolicy: record?.sp ?? null,
    },
    mx: {
      status: d.mx.status,
      hosts: d.mx.records.map((r) => r.exchange).filter((h) => h !== ""),
      nullMx: isNullMx(d.mx),
    },
    dkim: [],
    providers: d.providers.map((p) => ({
      id: p.id,
      name: p.name,
      evidence: p.evidence.map(
        (e) => `${e.kind === "spf-include" ? "include:" : e.kind === "mx-host" ? "MX " : "CNAME → "}${e.value}`,
      ),
    })),
  };
}

/**
 * Per domain, the questions about it and how many failed. A question is about a domain when it
 * asks the domain itself or a name below it (`_dmarc.`, `s._domainkey.`). Linear in the log: each
 * name's suffixes are looked up, not every domain compared with every name.
 */
function questionsAbout(
  domains: readonly string[],
  log: readonly { name: string; status: string }[],
): Map<string, { asked: number; failed: number }> {
  const counts = new Map(domains.map((d) => [d, { asked: 0, failed: 0 }]));
  for (const e of log) {
    const failed = isUnknownStatus(e.status as DnsStatus);
    // Each suffix counts once per question, even when a domain is listed under another.
    for (let at = 0; at >= 0 && at < e.name.length; ) {
      const c = counts.get(e.name.slice(at));
      if (c !== undefined) {
        c.asked++;
        if (failed) c.failed++;
      }
      const dot = e.name.indexOf(".", at);
      at = dot < 0 ? -1 : dot + 1;
    }
  }
  return counts;
}

/**
 * Whether the audit could see (docs/audit.md, "When the audit cannot see"): blind when every
 * question about an audited domain failed, or when more than half of all questions failed.
 */
export function blindness(
  domains: readonly string[],
  log: readonly { name: string; status: string }[],
): AuditReport["summary"]["blind"] {
  // Reverse lookups of report sources ask about other people's networks, not the audited domains:
  // their failures (common for spoofing sources) say nothing of whether the audit could see.
  const forward = log.filter((e) => !/\.(in-addr|ip6)\.arpa$/i.test(e.name));
  const failed = forward.filter((e) => isUnknownStatus(e.status as DnsStatus));
  const counts = questionsAbout(domains, forward);
  const of = (d: string) => counts.get(d) ?? { asked: 0, failed: 0 };
  const blind = domains.filter((d) => of(d).asked > 0 && of(d).failed === of(d).asked);
  if (blind.length > 0) return { reason: `every DNS question about ${blind.join(", ")} failed`, domains: blind };
  if (forward.length > 0 && failed.length * 2 > forward.length)
    return {
      reason: `${failed.length} of ${forward.length} DNS questions failed`,
      domains: domains.filter((d) => of(d).failed > 0),
    };
  return undefined;
}

export function buildReport(
  kind: AuditReport["kind"],
  name: string,
  facts: AuditFacts,
  findings: Finding[],
  ctx: AuditContext,
  notListed: NotListed = { error: 0, warning: 0, info: 0, bytes: 0 },
): AuditReport {
  const paths = facts.paths.map((p) => p.verdict);
  const domains = facts.domains.map(domainReport);
  const byName = new Map<string, DomainReport>();
  for (const d of domains) if (!byName.has(d.domain)) byName.set(d.domain, d);
  for (const path of facts.paths) {
    for (const s of path.signatures) {
      const dr = byName.get(s.planned.domain);
      if (dr === undefined || s.lookup === undefined || dr.dkim.some((k) => k.selector === s.planned.selector))
        continue;
      const entry: DomainReport["dkim"][number] = { selector: s.planned.selector, status: s.lookup.status };
      if (s.lookup.record?.key) entry.keyBits = s.lookup.record.key.bits;
      if (s.lookup.cname) {
        entry.target = s.lookup.cname.target;
        if (s.lookup.cname.provider) entry.provider = s.lookup.cname.provider;
      }
      dr.dkim.push(entry);
    }
  }
  for (const key of facts.discovered?.keys ?? []) {
    const dr = byName.get(key.domain);
    if (dr === undefined || dr.dkim.some((k) => k.selector === key.selector)) continue;
    const entry: DomainReport["dkim"][number] = { selector: key.selector, status: key.lookup.status };
    if (key.lookup.record?.key) entry.keyBits = key.lookup.record.key.bits;
    if (key.lookup.cname) entry.target = key.lookup.cname.target;
    if (key.provider) entry.provider = key.provider;
    dr.dkim.push(entry);
  }
  const log = ctx.budget.log;
  const orgDomains = facts.domains.filter((d) => d.roles.includes("org")).map((d) => d.domain);
  const blind = blindness(orgDomains, log);
  // Every finding counts, listed or not (the rules' per-subject limit, docs/security.md); what
  // counts for the status: not accepted by the description, not in the baseline.
  const counts = { error: notListed.error, warning: notListed.warning, info: notListed.info };
  const counted = { ...counts };
  let accepted = 0;
  let baselined = 0;
  for (const f of findings) {
    counts[f.severity]++;
    if (countsForStatus(f)) counted[f.severity]++;
    else if (f.accepted !== undefined) accepted++;
    else baselined++;
  }
  const transport = transportReport(facts.transport);
  return capReport(
    {
      version: 1,
      kind,
      tool: { name: "email-auth-audit", version: version() },
      generatedAt: ctx.now.toISOString(),
      org: {
        name,
        domains: facts.domains.filter((d) => d.roles.includes("org")).map((d) => ({ name: d.domain, sends: d.sends })),
      },
      paths,
      domains,
      findings,
      ...(facts.reports !== undefined ? { senders: senderInventory(facts.reports) } : {}),
      ...(transport !== undefined ? { transport } : {}),
      dns: {
        questions: ctx.budget.questions,
        unique: ctx.budget.unique,
        failed: log.filter((e) => isUnknownStatus(e.status)).length,
        log,
      },
      summary: {
        status: counted.error > 0 ? "fail" : counted.warning > 0 ? "warn" : "pass",
        paths: {
          total: paths.length,
          pass: paths.filter((p) => p.verdict === "pass").length,
          fragile: paths.filter((p) => p.verdict === "fragile").length,
          fail: paths.filter((p) => p.verdict === "fail").length,
          unknown: paths.filter((p) => p.verdict === "unknown").length,
        },
        findings: counts,
        ...(accepted > 0 ? { accepted } : {}),
        ...(baselined > 0 ? { baselined } : {}),
        ...(blind !== undefined ? { blind } : {}),
      },
    },
    notListed,
  );
}
