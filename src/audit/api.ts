/**
 * The audit's entry points: `audit(org, options)` for an organisation description, and
 * `checkDomain(domain, options)` for a domain with no description.
 */

import type { Resolver } from "../dns/types.ts";
import { gatherCheck } from "../facts/check.ts";
import { createAuditContext } from "../facts/context.ts";
import { gatherOrg } from "../facts/gather.ts";
import { loadOrg } from "../org/load.ts";
import type { ProviderCatalog } from "../providers/types.ts";
import type { AuditRule } from "../rules/define.ts";
import { type RuleSelection, runRulesDetailed, selectRules } from "../rules/engine.ts";
import { rules as allRules } from "../rules/index.ts";
import { judge } from "../verdicts/judge.ts";
import { buildReport } from "./report.ts";
import type { AuditReport } from "./report-types.ts";

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
  /** Aborts the audit: it then rejects with the signal's reason, and gives no report. */
  signal?: AbortSignal;
}

/** Options of {@link checkDomain}: an audit without an organisation description. */
export interface CheckOptions extends AuditOptions {
  /** DKIM selectors to try besides the known ones (selectors cannot be listed from DNS). */
  selectors?: readonly string[];
}

/** Rejects with the signal's reason once it has aborted (an aborted audit gives no report). */
function throwIfAborted(signal: AbortSignal | undefined): void {
  signal?.throwIfAborted();
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
  throwIfAborted(options.signal);
  const rules = selectRules([...allRules, ...(options.extraRules ?? [])], options.rules);
  const ctx = createAuditContext(options);
  const description = loadOrg(org as string | object, { catalog: ctx.catalog });
  const facts = await judge(await gatherOrg(description, ctx), ctx);
  throwIfAborted(options.signal);
  const run = runRulesDetailed(rules, facts);
  const name = description.name ?? description.domains[0]?.name ?? "organisation";
  return buildReport("audit", name, facts, run.findings, ctx, run.notListed);
}

/**
 * Checks one domain with no description, as other checkers do: what it publishes (SPF, DMARC,
 * MX, the DKIM keys found at known and given selectors), which providers its DNS points at, and
 * every rule that applies without a path description. DNS problems are findings, never throws
 * (but for an unknown rule id, a RangeError, and a name that is not a domain, a TypeError).
 */
export async function checkDomain(domain: string, options: CheckOptions): Promise<AuditReport> {
  throwIfAborted(options.signal);
  const rules = selectRules([...allRules, ...(options.extraRules ?? [])], options.rules);
  const ctx = createAuditContext(options);
  const facts = await judge(await gatherCheck(domain, ctx, options.selectors ?? []), ctx);
  throwIfAborted(options.signal);
  const run = runRulesDetailed(rules, facts);
  return buildReport("check", facts.org.name ?? domain, facts, run.findings, ctx, run.notListed);
}
