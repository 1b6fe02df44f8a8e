/**
 * The audit's entry points: `audit(org, options)` for an organisation description, and
 * `checkDomain(domain, options)` for a domain with no description.
 */

import type { DmarcDiscovery } from "../dmarc/results.ts";
import type { Resolver } from "../dns/types.ts";
import { loadOrg } from "../org/load.ts";
import { planPaths } from "../org/plan.ts";
import type { Organisation } from "../org/types.ts";
import { identifyProviders } from "../providers/match.ts";
import type { ProviderCatalog } from "../providers/types.ts";
import type { AuditRule } from "../rules/define.ts";
import { type RuleSelection, runRules, selectRules } from "../rules/engine.ts";
import { rules as allRules } from "../rules/index.ts";
import { gatherCheck } from "./check.ts";
import { type AuditContext, createAuditContext } from "./context.ts";
import { type DomainRequest, discoveryFor, gatherDomain } from "./domain-facts.ts";
import type { AuditFacts } from "./facts.ts";
import { buildReport } from "./report.ts";
import type { AuditReport } from "./report-types.ts";
import { simulatePath } from "./simulate.ts";

/** Options of {@link audit}. */
export interface AuditOptions {
  /** Where every DNS answer comes from (a fixture, real DNS, DoH); the audit caches it so each (name, type) is asked once. */
  resolver: Resolver;
  /** Extra provider catalog entries (JSON objects in the catalog entry format), or a whole catalog. */
  catalog?: readonly unknown[] | ProviderCatalog;
  /** The clock (report timestamp, SPF `%{t}`). Default: now. */
  now?: Date;
  /** Which rules run (unknown ids throw a RangeError). */
  rules?: RuleSelection;
  /** Your own rules, run beside the built-in ones (see docs/audit.md). */
  extraRules?: readonly AuditRule[];
  /** Most DNS questions the audit may ask. Default 2,000. */
  maxQueries?: number;
  signal?: AbortSignal;
}

/** Options of {@link checkDomain}: an audit without an organisation description. */
export interface CheckOptions extends AuditOptions {
  /** DKIM selectors to try besides the known ones (selectors cannot be listed from DNS). */
  selectors?: readonly string[];
}

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

async function gather(org: Organisation, ctx: AuditContext): Promise<AuditFacts> {
  const plans = planPaths(org, ctx.catalog);
  const discoveries = new Map<string, Promise<DmarcDiscovery>>();
  // Everything starts at once; each piece waits only for what it depends on.
  const domains = Promise.all(
    domainRequests(org, plans).map((r) => gatherDomain(r, discoveryFor(r.domain, ctx, discoveries), ctx)),
  );
  const paths = Promise.all(
    plans.map((plan) => simulatePath(plan, discoveryFor(plan.fromDomain, ctx, discoveries), ctx)),
  );
  const [domainFacts, pathFacts] = await Promise.all([domains, paths]);
  // The DKIM keys the paths use name providers too (a selector CNAME into amazonses.com, sendgrid.net...).
  for (const d of domainFacts) {
    const targets = pathFacts.flatMap((p) =>
      p.signatures
        .filter((s) => s.planned.domain === d.domain && s.lookup?.cname)
        .map((s) => s.lookup?.cname?.target ?? ""),
    );
    if (targets.length === 0) continue;
    const more = identifyProviders(ctx.catalog, { cnameTargets: targets });
    for (const m of more) {
      const known = d.providers.find((p) => p.id === m.id);
      if (known === undefined) d.providers.push(m);
      else known.evidence.push(...m.evidence);
    }
  }
  return {
    kind: "audit",
    org,
    catalog: ctx.catalog,
    domains: domainFacts,
    paths: pathFacts,
    refusedQuestions: ctx.budget.refused,
  };
}

/**
 * Audits an organisation description (an object, or JSON/YAML text) against DNS: simulates a
 * receiver for every sending path and From domain, checks what every domain publishes, and runs
 * the rules. Throws `OrgError` (with every problem and its JSON path) for an invalid description
 * and `RangeError` for an unknown rule id; DNS problems never throw: they are findings.
 *
 * ```ts
 * const report = await audit(org, { resolver: new CachingResolver(new DnsResolver()) });
 * report.paths;     // per path: SPF, DKIM, DMARC verdicts
 * report.findings;  // what is wrong, with the DNS evidence and the fix
 * ```
 */
export async function audit(org: unknown, options: AuditOptions): Promise<AuditReport> {
  const rules = selectRules([...allRules, ...(options.extraRules ?? [])], options.rules);
  const ctx = createAuditContext(options);
  const description = loadOrg(org as string | object, { catalog: ctx.catalog });
  const facts = await gather(description, ctx);
  const findings = runRules(rules, facts);
  return buildReport("audit", description.name ?? description.domains[0]?.name ?? "organisation", facts, findings, ctx);
}

/**
 * Checks one domain with no description, as other checkers do: what it publishes (SPF, DMARC,
 * MX, the DKIM keys found at known and given selectors), which providers its DNS points at, and
 * every rule that applies without a path description. DNS problems are findings, never throws
 * (but for an unknown rule id, a RangeError, and a name that is not a domain, a TypeError).
 */
export async function checkDomain(domain: string, options: CheckOptions): Promise<AuditReport> {
  const rules = selectRules([...allRules, ...(options.extraRules ?? [])], options.rules);
  const ctx = createAuditContext(options);
  const facts = await gatherCheck(domain, ctx, options.selectors ?? []);
  const findings = runRules(rules, facts);
  return buildReport("check", facts.org.name ?? domain, facts, findings, ctx);
}
