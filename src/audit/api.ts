/**
 * The audit's entry points: `audit(org, options)` for an organisation description, and
 * `checkDomain(domain, options)` for a domain with no description.
 */

import type { DnsChange } from "../dns/overlay-changes.ts";
import type { Resolver } from "../dns/types.ts";
import type { ExchangeConfig } from "../exchange/types.ts";
import { gatherCheck } from "../facts/check.ts";
import { type AuditContext, catalogFrom, createAuditContext } from "../facts/context.ts";
import { gatherOrg } from "../facts/gather.ts";
import type { ProbeOptions } from "../facts/probes.ts";
import type { ReportsInput } from "../facts/report-types.ts";
import type { TransportOptions } from "../facts/transport.ts";
import type { GatheredFacts } from "../facts/types.ts";
import { loadOrg } from "../org/load.ts";
import type { Organisation } from "../org/types.ts";
import type { ProviderCatalog } from "../providers/types.ts";
import type { AuditRule } from "../rules/define.ts";
import { type RuleSelection, runRules, runRulesDetailed, selectRules } from "../rules/engine.ts";
import { rules as allRules } from "../rules/index.ts";
import type { Finding } from "../rules/types.ts";
import { judge } from "../verdicts/judge.ts";
import type { AuditFacts } from "../verdicts/types.ts";
import { applyAccepts } from "./accept.ts";
import { applyBaseline } from "./baseline.ts";
import { fingerprintFindings } from "./fingerprint.ts";
import { buildReport } from "./report.ts";
import type { AuditReport } from "./report-types.ts";
import { verifyFixes } from "./verify.ts";

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
  /**
   * An Exchange configuration (`readExchangeConfig` of the exports): audited with the description
   * (relay, connector TLS, EHLO names, DKIM signing configurations, accepted domains; docs/exchange.md).
   * Ignored by `checkDomain`.
   */
  exchange?: ExchangeConfig;
  /**
   * DMARC aggregate reports to reconcile with the description (`audit` only): parsed reports or an
   * opened store, with an optional time window (docs/reports-ingest.md). The report then has a
   * sender inventory and the `report-*` rules run.
   */
  reports?: ReportsInput;
  /**
   * The fingerprints of a baseline (`readBaseline`): findings in it are marked `baselined` and do
   * not count for the report's status (nor the CLI's `--fail-on`).
   */
  baseline?: readonly string[];
  /**
   * Verify each finding's proposed DNS changes by auditing again over them (default true). Costs
   * one audit over the cache per finding with changes; only the changed names are asked again.
   */
  verifyFixes?: boolean;
  /**
   * The published transport-security policies of every domain that receives mail (MTA-STS with its
   * policy fetched over HTTPS, TLS-RPT, DANE's TLSA records) and BIMI for From domains at DMARC
   * enforcement. On by default; `false` turns them off; options set how HTTPS is fetched (a
   * fixture for offline runs). See docs/transport.md.
   */
  transport?: boolean | TransportOptions;
  /**
   * SMTP probes of the hosts the organisation owns (MX hosts on 25, smart hosts on 587 and 465,
   * `hosts` named): STARTTLS, certificate, TLS version, AUTH before TLS, open relay. Off by default:
   * they open connections (never DATA, never AUTH). See docs/transport.md.
   */
  probe?: boolean | ProbeOptions;
}

/** Options of {@link checkDomain}: an audit without an organisation description. */
export interface CheckOptions extends AuditOptions {
  /** DKIM selectors to try besides the known ones (selectors cannot be listed from DNS). */
  selectors?: readonly string[];
}

/**
 * One audit's work, for the layers above (the plan builds on it): the description, the context
 * (its cached resolver answers again for free), the facts, the findings and the report.
 */
export interface AuditRun {
  org: Organisation;
  ctx: AuditContext;
  facts: AuditFacts;
  report: AuditReport;
  /** What every rule (built-in and extra, whatever the selection) reports: what verification compares with. */
  allFindings: Finding[];
  /**
   * Gathers the same description (or domain) again over another resolver, sharing this audit's
   * catalog and clock; `changes` are what that resolver overlays, when it does.
   */
  regather(resolver: Resolver, changes?: readonly DnsChange[]): Promise<{ facts: AuditFacts; ctx: AuditContext }>;
}

/** Rejects with the signal's reason once it has aborted (an aborted audit gives no report). */
function throwIfAborted(signal: AbortSignal | undefined): void {
  signal?.throwIfAborted();
}

/** The rule ids an `accept` entry may name: the built-in rules and the caller's own. */
function knownRuleIds(options: AuditOptions): string[] {
  return [...allRules, ...(options.extraRules ?? [])].map((r) => r.meta.id);
}

