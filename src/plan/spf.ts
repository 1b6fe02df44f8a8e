/**
 * One SPF record per domain for a plan (issue 13 §3): the terms every described path that uses
 * the domain needs, address terms first, no term twice, and within the limits of RFC 7208 §4.6.4
 * (10 DNS-querying terms, 2 void lookups) as a receiver counts them: `analyzeSpf` counts each
 * candidate over an overlay of it. Over the limits, the plan first removes DNS-querying terms that
 * authorise no described path (each named with its cost and why), then, with `flatten`, replaces a
 * provider's include by its addresses, then moves a provider to its own MAIL FROM subdomain where
 * the catalog says it supports one.
 */
import { OverlayResolver } from "../dns/overlay.ts";
import type { Resolver } from "../dns/types.ts";
import type { DomainFacts } from "../facts/types.ts";
import { code, spfChange } from "../rules/fix-text.ts";
import type { SpfAnalysis, SpfTreeNode } from "../spf/analysis-types.ts";
import { analyzeSpf } from "../spf/analyze.ts";
import { SpfCache } from "../spf/cache.ts";
import { checkHost } from "../spf/check-host.ts";
import type { PathFacts } from "../verdicts/types.ts";
import { render, type SpfDraft, without } from "./spf-draft.ts";

/** Most rounds of removing, flattening or moving for one record (each round changes one term). */
export const MAX_ROUNDS = 32;

/** Where a candidate record is tried: the resolver below the plan's other changes, and the clock. */
export interface Trial {
  below: Resolver;
  now: Date;
  signal?: AbortSignal;
}

/** A candidate record over the zone: its analysis and each described (path, address) SPF result. */
export interface Tried {
  record: string;
  analysis: SpfAnalysis;
  /**
   * `path id ip` → check_host() result with the lookup limits lifted (unless tried `strict`): which
   * addresses the record's terms authorise, wherever they sit (whether a receiver reaches them is
   * the analysis' part).
   */
  results: Map<string, string>;
}

/** Limits lifted (to the evaluator's ceilings) to ask what a term authorises, not whether it is reached. */
const LIFTED = { maxDnsLookups: 100, maxVoidLookups: 100, maxMxNames: 100 } as const;

/** The (path, address) pairs whose SPF depends on `domain`'s record. */
export function envelopeAddresses(paths: readonly PathFacts[], domain: string): { path: PathFacts; ip: string }[] {
  return paths
    .filter((p) => p.plan.mailFrom.domain === domain && p.plan.mailFrom.source !== "provider-default")
    .flatMap((path) => path.egress.ips.map((ip) => ({ path, ip })));
}

/** Analyses `record` as `domain`'s SPF record over the trial's zone, and checks each address with check_host(). */
export async function tryRecord(
  domain: DomainFacts,
  record: string,
  addresses: readonly { path: PathFacts; ip: string }[],
  trial: Trial,
  /** Check the addresses with the receiver's limits, not lifted ones. */
  strict = false,
): Promise<Tried> {
  const overlay = new OverlayResolver(trial.below, [spfChange(domain.domain, domain.spf.answer, record)]);
  const options = trial.signal ? { signal: trial.signal } : {};
  const cache = new SpfCache();
  const [analysis, checks] = await Promise.all([
    analyzeSpf(domain.domain, { resolver: overlay, cache, checkSpfType: false, ...options }),
    Promise.all(
      addresses.map(async ({ path, ip }) => {
        const helo = path.plan.via.kind === "smart-host" ? path.plan.via.hostname : domain.domain;
        const check = await checkHost(
          { ip, domain: domain.domain, sender: `postmaster@${domain.domain}`, helo },
          {
            resolver: overlay,
            cache,
            ...(strict ? {} : { limits: LIFTED }),
            now: () => trial.now.getTime(),
            ...options,
          },
        );
        return [`${path.plan.pathId} ${ip}`, check.result] as const;
      }),
    ),
  ]);
  return { record, analysis, results: new Map(checks) };
}

/** Whether a candidate is within the receiver's limits (lookups and void lookups, per client family). */
export function withinLimits(a: SpfAnalysis): boolean {
  return !a.lookups.exceeded && !a.voidLookups.exceeded && a.mx.every((m) => !m.exceeded);
}

