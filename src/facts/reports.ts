/**
 * Gathering what DMARC aggregate reports say (issue 15 §3): the records of the window are summed
 * per source, the described paths' addresses, networks and signatures are made into matchers, the
 * PTR names of the most voluminous sources and the keys of undescribed DKIM selectors are looked
 * up through the audit's resolver (bounded, cached), and every source is classified
 * (report-classify.ts). The result is `GatheredFacts.reports`.
 */
import { parseCidr } from "../common/cidr.ts";
import { setFromCidrs } from "../common/ip-set.ts";
import { resolveSafely } from "../dns/answer.ts";
import type { Organisation } from "../org/types.ts";
import { templateMatcher } from "../providers/template.ts";
import { providerOfName } from "../reports/provider-names.ts";
import { lookupPtrs } from "../reports/ptr.ts";
import type { ObservedRecord, ReportStore } from "../reports/store-types.ts";
import type { AggregateReport } from "../reports/types.ts";
import type { AuditContext } from "./context.ts";
import { providerSpfTerms } from "./egress.ts";
import { providerNetworks } from "./provider-networks.ts";
import { classifySource, type PathMatcher } from "./report-classify.ts";
import { Tally } from "./report-tally.ts";
import type { ClassDay, PathTraffic, ReportFacts, ReportSource, ReportsInput } from "./report-types.ts";
import type { GatheredPath } from "./types.ts";

/** Defaults of {@link ReportsInput}. */
export const REPORT_DEFAULTS = { maxPtrLookups: 64, maxSources: 50_000, maxSelectorLookups: 32 } as const;