/** The shared flow of `audit` and `checkDomain`: gather, judge, run the rules, mark, build, verify. */
async function run(
  kind: AuditReport["kind"],
  org: Organisation | undefined,
  gather: (ctx: AuditContext, changes?: readonly DnsChange[], before?: GatheredFacts) => Promise<GatheredFacts>,
  options: AuditOptions,
): Promise<AuditRun> {
  const every = [...allRules, ...(options.extraRules ?? [])];
  const rules = selectRules(every, options.rules);
  const ctx = createAuditContext(options);
  const facts = await judge(await gather(ctx), ctx);
  throwIfAborted(options.signal);
  const run = runRulesDetailed(rules, facts);
  const findings = run.findings;
  const description = org ?? facts.org;
  if (org !== undefined) applyAccepts(findings, org);
  fingerprintFindings(findings);
  if (options.baseline !== undefined) applyBaseline(findings, options.baseline);
  const name = description.name ?? description.domains[0]?.name ?? "organisation";
  const report = buildReport(kind, name, facts, findings, ctx, run.notListed);
  const allFindings = rules.length === every.length ? findings : runRules(every, facts);
  const regather = async (resolver: Resolver, changes?: readonly DnsChange[]) => {
    // The same checks over the changes: transport policies with the audit's own (memoised) fetch,
    // never probes again (they are kept: a DNS change does not change what a host answers).
    const sub = createAuditContext({
      resolver,
      catalog: ctx.catalog,
      now: ctx.now,
      transport: ctx.transport ?? false,
      probe: false,
      ...(options.maxQueries !== undefined ? { maxQueries: options.maxQueries } : {}),
      ...(options.signal !== undefined ? { signal: options.signal } : {}),
    });
    const again = await gather(sub, changes, facts);
    const probes = facts.transport?.probes;
    const kept =
      probes !== undefined && again.transport !== undefined
        ? { ...again, transport: { ...again.transport, probes } }
        : again;
    return { facts: await judge(kept, sub), ctx: sub };
  };
  // Verified after the report's DNS statistics are taken: they describe the audit, not the checks of its fixes.
  if (options.verifyFixes !== false)
    await verifyFixes(
      findings,
      allFindings,
      ctx.resolver,
      async (resolver, changes) => runRules(every, (await regather(resolver, changes)).facts),
      options.signal,
    );
  throwIfAborted(options.signal);
  return { org: description, ctx, facts, report, allFindings, regather };
}

/**
 * The audit of a description, with its context and facts (what {@link audit} returns as a report).
 * For the layers above the audit (the plan); not part of the package's root API.
 */
export async function runAudit(org: unknown, options: AuditOptions): Promise<AuditRun> {
  throwIfAborted(options.signal);
  // Rule ids are checked first (a RangeError), then the description (an OrgError).
  selectRules([...allRules, ...(options.extraRules ?? [])], options.rules);
  const catalog = catalogFrom(options.catalog);
  const description = loadOrg(org as string | object, { catalog, ruleIds: knownRuleIds(options) });
  const exchange = options.exchange !== undefined ? { exchange: options.exchange } : {};
  // Reports are reconciled once: re-gathering over a fix's changes keeps them (the changes are DNS
  // records, which do not change what receivers reported).
  return run(
    "audit",
    description,
    async (ctx, _changes, before) => {
      if (before === undefined)
        return gatherOrg(description, ctx, {
          ...exchange,
          ...(options.reports !== undefined ? { reports: options.reports } : {}),
        });
      const again = await gatherOrg(description, ctx, exchange);
      return before.reports !== undefined ? { ...again, reports: before.reports } : again;
    },
    { ...options, catalog },
  );
}

/**
 * Audits an organisation description (an object, or JSON/YAML text) against DNS: simulates a
 * receiver for every sending path and From domain, checks what every domain publishes, and runs
 * the rules. Throws `OrgError` (with every problem and its JSON path) for an invalid description
 * and `RangeError` for an unknown rule id; DNS problems never throw: they are findings. Each
 * finding's proposed DNS changes are verified by auditing again over them (`verification`).
 *
 * ```ts
 * const report = await audit(org, { resolver: new CachingResolver(new DnsResolver()) });
 * report.paths;     // per path: SPF, DKIM, DMARC verdicts
 * report.findings;  // what is wrong, with the DNS evidence and the fix
 * ```
 */
export async function audit(org: unknown, options: AuditOptions): Promise<AuditReport> {
  return (await runAudit(org, options)).report;
}

/**
 * Checks one domain with no description, as other checkers do: what it publishes (SPF, DMARC,
 * MX, the DKIM keys found at known and given selectors), which providers its DNS points at, and
 * every rule that applies without a path description. DNS problems are findings, never throws
 * (but for an unknown rule id, a RangeError, and a name that is not a domain, a TypeError).
 */
export async function checkDomain(domain: string, options: CheckOptions): Promise<AuditReport> {
  throwIfAborted(options.signal);
  const selectors = options.selectors ?? [];
  // A re-check over changes that touch no DKIM name asks only the selectors discovery found.
  const gather = (ctx: AuditContext, changes?: readonly DnsChange[], before?: GatheredFacts) => {
    const found = before?.discovered?.keys;
    const touched = (name: string) =>
      name.toLowerCase().includes("._domainkey.") ||
      (found ?? []).some((k) => k.lookup.evidence.some((e) => e.name === name.toLowerCase()));
    const reuse = changes !== undefined && found !== undefined && !changes.some((c) => touched(c.name));
    return gatherCheck(
      domain,
      ctx,
      selectors,
      reuse ? [...new Set([...selectors, ...found.map((k) => k.selector)])] : undefined,
    );
  };
  return (await run("check", undefined, gather, options)).report;
}
