/**
 * `analyzeSpf(domain, options)`: what an auditor needs to know about a domain's SPF without a
 * message: the whole include/redirect tree with its DNS evidence (even when a record is broken or
 * over the limits), lookup counts as a receiver makes them, the authorised networks per result,
 * and findings with RFC references.
 */
import { normalizeName } from "../dns/names.ts";
import type { Resolver } from "../dns/types.ts";
import type { SpfAnalysis } from "./analysis-types.ts";
import type { SpfCache } from "./cache.ts";
import { countTree } from "./counts.ts";
import { findings } from "./findings.ts";
import { resolveLimits, type SpfLimits } from "./limits.ts";
import { computeNetworks } from "./networks.ts";
import { TreeBuilder } from "./tree.ts";

/** Options of {@link analyzeSpf}. */
export interface SpfAnalyzeOptions {
  resolver: Resolver;
  signal?: AbortSignal;
  /** Parsed records shared across analyses and checks. */
  cache?: SpfCache;
  /** The limits receivers apply (defaults of RFC 7208 §4.6.4). */
  limits?: Pick<SpfLimits, "maxDnsLookups" | "maxVoidLookups" | "maxMxNames">;
  /** Most records expanded (default 200). */
  maxRecords?: number;
  /** Most DNS questions asked (default 2000). */
  maxQueries?: number;
  /** Also ask for the obsolete SPF (type 99) record of the domain (default true). */
  checkSpfType?: boolean;
}

/**
 * Analyses a domain's SPF tree. Never throws: DNS failures and broken records are part of the
 * result (node status, problems and findings).
 *
 * ```ts
 * const a = await analyzeSpf("contoso.example", { resolver });
 * a.lookups.count;         // DNS-querying terms for a host that matches nothing
 * a.networks.pass.ipv4;    // merged CIDR list
 * a.findings;              // errors first
 * ```
 */
export async function analyzeSpf(domain: string, options: SpfAnalyzeOptions): Promise<SpfAnalysis> {
  const limits = resolveLimits(options?.limits);
  const name = normalizeName(typeof domain === "string" ? domain.trim() : String(domain));
  const builder = new TreeBuilder({
    resolver: options.resolver,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.cache ? { cache: options.cache } : {}),
    maxNodes: Math.max(1, Math.min(options.maxRecords ?? 200, 2000)),
    maxQueries: Math.max(1, Math.min(options.maxQueries ?? 2000, 20_000)),
    maxMxNames: limits.maxMxNames,
  });
  const [root, spfType] = await Promise.all([
    builder.node(name, "root", []),
    options.checkSpfType === false ? undefined : builder.ask(name, "SPF"),
  ]);
  const counts = countTree(root, limits);
  const networks = computeNetworks(root);
  const spfTypeRecords = spfType?.status === "ok" && spfType.records.length > 0;
  return {
    domain: name,
    root,
    ...counts,
    networks,
    findings: findings(root, counts, spfTypeRecords),
    dns: builder.evidence,
  };
}