/**
 * Whether a receiver gets no permerror from the record for any client: within the limits, and no
 * definite error (an include of a domain without SPF, a loop...). A failed lookup is not a definite
 * error: it is unknown, and the plan never decides on it.
 */
export function healthy(a: SpfAnalysis): boolean {
  return withinLimits(a) && !a.findings.some((f) => f.severity === "error" && f.code !== "dns-error");
}

/** The top-level terms a definite error comes from (an error deeper in an include is the include's), with the error. */
export function brokenTerms(a: SpfAnalysis): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of a.findings) {
    if (f.severity !== "error" || f.code === "dns-error" || f.code === "lookup-limit" || f.code === "void-lookup-limit")
      continue;
    const below = f.path[1];
    const term =
      f.path.length <= 1
        ? f.term
        : a.root.terms.find((t) => t.target === below && (t.term.kind === "mechanism" || t.term.name === "redirect"))
            ?.term.text;
    if (term !== undefined && !out.has(term)) out.set(term, f.message);
  }
  return out;
}

/** Lookups a top-level term costs (itself and everything below it) and the void lookups it makes. */
export function termCost(node: SpfTreeNode, text: string): { lookups: number; voids: number } {
  const total = (n: SpfTreeNode): { lookups: number; voids: number } =>
    n.terms.reduce(
      (sum, t) => {
        const below = t.child ? total(t.child) : { lookups: 0, voids: 0 };
        return {
          lookups: sum.lookups + (t.countsLookup && t.reachable ? 1 : 0) + below.lookups,
          voids: sum.voids + Math.max(t.voidLookups?.ipv4 ?? 0, t.voidLookups?.ipv6 ?? 0) + below.voids,
        };
      },
      { lookups: 0, voids: 0 },
    );
  const term = node.terms.find((t) => t.term.text === text);
  if (term === undefined) return { lookups: 0, voids: 0 };
  const below = term.child ? total(term.child) : { lookups: 0, voids: 0 };
  return {
    lookups: (term.countsLookup ? 1 : 0) + below.lookups,
    voids: Math.max(term.voidLookups?.ipv4 ?? 0, term.voidLookups?.ipv6 ?? 0) + below.voids,
  };
}

/** The addresses that pass in `tried` and fail in `other`. */
function lost(tried: Tried, other: Tried): string[] {
  return [...tried.results].filter(([k, r]) => r === "pass" && other.results.get(k) !== "pass").map(([k]) => k);
}

/** "1 lookup", "4 lookups". */
export function lookupsText(n: number): string {
  return `${n} DNS lookup${n === 1 ? "" : "s"}`;
}

/**
 * Removes, one at a time and the costliest first, the DNS-querying terms no described path needs
 * (every address that passes still passes without it), until the record is within the limits.
 * Returns the draft and a note per removed term.
 */
export async function removeUnused(
  domain: DomainFacts,
  start: SpfDraft,
  addresses: readonly { path: PathFacts; ip: string }[],
  trial: Trial,
): Promise<{ draft: SpfDraft; tried: Tried; notes: string[] }> {
  let draft = start;
  let tried = await tryRecord(domain, render(draft), addresses, trial);
  const notes: string[] = [];
  for (let round = 0; round < MAX_ROUNDS && !healthy(tried.analysis); round++) {
    const voidsOver = tried.analysis.voidLookups.exceeded;
    const broken = brokenTerms(tried.analysis);
    const candidates = draft.lookups
      .filter((t) => !t.needed)
      .map((t) => ({ term: t, cost: termCost(tried.analysis.root, t.text), error: broken.get(t.text) }))
      .sort(
        (a, b) =>
          Number(b.error !== undefined) - Number(a.error !== undefined) ||
          (voidsOver ? b.cost.voids - a.cost.voids : 0) ||
          b.cost.lookups - a.cost.lookups,
      );
    // Only what makes the record unhealthy is worth removing: with the limits met, only broken terms.
    const worth = withinLimits(tried.analysis) ? candidates.filter((c) => c.error !== undefined) : candidates;
    let removed = false;
    for (const { term, cost, error } of worth) {
      const next = without(draft, term.text);
      const nextTried = await tryRecord(domain, render(next), addresses, trial);
      if (lost(tried, nextTried).length > 0) {
        term.needed = true; // a described path passes through it
        continue;
      }
      const why =
        addresses.length === 0
          ? `no described path uses ${domain.domain} as its MAIL FROM domain`
          : `every described path that uses ${domain.domain} as its MAIL FROM domain passes without it`;
      notes.push(
        `removed ${code(term.text)} (${lookupsText(cost.lookups)}${cost.voids > 0 ? `, ${cost.voids} void` : ""}): ${error !== undefined ? `it gives receivers a permanent error (${error}), and ` : ""}it authorises no described path (${why}); if something undescribed sends through it, describe that path instead`,
      );
      draft = next;
      tried = nextTried;
      removed = true;
      break;
    }
    if (!removed) break;
  }
  return { draft, tried, notes };
}

