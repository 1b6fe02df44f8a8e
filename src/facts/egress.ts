/**
 * Where a path's mail comes from, as a receiver sees it: the egress IPs of a smart host (given,
 * or resolved from its hostname), of a directly sending server, or, for a provider, addresses
 * taken from the networks its SPF include authorises (the provider's own published record).
 */
import { resolveSafely } from "../dns/answer.ts";
import { type DnsEvidence, evidenceOf } from "../dns/evidence.ts";
import type { PathPlan } from "../org/plan.ts";
import { conditionsHold } from "../providers/settings.ts";
import { expandTemplate, templatePlaceholders } from "../providers/template.ts";
import type { Sourced } from "../providers/types.ts";
import type { AuditContext } from "./context.ts";
import { providerNetworks, sampleAddresses } from "./provider-networks.ts";
import { answerState, combinedState, type FactState } from "./state.ts";

export interface Egress {
  ips: string[];
  source: "org" | "dns" | "provider-spf";
  /**
   * `present`: every address is known; `absent`: DNS proved there is none (the hostname has no
   * A/AAAA records, the provider's include publishes no network); `unknown`: a question failed,
   * or the catalog gives nothing to sample (some addresses may be known, others not).
   */
  state: FactState;
  /** The DNS answers the IPs came from (hostname A/AAAA, the provider's SPF records). */
  answers: DnsEvidence[];
  /** Why the addresses are not all known, when they are not. */
  problem?: string;
  /** For providers: the SPF terms whose networks were sampled. */
  terms?: string[];
  /** For providers: the terms the catalog marks unconfirmed (confidence U): a failure there is unknown, not a fact. */
  unconfirmed?: string[];
}

/** Whether a catalog fact rests only on unconfirmed sources (confidence U). */
export function unconfirmed(fact: Sourced): boolean {
  return fact.sources.every((s) => s.confidence === "U");
}

/** The SPF terms of a provider's catalog entry that name its sending networks (include:, a:, ip4:...). */
export function providerSpfTerms(plan: PathPlan): { terms: string[]; unconfirmed: string[] } {
  if (plan.via.kind !== "provider") return { terms: [], unconfirmed: [] };
  const { entry, settings } = plan.via;
  const values = { ...settings, domain: plan.fromDomain };
  const terms: string[] = [];
  const unsure: string[] = [];
  const add = (term: string, fact: Sourced) => {
    terms.push(term);
    if (unconfirmed(fact)) unsure.push(term);
  };
  const current = [
    ...entry.spf.includes.filter((f) => f.legacy !== true),
    ...entry.spf.includes.filter((f) => f.legacy === true),
  ];
  for (const fact of current) {
    if (!conditionsHold(fact.when, entry, settings)) continue;
    const domain = expandTemplate(fact.domain, values);
    if (templatePlaceholders(domain).length === 0) add(`include:${domain.toLowerCase()}`, fact);
  }
  for (const fact of entry.spf.mechanisms) {
    if (!conditionsHold(fact.when, entry, settings)) continue;
    const term = expandTemplate(fact.term, values);
    if (templatePlaceholders(term).length === 0) add(term.toLowerCase(), fact);
  }
  return { terms: [...new Set(terms)], unconfirmed: [...new Set(unsure)] };
}

async function resolveHost(hostname: string, ctx: AuditContext): Promise<Egress> {
  const options = ctx.signal ? { signal: ctx.signal } : {};
  const [a, aaaa] = await Promise.all([
    resolveSafely(ctx.resolver, hostname, "A", options),
    resolveSafely(ctx.resolver, hostname, "AAAA", options),
  ]);
  const ips = [...a.records, ...aaaa.records];
  const state = combinedState([answerState(a), answerState(aaaa)]);
  const egress: Egress = { ips, source: "dns", state, answers: [evidenceOf(a), evidenceOf(aaaa)] };
  const failed = [a, aaaa].find((x) => answerState(x) === "unknown");
  if (failed !== undefined)
    egress.problem = `could not resolve ${hostname} ${failed.type}: ${failed.status}${failed.detail ? ` (${failed.detail})` : ""}`;
  else if (ips.length === 0) egress.problem = `${hostname} has no A or AAAA records (${a.status}, ${aaaa.status})`;
  return egress;
}

/** The egress IPs of a planned path. */
export async function egressOf(plan: PathPlan, ctx: AuditContext): Promise<Egress> {
  const via = plan.via;
  switch (via.kind) {
    case "direct":
      return { ips: [...via.ips], source: "org", state: "present", answers: [] };
    case "smart-host":
      return via.ips !== undefined && via.ips.length > 0
        ? { ips: [...via.ips], source: "org", state: "present", answers: [] }
        : resolveHost(via.hostname, ctx);
    case "provider": {
      const { terms, unconfirmed: unsure } = providerSpfTerms(plan);
      const networks = await providerNetworks(terms, ctx);
      const ips = sampleAddresses(networks.networks);
      // Without a term to sample, the addresses are not known (the catalog is silent), not absent.
      const state: FactState =
        terms.length === 0 || networks.state === "unknown" ? "unknown" : ips.length > 0 ? "present" : "absent";
      const egress: Egress = { ips, source: "provider-spf", state, answers: networks.answers, terms };
      if (unsure.length > 0) egress.unconfirmed = unsure;
      if (terms.length === 0)
        egress.problem = `the catalog entry ${via.entry.id} names no SPF include for these settings`;
      else if (state !== "present")
        egress.problem = `no network could be read from ${terms.join(", ")}${networks.problem ? `: ${networks.problem}` : ""}`;
      return egress;
    }
  }
}
