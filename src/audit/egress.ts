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
import type { AuditContext } from "./context.ts";
import { providerNetworks, sampleAddresses } from "./provider-networks.ts";

export interface Egress {
  ips: string[];
  source: "org" | "dns" | "provider-spf";
  /** The DNS answers the IPs came from (hostname A/AAAA, the provider's SPF records). */
  answers: DnsEvidence[];
  /** Why there are no IPs, when there are none. */
  problem?: string;
  /** For providers: the SPF terms whose networks were sampled. */
  terms?: string[];
}

/** The SPF terms of a provider's catalog entry that name its sending networks (include:, a:, ip4:...). */
export function providerSpfTerms(plan: PathPlan): string[] {
  if (plan.via.kind !== "provider") return [];
  const { entry, settings } = plan.via;
  const values = { ...settings, domain: plan.fromDomain };
  const terms: string[] = [];
  const current = [
    ...entry.spf.includes.filter((f) => f.legacy !== true),
    ...entry.spf.includes.filter((f) => f.legacy === true),
  ];
  for (const fact of current) {
    if (!conditionsHold(fact.when, entry, settings)) continue;
    const domain = expandTemplate(fact.domain, values);
    if (templatePlaceholders(domain).length === 0) terms.push(`include:${domain.toLowerCase()}`);
  }
  for (const fact of entry.spf.mechanisms) {
    if (!conditionsHold(fact.when, entry, settings)) continue;
    const term = expandTemplate(fact.term, values);
    if (templatePlaceholders(term).length === 0) terms.push(term.toLowerCase());
  }
  return [...new Set(terms)];
}

async function resolveHost(hostname: string, ctx: AuditContext): Promise<Egress> {
  const options = ctx.signal ? { signal: ctx.signal } : {};
  const [a, aaaa] = await Promise.all([
    resolveSafely(ctx.resolver, hostname, "A", options),
    resolveSafely(ctx.resolver, hostname, "AAAA", options),
  ]);
  const ips = [...a.records, ...aaaa.records];
  const egress: Egress = { ips, source: "dns", answers: [evidenceOf(a), evidenceOf(aaaa)] };
  if (ips.length === 0) {
    const failed = [a, aaaa].find((x) => x.status !== "ok" && x.status !== "nodata" && x.status !== "nxdomain");
    egress.problem = failed
      ? `could not resolve ${hostname}: ${failed.status}${failed.detail ? ` (${failed.detail})` : ""}`
      : `${hostname} has no A or AAAA records`;
  }
  return egress;
}

/** The egress IPs of a planned path. */
export async function egressOf(plan: PathPlan, ctx: AuditContext): Promise<Egress> {
  const via = plan.via;
  switch (via.kind) {
    case "direct":
      return { ips: [...via.ips], source: "org", answers: [] };
    case "smart-host":
      return via.ips !== undefined && via.ips.length > 0
        ? { ips: [...via.ips], source: "org", answers: [] }
        : resolveHost(via.hostname, ctx);
    case "provider": {
      const terms = providerSpfTerms(plan);
      const networks = await providerNetworks(terms, ctx);
      const egress: Egress = {
        ips: sampleAddresses(networks.networks),
        source: "provider-spf",
        answers: networks.answers,
        terms,
      };
      if (egress.ips.length === 0) {
        egress.problem =
          terms.length === 0
            ? `the catalog entry ${via.entry.id} names no SPF include for these settings`
            : `no network could be read from ${terms.join(", ")}${networks.problem ? `: ${networks.problem}` : ""}`;
      }
      return egress;
    }
  }
}
