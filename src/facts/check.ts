/**
 * A check without an organisation description: one domain's DNS, with DKIM selectors found by
 * discovery and the providers recognised from SPF includes, DKIM CNAME targets and MX hosts.
 */
import { discoverSelectors } from "../dkim/discover.ts";
import type { DmarcDiscovery } from "../dmarc/results.ts";
import { nameProblem, normalizeName } from "../dns/names.ts";
import type { Organisation } from "../org/types.ts";
import { identifyProviders } from "../providers/match.ts";
import { domainValues, expandTemplate, templatePlaceholders } from "../providers/template.ts";
import type { ProviderCatalog } from "../providers/types.ts";
import type { AuditContext } from "./context.ts";
import { discoveryFor, gatherDomain, treeTargets } from "./domain.ts";
import { isNullMx, rejectsAll } from "./parked.ts";
import { gatherTransportFacts } from "./transport-gather.ts";
import type { DiscoveredKey, GatheredFacts } from "./types.ts";

/** The catalog's selectors that need nothing but the domain (no account settings). */
export function catalogSelectors(catalog: ProviderCatalog, domain: string): { selector: string; provider: string }[] {
  const out: { selector: string; provider: string }[] = [];
  for (const entry of catalog.entries) {
    for (const fact of entry.dkim.selectors) {
      const selector = expandTemplate(fact.selector, domainValues(domain)).toLowerCase();
      if (templatePlaceholders(selector).length === 0) out.push({ selector, provider: entry.id });
    }
  }
  return out;
}

/**
 * Gathers a domain check. `only`, when given, replaces selector discovery by asking just these
 * selectors (a re-check over proposed changes that touch no DKIM name reuses what discovery found).
 */
export async function gatherCheck(
  input: string,
  ctx: AuditContext,
  selectors: readonly string[],
  only?: readonly string[],
): Promise<GatheredFacts> {
  const domain = normalizeName(input.trim());
  const problem = nameProblem(domain);
  if (problem !== undefined || !domain.includes("."))
    throw new TypeError(`not a domain name: ${JSON.stringify(input)}${problem ? ` (${problem})` : ""}`);
  const discoveries = new Map<string, Promise<DmarcDiscovery>>();
  const [facts, dkim] = await Promise.all([
    gatherDomain({ domain, sends: true, roles: ["org"] }, discoveryFor(domain, ctx, discoveries), ctx),
    discoverSelectors(domain, {
      resolver: ctx.resolver,
      ...(only !== undefined
        ? { selectors: only, candidates: [], builtin: false }
        : { selectors, candidates: catalogSelectors(ctx.catalog, domain) }),
      providerOf: ctx.providerOf,
      now: ctx.now,
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    }),
  ]);
  const spf = facts.spf.selection.status === "found" ? facts.spf.selection.record : undefined;
  // A domain that sends nothing says so: SPF `v=spf1 -all` and a null MX.
  facts.sends = !(rejectsAll(spf) && isNullMx(facts.mx));
  const keys: DiscoveredKey[] = dkim.found.map((f) => ({
    domain,
    selector: f.selector,
    lookup: f.lookup,
    provider: f.provider ?? f.expectedProvider,
  }));
  facts.providers = identifyProviders(ctx.catalog, {
    spfIncludes: treeTargets(facts.spf.analysis),
    cnameTargets: dkim.found.flatMap((f) => (f.lookup.cname ? [f.lookup.cname.target] : [])),
    mxHosts: facts.mx.records.map((r) => r.exchange).filter((h) => h !== ""),
  });
  const org: Organisation = {
    version: 1,
    name: domain,
    domains: [{ name: domain, ...(facts.sends ? {} : { sends: false }) }],
    paths: [],
  };
  const transport = await gatherTransportFacts({ org, domains: [facts], paths: [] }, ctx);
  return {
    kind: "check",
    org,
    catalog: ctx.catalog,
    domains: [facts],
    paths: [],
    discovered: { keys, complete: dkim.complete, asked: dkim.queries, domain },
    refusedQuestions: ctx.budget.refused,
    ...(transport !== undefined ? { transport } : {}),
  };
}
