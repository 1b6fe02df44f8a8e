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
import { parseSpf } from "../spf/parse.ts";
import { selectSpfRecord } from "../spf/record.ts";
import type { AuditContext } from "./context.ts";
import type { DomainFacts } from "./facts.ts";

/** The include/redirect targets a record names directly (static ones only). */
export function spfTargets(record: string): string[] {
  return parseSpf(record)
    .terms.flatMap((t) => (t.kind === "mechanism" && (t.mechanism === "include" || t.mechanism === "a") ? [t.domainSpec] : t.kind === "modifier" && t.name === "redirect" ? [t.value] : []))
    .filter((d): d is string => d !== undefined && !d.includes("%"))
    .map((d) => d.toLowerCase());
}

export interface DomainRequest {
  domain: string;
  sends: boolean;
  roles: DomainFacts["roles"];
}

/** Gathers one domain's facts. `discovery` is shared with the paths that send from it. */
export async function gatherDomain(request: DomainRequest, discovery: Promise<DmarcDiscovery>, ctx: AuditContext): Promise<DomainFacts> {
  const options = ctx.signal ? { signal: ctx.signal } : {};
  const [txt, mx, dmarc] = await Promise.all([
    resolveSafely(ctx.resolver, request.domain, "TXT", options),
    resolveSafely(ctx.resolver, request.domain, "MX", options),
    discovery,
  ]);
  const selection = selectSpfRecord(txt);
  const facts: DomainFacts = { domain: request.domain, sends: request.sends, roles: request.roles, spf: { answer: txt, selection }, mx, providers: [] };
  facts.dmarc = dmarc;
  if (dmarc.record !== undefined && dmarc.policyDomain !== undefined) {
    facts.reports = await checkReportDestinations({ policyDomain: dmarc.policyDomain, record: dmarc.record }, { resolver: ctx.resolver, queries: ctx.dmarcQueries, ...options });
  }
  facts.providers = identifyProviders(ctx.catalog, {
    spfIncludes: selection.status === "found" ? spfTargets(selection.record) : [],
    mxHosts: mx.records.map((r) => r.exchange).filter((h) => h !== ""),
  });
  return facts;
}

/** DMARC discovery for a From domain, asked once per audit. */
export function discoveryFor(domain: string, ctx: AuditContext, memo: Map<string, Promise<DmarcDiscovery>>): Promise<DmarcDiscovery> {
  let pending = memo.get(domain);
  if (pending === undefined) {
    pending = discoverDmarc(domain, { resolver: ctx.resolver, queries: ctx.dmarcQueries, ...(ctx.signal ? { signal: ctx.signal } : {}) });
    memo.set(domain, pending);
  }
  return pending;
}
