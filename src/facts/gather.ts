/**
 * Gathering an organisation's facts: every domain of the description and every MAIL FROM domain of
 * its paths (what it publishes), and every planned path (what a receiver would ask). Everything
 * starts at once; each piece waits only for what it depends on.
 */
import type { DmarcDiscovery } from "../dmarc/results.ts";
import type { ExchangeConfig } from "../exchange/types.ts";
import { planPaths } from "../org/plan.ts";
import type { Organisation } from "../org/types.ts";
import { identifyProviders } from "../providers/match.ts";
import type { AuditContext } from "./context.ts";
import { type DomainRequest, discoveryFor, gatherDomain } from "./domain.ts";
import { gatherExchange } from "./exchange.ts";
import { gatherPath } from "./path.ts";
import type { ReportsInput } from "./report-types.ts";
import { gatherReports } from "./reports.ts";
import { gatherTransportFacts } from "./transport-gather.ts";
import type { GatheredFacts } from "./types.ts";

/** The domains an audit looks at: the description's, and the organisation's own MAIL FROM domains. */
function domainRequests(org: Organisation, plans: ReturnType<typeof planPaths>): DomainRequest[] {
  const requests = new Map<string, DomainRequest>();
  for (const d of org.domains)
    requests.set(d.name.toLowerCase(), { domain: d.name.toLowerCase(), sends: d.sends !== false, roles: ["org"] });
  for (const plan of plans) {
    if (plan.mailFrom.source === "provider-default") continue;
    const existing = requests.get(plan.mailFrom.domain);
    if (existing === undefined)
      requests.set(plan.mailFrom.domain, { domain: plan.mailFrom.domain, sends: true, roles: ["mail-from"] });
    else if (!existing.roles.includes("mail-from")) existing.roles.push("mail-from");
  }
  return [...requests.values()];
}

/** Inputs audited with the description. */
export interface GatherInputs {
  /** An Exchange configuration (`readExchangeConfig`): its transport settings are audited too. */
  exchange?: ExchangeConfig;
  /** DMARC aggregate reports, reconciled with the gathered paths. */
  reports?: ReportsInput;
}

/**
 * Asks DNS everything the audit of `org` needs, each (name, type) once; with an Exchange
 * configuration, what its connectors need; with `reports`, also reconciles DMARC aggregate reports
 * with the gathered paths.
 */
export async function gatherOrg(
  org: Organisation,
  ctx: AuditContext,
  inputs: GatherInputs = {},
): Promise<GatheredFacts> {
  const plans = planPaths(org, ctx.catalog);
  const discoveries = new Map<string, Promise<DmarcDiscovery>>();
  const domains = Promise.all(
    domainRequests(org, plans).map((r) => gatherDomain(r, discoveryFor(r.domain, ctx, discoveries), ctx)),
  );
  const paths = Promise.all(
    plans.map((plan) => gatherPath(plan, discoveryFor(plan.fromDomain, ctx, discoveries), ctx)),
  );
  const exchange = inputs.exchange === undefined ? undefined : gatherExchange(inputs.exchange, org, ctx);
  const [domainFacts, pathFacts, exchangeFacts] = await Promise.all([domains, paths, exchange]);
  // The DKIM keys the paths use name providers too (a selector CNAME into amazonses.com, sendgrid.net...).
  const cnameTargets = new Map<string, string[]>();
  for (const p of pathFacts)
    for (const s of p.signatures) {
      if (!s.lookup?.cname) continue;
      const list = cnameTargets.get(s.planned.domain) ?? [];
      list.push(s.lookup.cname.target ?? "");
      cnameTargets.set(s.planned.domain, list);
    }
  for (const d of domainFacts) {
    const targets = cnameTargets.get(d.domain) ?? [];
    if (targets.length === 0) continue;
    for (const m of identifyProviders(ctx.catalog, { cnameTargets: targets })) {
      const known = d.providers.find((p) => p.id === m.id);
      if (known === undefined) d.providers.push(m);
      else known.evidence.push(...m.evidence);
    }
  }
  const reports = inputs.reports === undefined ? undefined : await gatherReports(inputs.reports, org, pathFacts, ctx);
  const transport = await gatherTransportFacts({ org, domains: domainFacts, paths: pathFacts }, ctx);
  return {
    kind: "audit",
    org,
    catalog: ctx.catalog,
    domains: domainFacts,
    paths: pathFacts,
    refusedQuestions: ctx.budget.refused,
    ...(exchangeFacts === undefined ? {} : { exchange: exchangeFacts }),
    ...(reports !== undefined ? { reports } : {}),
    ...(transport !== undefined ? { transport } : {}),
  };
}