function iso(value: string | Date | undefined): string | null {
  if (value === undefined) return null;
  const ms = value instanceof Date ? value.getTime() : Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

function isStore(source: ReportsInput["source"]): source is ReportStore {
  return !Array.isArray(source) && typeof (source as ReportStore).records === "function";
}

/** Whether a report's range overlaps [since, until). */
function inWindow(r: { begin: string; end: string }, since: string | null, until: string | null): boolean {
  return (since === null || r.end > since) && (until === null || r.begin < until);
}

interface ReportCount {
  reports: number;
  reporters: Set<string>;
  domains: Map<string, { reports: number; messages: number }>;
  first: string | null;
  last: string | null;
}

function countReport(
  c: ReportCount,
  r: { reporter: string; policyDomain: string; begin: string; end: string; messages: number },
): void {
  c.reports++;
  if (c.reporters.size < 1000) c.reporters.add(r.reporter);
  const d = c.domains.get(r.policyDomain) ?? { reports: 0, messages: 0 };
  d.reports++;
  d.messages += r.messages;
  if (c.domains.size < 1000 || c.domains.has(r.policyDomain)) c.domains.set(r.policyDomain, d);
  if (c.first === null || r.begin < c.first) c.first = r.begin;
  if (c.last === null || r.end > c.last) c.last = r.end;
}

/** Reads the window's records into a tally and counts its reports. */
async function readRecords(
  input: ReportsInput,
  tally: Tally,
  since: string | null,
  until: string | null,
): Promise<ReportCount> {
  const count: ReportCount = { reports: 0, reporters: new Set(), domains: new Map(), first: null, last: null };
  const source = input.source;
  if (isStore(source)) {
    const query = { ...(since !== null ? { since } : {}), ...(until !== null ? { until } : {}) };
    for (const r of await source.listReports(query))
      countReport(count, {
        reporter: r.reporter,
        policyDomain: r.policyDomain,
        begin: r.begin,
        end: r.end,
        messages: r.messageCount,
      });
    for await (const record of source.records(query) as AsyncIterable<ObservedRecord>) tally.add(record, record);
    return count;
  }
  for (const report of source as readonly AggregateReport[]) {
    if (!inWindow(report, since, until)) continue;
    let messages = 0;
    const of = { reporter: report.orgName, policyDomain: report.policy.domain, begin: report.begin };
    for (const record of report.records) {
      tally.add(record, of);
      messages += record.count;
    }
    countReport(count, {
      reporter: report.orgName,
      policyDomain: report.policy.domain,
      begin: report.begin,
      end: report.end,
      messages,
    });
  }
  return count;
}

/** The matcher of one gathered path: its addresses (or its provider's networks) and its signatures. */
async function matcherOf(path: GatheredPath, ctx: AuditContext): Promise<PathMatcher> {
  const plan = path.plan;
  let networks: string[] = path.egress.ips;
  let known = path.egress.state === "present" && path.egress.ips.length > 0;
  if (plan.via.kind === "provider") {
    const found = await providerNetworks(providerSpfTerms(plan).terms, ctx);
    networks = found.networks;
    known = found.state === "present" && networks.length > 0;
  }
  const cidrs = networks.map((n) => parseCidr(n)).filter((c) => c !== undefined);
  const m: PathMatcher = {
    pathId: plan.pathId,
    fromDomain: plan.fromDomain,
    v4: setFromCidrs(4, cidrs),
    v6: setFromCidrs(6, cidrs),
    addressesKnown: known,
    addressKind: plan.via.kind === "provider" ? "network" : "address",
    signatures: plan.dkim.map((sig) => {
      const match = templateMatcher(sig.selector, {});
      return {
        domain: sig.domain,
        selector: (s: string) => match(s.toLowerCase()) !== null,
        text: `d=${sig.domain} s=${sig.selector}`,
      };
    }),
    mailFrom: { domain: plan.mailFrom.domain, subdomains: plan.mailFrom.subdomains === true },
  };
  if (plan.via.kind === "provider") {
    m.providerId = plan.via.entry.id;
    m.providerName = plan.via.entry.name;
  }
  return m;
}

/** Whether a signing domain belongs with one of the listed domains (the same, a parent or a child). */
function related(domain: string, listed: ReadonlySet<string>): boolean {
  for (const d of listed) if (domain === d || domain.endsWith(`.${d}`) || d.endsWith(`.${domain}`)) return true;
  return false;
}

/** The providers of undescribed DKIM selectors of the organisation's domains: their keys' CNAME targets. */
async function selectorProviders(
  sources: readonly { dkim: { domain: string; detail: string | null; result: string | null; messages: number }[] }[],
  matchers: readonly PathMatcher[],
  listed: ReadonlySet<string>,
  ctx: AuditContext,
): Promise<Map<string, { id: string; name: string; target: string }>> {
  const wanted = new Map<string, number>();
  for (const s of sources) {
    for (const a of s.dkim) {
      if (a.result !== "pass" || a.detail === null || !related(a.domain, listed)) continue;
      const described = matchers.some((m) =>
        m.signatures.some((x) => x.domain === a.domain && x.selector(a.detail ?? "")),
      );
      if (!described) wanted.set(`${a.domain}|${a.detail}`, (wanted.get(`${a.domain}|${a.detail}`) ?? 0) + a.messages);
    }
  }
  const keys = [...wanted.entries()].sort((a, b) => b[1] - a[1]).slice(0, REPORT_DEFAULTS.maxSelectorLookups);
  const out = new Map<string, { id: string; name: string; target: string }>();
  await Promise.all(
    keys.map(async ([key]) => {
      const [domain, selector] = key.split("|") as [string, string];
      const answer = await resolveSafely(
        ctx.resolver,
        `${selector}._domainkey.${domain}`,
        "TXT",
        ctx.signal ? { signal: ctx.signal } : {},
      );
      const target = answer.cnameChain[answer.cnameChain.length - 1];
      if (target === undefined) return;
      const id = ctx.providerOf(target);
      const entry = id === undefined ? undefined : ctx.catalog.entries.find((e) => e.id === id);
      const named = entry !== undefined ? { id: entry.id, name: entry.name } : providerOfName(ctx.catalog, target);
      if (named !== undefined) out.set(key, { id: named.id, name: named.name, target });
    }),
  );
  return out;
}

function traffic(m: PathMatcher, plan: GatheredPath["plan"], sources: readonly ReportSource[]): PathTraffic {
  const mine = sources.filter(
    (s) => s.path?.id === m.pathId && s.path.fromDomain === m.fromDomain && s.path.fromListed,
  );
  const concrete = m.signatures.some((s) => !s.text.includes("{"));
  const t: PathTraffic = {
    pathId: m.pathId,
    fromDomain: m.fromDomain,
    messages: 0,
    dmarcPass: 0,
    dkimAligned: 0,
    spfAligned: 0,
    sources: mine.length,
    topSources: mine.slice(0, 5).map((s) => s.ip),
    recognisable: m.addressesKnown || concrete ? true : "unknown",
  };
  for (const s of mine) {
    t.messages += s.messages;
    t.dmarcPass += s.dmarcPass;
    t.dkimAligned += s.dkimAligned;
    t.spfAligned += s.spfAligned;
  }
  if (t.recognisable !== true)
    t.reason = `its ${plan.via.kind === "provider" ? "provider's networks" : "addresses"} are not known and it names no DKIM selector`;
  return t;
}

/**
 * Reconciles the reports of `input` with the organisation's gathered paths. DNS (PTR names and
 * their forward confirmation, undescribed selectors' keys) goes through `ctx.resolver`.
 */
export async function gatherReports(
  input: ReportsInput,
  org: Organisation,
  paths: readonly GatheredPath[],
  ctx: AuditContext,
): Promise<ReportFacts> {
  const since = iso(input.since);
  const until = iso(input.until);
  const listed = new Set(org.domains.map((d) => d.name.toLowerCase()));
  const tally = new Tally(listed, Math.max(1, input.maxSources ?? REPORT_DEFAULTS.maxSources));
  const [count, matchers] = await Promise.all([
    readRecords(input, tally, since, until),
    Promise.all(paths.map((p) => matcherOf(p, ctx))),
  ]);
  const tallies = tally.sources().sort((a, b) => b.messages - a.messages || a.ip.localeCompare(b.ip));
  const limit = Math.max(0, input.maxPtrLookups ?? REPORT_DEFAULTS.maxPtrLookups);
  const [ptrs, selectors] = await Promise.all([
    lookupPtrs(
      tallies.map((t) => t.ip),
      ctx.resolver,
      {
        max: limit,
        confirm: (name) => providerOfName(ctx.catalog, name) !== undefined,
        ...(ctx.signal ? { signal: ctx.signal } : {}),
      },
    ),
    selectorProviders(tallies, matchers, listed, ctx),
  ]);
  const sources = tallies.map((t) =>
    classifySource(t, {
      catalog: ctx.catalog,
      matchers,
      ptr: ptrs.get(t.ip) ?? { status: "not-asked", names: [], confirmed: null },
      selectorProviders: selectors,
    }),
  );
  const days = new Map<string, ClassDay>();
  for (const s of sources) {
    for (const [day, n] of Object.entries(s.days)) {
      const d = days.get(day) ?? { day, path: 0, provider: 0, forwarder: 0, unknown: 0 };
      d[s.class] += n;
      days.set(day, d);
    }
  }
  const infos = [...ptrs.values()];
  return {
    window: { since, until, first: count.first, last: count.last },
    reports: count.reports,
    reporters: [...count.reporters].sort(),
    records: tally.records,
    messages: tally.messages,
    policyDomains: [...count.domains.entries()]
      .map(([domain, d]) => ({ domain, ...d }))
      .sort((a, b) => b.messages - a.messages || a.domain.localeCompare(b.domain)),
    sources,
    overflow: { ...tally.overflow },
    paths: matchers.map((m, i) => traffic(m, (paths[i] as GatheredPath).plan, sources)),
    unlistedDomains: tally.unlistedDomains(),
    days: [...days.values()].sort((a, b) => a.day.localeCompare(b.day)),
    ptr: {
      asked: infos.filter((p) => p.status !== "not-asked").length,
      limit,
      notAsked: infos.filter((p) => p.status === "not-asked").length,
      failed: infos.filter((p) => p.status === "unknown").length,
    },
  };
}