/** Whether a tree has an `exists` term: it authorises by a name's existence, which no address list can copy. */
function usesExists(node: SpfTreeNode, depth = 0): boolean {
  if (depth > 20) return true;
  return node.terms.some(
    (t) =>
      (t.term.kind === "mechanism" && t.term.mechanism === "exists") ||
      (t.child !== undefined && usesExists(t.child, depth + 1)),
  );
}

/** The smallest TTL among the answers an analysis used: how long a flattened copy may be trusted. */
export function minTtl(a: SpfAnalysis): number {
  const ttls = a.dns.flatMap((e) => (e.status === "ok" && e.ttl !== undefined ? [e.ttl] : []));
  return ttls.length > 0 ? Math.min(...ttls) : 0;
}

/**
 * Replaces needed includes by the addresses they publish, the costliest first, until the record is
 * within the limits (only includes whose tree is static: no macros, no `ptr`, no `exists`).
 */
export async function flatten(
  domain: DomainFacts,
  start: SpfDraft,
  addresses: readonly { path: PathFacts; ip: string }[],
  trial: Trial,
): Promise<{ draft: SpfDraft; tried: Tried; notes: string[] }> {
  let draft = start;
  let tried = await tryRecord(domain, render(draft), addresses, trial);
  const notes: string[] = [];
  const options = trial.signal ? { signal: trial.signal } : {};
  for (let round = 0; round < MAX_ROUNDS && !withinLimits(tried.analysis); round++) {
    const includes = draft.lookups
      .filter((t) => /^\+?include:/i.test(t.text))
      .map((t) => ({ term: t, cost: termCost(tried.analysis.root, t.text) }))
      .sort((a, b) => b.cost.lookups - a.cost.lookups);
    let done = false;
    for (const { term, cost } of includes) {
      const target = term.text.replace(/^\+?include:/i, "");
      const a = await analyzeSpf(target, { resolver: trial.below, checkSpfType: false, ...options });
      const nets = [...a.networks.pass.ipv4.map((n) => `ip4:${n}`), ...a.networks.pass.ipv6.map((n) => `ip6:${n}`)];
      if (a.dynamic.length > 0 || usesExists(a.root) || a.root.status !== "ok" || nets.length === 0 || nets.length > 64)
        continue;
      const next: SpfDraft = {
        ...draft,
        ips: [
          ...draft.ips,
          ...nets.filter((n) => !draft.ips.some((t) => t.text === n)).map((text) => ({ text, needed: true })),
        ],
        lookups: draft.lookups.filter((t) => t !== term),
      };
      const nextTried = await tryRecord(domain, render(next), addresses, trial);
      if (lost(tried, nextTried).length > 0) continue;
      notes.push(
        `flattened ${code(term.text)} (${lookupsText(cost.lookups)}) into ${nets.length} address term${nets.length === 1 ? "" : "s"} (--flatten): ${target} publishes them with a TTL of ${minTtl(a)} s, and the provider may change its addresses at any time; when it does, mail from the new ones fails SPF until this record is updated. Check ${code(target)} at least that often, or move the provider to its own MAIL FROM domain.`,
      );
      draft = next;
      tried = nextTried;
      done = true;
      break;
    }
    if (!done) break;
  }
  return { draft, tried, notes };
}
