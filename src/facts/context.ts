/**
 * One audit's shared state: a resolver stack that asks each (name, type) once (a cache that keeps
 * every outcome, failures included, for the audit's lifetime, over a budget that counts and logs
 * what reaches the caller's resolver), the SPF record cache, the DMARC question cache, the
 * provider catalog and the clock. Built once per audit by {@link createAuditContext}.
 */

import { DmarcQueries } from "../dmarc/lookup.ts";
import { type OrgLookup, orgDomainFinder } from "../dmarc/org-domain.ts";
import { QueryBudgetResolver } from "../dns/budget.ts";
import { CachingResolver } from "../dns/cache.ts";
import type { Resolver } from "../dns/types.ts";
import { identifyProviders } from "../providers/match.ts";
import { createCatalog } from "../providers/registry.ts";
import type { ProviderCatalog } from "../providers/types.ts";
import { SpfCache } from "../spf/cache.ts";
import { type HttpsFetch, httpsGet } from "../transport/https-fetch.ts";
import type { ProbeOptions } from "./probes.ts";
import type { TransportOptions } from "./transport.ts";

/** Default most DNS questions one audit may ask (a hostile or huge configuration stops here, with a finding). */
export const DEFAULT_MAX_QUERIES = 2000;

export interface AuditContext {
  /** The resolver every module uses: cached per audit, over the budget. */
  resolver: Resolver;
  /** What reached the caller's resolver. */
  budget: QueryBudgetResolver;
  spfCache: SpfCache;
  dmarcQueries: DmarcQueries;
  catalog: ProviderCatalog;
  /** The Organizational Domain of a name by the RFC 9989 tree walk, memoised (for alignment). */
  orgOf: (domain: string) => Promise<OrgLookup>;
  /** The catalog id of the provider a CNAME target belongs to. */
  providerOf: (target: string) => string | undefined;
  now: Date;
  signal: AbortSignal | undefined;
  /** The published transport policies' settings; null when they are not checked. */
  transport: TransportOptions | null;
  /** The SMTP probes' settings; null when nothing is probed (the default). */
  probe: ProbeOptions | null;
}

export interface ContextOptions {
  resolver: Resolver;
  catalog?: readonly unknown[] | ProviderCatalog;
  now?: Date;
  maxQueries?: number;
  signal?: AbortSignal;
  /** MTA-STS, TLS-RPT, DANE, BIMI: on by default; `false` turns them off. */
  transport?: boolean | TransportOptions;
  /** SMTP probes: off by default; `true` or options turn them on. */
  probe?: boolean | ProbeOptions;
}

function isCatalog(value: unknown): value is ProviderCatalog {
  return typeof value === "object" && value !== null && !Array.isArray(value) && "entries" in value;
}

/** The catalog an audit uses: a whole catalog as given, or the built-in one with the extra entries. */
export function catalogFrom(catalog: readonly unknown[] | ProviderCatalog | undefined): ProviderCatalog {
  return isCatalog(catalog) ? catalog : createCatalog(catalog ?? []);
}

/**
 * The transport options with their HTTPS fetch memoised (one GET per host, address, port and path),
 * so that re-gathering the same audit (checking a fix over an overlay) never fetches a policy or a
 * logo twice.
 */
export function memoisedTransport(options: ContextOptions["transport"]): TransportOptions | null {
  const transport = options === false ? null : options === true || options === undefined ? {} : options;
  if (transport === null) return null;
  const fetch = transport.https?.fetch ?? httpsGet;
  const seen = new Map<string, ReturnType<HttpsFetch>>();
  const memo: HttpsFetch = (request) => {
    const key = `${request.host}|${request.address}|${request.port}|${request.path}`;
    let pending = seen.get(key);
    if (pending === undefined) {
      pending = fetch(request);
      seen.set(key, pending);
    }
    return pending;
  };
  return { ...transport, https: { ...(transport.https ?? {}), fetch: memo } };
}

export function createAuditContext(options: ContextOptions): AuditContext {
  const budget = new QueryBudgetResolver(options.resolver, { maxQueries: options.maxQueries ?? DEFAULT_MAX_QUERIES });
  // Every outcome is kept for the audit, failures and TTL 0 included: a name is never asked twice.
  const resolver = new CachingResolver(budget, { keepAll: true, maxEntries: 1_000_000 });
  const catalog = catalogFrom(options.catalog);
  const dmarcQueries = new DmarcQueries(resolver, "strict", options.signal);
  return {
    resolver,
    budget,
    spfCache: new SpfCache(),
    dmarcQueries,
    catalog,
    orgOf: orgDomainFinder("rfc9989", dmarcQueries),
    providerOf: (target) => identifyProviders(catalog, { cnameTargets: [target] })[0]?.id,
    now: options.now ?? new Date(),
    signal: options.signal,
    transport: memoisedTransport(options.transport),
    probe: options.probe === true ? {} : options.probe === false || options.probe === undefined ? null : options.probe,
  };
}
