/**
 * What one domain publishes, gathered concurrently: its SPF record (the TXT answer and the record
 * selected from it), its MX, its DMARC policy and the authorisation of its report destinations,
 * and the providers its DNS points at.
 */
import { discoverDmarc } from "../dmarc/discover.ts";
import { checkReportDestinations } from "../dmarc/report-auth.ts";
import type { DmarcDiscovery } from "../dmarc/results.ts";
import { resolveSafely } from "../dns/answer.ts";
import { identifyProviders } from "../providers/match.ts";
import type { SpfAnalysis, SpfTreeNode } from "../spf/analysis-types.ts";
import { analyzeSpf } from "../spf/analyze.ts";
import { selectSpfRecord } from "../spf/record.ts";
import type { AuditContext } from "./context.ts";
import type { DomainFacts } from "./types.ts";

/** Every static include/redirect/a target in an analysed SPF tree, at any depth (for provider detection). */
export function treeTargets(analysis: SpfAnalysis): string[] {
  const out = new Set<string>();
  const visit = (node: SpfTreeNode) => {
    for (const t of node.terms) {
      const kind = t.term.kind === "mechanism" ? t.term.mechanism : t.term.name;
      if (t.target !== undefined && (kind === "include" || kind === "redirect" || kind === "a")) out.add(t.target);
      if (t.child !== undefined) visit(t.child);
    }
  };
  visit(analysis.root);
  return [...out];
}

export interface DomainRequest {
  domain: string;
  sends: boolean;
  roles: DomainFacts["roles"];
}

/** Gathers one domain's facts. `discovery` is shared with the paths that send from it. */
export async function gatherDomain(
  request: DomainRequest,
  discovery: Promise<DmarcDiscovery>,
  ctx: AuditContext,
): Promise<DomainFacts> {
  const options = ctx.signal ? { signal: ctx.signal } : {};
  const [txt, mx, dmarc, analysis] = await Promise.all([
    resolveSafely(ctx.resolver, request.domain, "TXT", options),
    resolveSafely(ctx.resolver, request.domain, "MX", options),
    discovery,
    analyzeSpf(request.domain, { resolver: ctx.resolver, cache: ctx.spfCache, ...options }),
  ]);
  const selection = selectSpfRecord(txt);
  const facts: DomainFacts = {
    domain: request.domain,
    sends: request.sends,
    roles: request.roles,
    spf: { answer: txt, selection, analysis },
    mx,
    providers: [],
  };
  facts.dmarc = dmarc;
  if (dmarc.record !== undefined && dmarc.policyDomain !== undefined) {
    facts.reports = await checkReportDestinations(
      { policyDomain: dmarc.policyDomain, record: dmarc.record },
      { resolver: ctx.resolver, queries: ctx.dmarcQueries, ...options },
    );
  }
  facts.providers = identifyProviders(ctx.catalog, {
    spfIncludes: treeTargets(analysis),
    mxHosts: mx.records.map((r) => r.exchange).filter((h) => h !== ""),
  });
  return facts;
}

/** DMARC discovery for a From domain, asked once per audit. */
export function discoveryFor(
  domain: string,
  ctx: AuditContext,
  memo: Map<string, Promise<DmarcDiscovery>>,
): Promise<DmarcDiscovery> {
  let pending = memo.get(domain);
  if (pending === undefined) {
    pending = discoverDmarc(domain, {
      resolver: ctx.resolver,
      queries: ctx.dmarcQueries,
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    });
    memo.set(domain, pending);
  }
  return pending;
}
