/**
 * Selector discovery. Selectors cannot be listed from DNS, so this asks for the names providers
 * and common software use (plus the user's and the catalog's), concurrently, each name once, and
 * reports which exist and where their CNAMEs point. An NXDOMAIN at `_domainkey.<domain>` means no
 * name exists below it (RFC 8020 §2), so guessing stops there.
 */
import { joinTxt, resolveSafely } from "../dns/answer.ts";
import { type DnsEvidence, evidenceOf } from "../dns/evidence.ts";
import type { DnsStatus, Resolver } from "../dns/types.ts";
import { dkimDiagnostic } from "./diagnostics.ts";
import { dkimKeyName } from "./key-name.ts";
import { keyLookupFromAnswer } from "./lookup.ts";
import { COMMON_SELECTORS, datedSelectors, PROVIDER_SELECTORS } from "./selectors.ts";
import type { DkimDiagnostic, DkimKeyLookup } from "./types.ts";

/** Options of {@link discoverSelectors}. */
export interface DiscoverSelectorsOptions {
  resolver: Resolver;
  /** The user's own selectors: always asked, even past an NXDOMAIN at `_domainkey`. */
  selectors?: readonly string[];
  /** Extra candidates, e.g. from the provider catalog. */
  candidates?: readonly { selector: string; provider?: string }[];
  /** Maps a CNAME target to a provider id (the catalog); the built-in table is the fallback. */
  providerOf?: (cnameTarget: string) => string | undefined;
  signal?: AbortSignal;
  /** Try the built-in list (providers, common names, dated forms). Default true. */
  builtin?: boolean;
  /** The clock for dated selectors. Default: now. */
  now?: Date;
  /** How many years of dated selectors (`2025`, `202501`, `202507`) to try. Default 3, at most 10. */
  datedYears?: number;
  /** Questions in flight at once. Default 16. */
  concurrency?: number;
  /** Most candidate selectors asked (the user's first). Default 200. */
  maxCandidates?: number;
}

/** Where a candidate came from. */
export type SelectorOrigin = "user" | "catalog" | "builtin";

/** A selector that was asked. */
export interface DiscoveredSelector {
  selector: string;
  origins: SelectorOrigin[];
  /** The provider the candidate lists associate with this selector name, if any. */
  expectedProvider: string | null;
  /** The provider the CNAME target belongs to, if the selector is a CNAME to a known provider. */
  provider: string | null;
  /** True when the answer is the same as for a name that cannot exist (a wildcard made it up). */
  wildcard: boolean;
  lookup: DkimKeyLookup;
}

/** The result of {@link discoverSelectors}. */
export interface SelectorDiscovery {
  domain: string;
  /** False when some question failed or was not asked because of an abort: absence is then not proven. */
  complete: boolean;
  /** The `_domainkey.<domain>` probe: `nxdomain` means nothing exists below it. */
  domainkey: { status: DnsStatus; evidence: DnsEvidence };
  /** A wildcard answers under `_domainkey` (a made-up selector name got records). */
  wildcard: boolean;
  /** Selectors where something exists: a key, a revoked or broken record, a dangling CNAME... */
  found: DiscoveredSelector[];
  /** Selectors whose question failed (temperror). */
  failed: DiscoveredSelector[];
  /** Selectors asked that do not exist. */
  notFound: string[];
  /** Candidates not asked (NXDOMAIN at `_domainkey`, abort, or over `maxCandidates`). */
  skipped: string[];
  /** User or catalog selectors that cannot be DNS labels. */
  invalid: { selector: string; reason: string }[];
  /** Questions asked. */
  queries: number;
  diagnostics: DkimDiagnostic[];
}

interface Candidate {
  selector: string;
  origins: SelectorOrigin[];
  expectedProvider: string | null;
}

/** A label no one publishes, to see whether a wildcard answers under `_domainkey`. */
export const WILDCARD_PROBE_SELECTOR = "_eaa-wildcard-probe";

function collectCandidates(options: DiscoverSelectorsOptions): {
  list: Candidate[];
  invalid: { selector: string; reason: string }[];
} {
  const byName = new Map<string, Candidate>();
  const invalid: { selector: string; reason: string }[] = [];
  const add = (selector: unknown, origin: SelectorOrigin, provider?: string): void => {
    if (typeof selector !== "string") return;
    const keyName = dkimKeyName(selector, "example.invalid");
    if (!keyName.ok) {
      if (origin !== "builtin") invalid.push({ selector, reason: keyName.diagnostic.message });
      return;
    }
    const existing = byName.get(keyName.selector);
    if (existing === undefined) {
      byName.set(keyName.selector, {
        selector: keyName.selector,
        origins: [origin],
        expectedProvider: provider ?? null,
      });
      return;
    }
    if (!existing.origins.includes(origin)) existing.origins.push(origin);
    if (existing.expectedProvider === null && provider !== undefined) existing.expectedProvider = provider;
  };
  for (const selector of options.selectors ?? []) add(selector, "user");
  for (const candidate of options.candidates ?? []) add(candidate?.selector, "catalog", candidate?.provider);
  if (options.builtin !== false) {
    const dated = datedSelectors(options.now ?? new Date(), options.datedYears ?? 3);
    for (const candidate of [...PROVIDER_SELECTORS, ...COMMON_SELECTORS, ...dated])
      add(candidate.selector, "builtin", candidate.provider);
  }
  return { list: [...byName.values()], invalid };
}

/** Runs `work` over `items` with at most `limit` in flight; stops starting new work once `stop()` is true. */
async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  stop: () => boolean,
  work: (item: T) => Promise<R>,
): Promise<(R | undefined)[]> {
  const results: (R | undefined)[] = new Array<R | undefined>(items.length).fill(undefined);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length && !stop()) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

function sameRecords(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((record, i) => record === b[i]);
}

/**
 * Looks for DKIM selectors at `domain`: the user's selectors, the catalog's candidates and a
 * documented built-in list (`src/dkim/selectors.ts`). Each name is asked once, concurrently. Never
 * throws; DNS failures land in `failed` and make `complete` false.
 */
export async function discoverSelectors(domain: string, options: DiscoverSelectorsOptions): Promise<SelectorDiscovery> {
  const { list, invalid } = collectCandidates(options);
  const domainName = dkimKeyName(WILDCARD_PROBE_SELECTOR, domain);
  const base = { found: [], failed: [], notFound: [], skipped: [], invalid, queries: 0, wildcard: false };
  if (!domainName.ok) {
    const evidence: DnsEvidence = {
      name: `_domainkey.${domain}`,
      type: "TXT",
      status: "error",
      records: [],
      note: domainName.diagnostic.message,
    };
    return {
      ...base,
      domain,
      complete: false,
      domainkey: { status: "error", evidence },
      skipped: list.map((c) => c.selector),
      diagnostics: [domainName.diagnostic],
    };
  }
  const dom = domainName.domain;
  const signal = options.signal;
  let queries = 2;
  const [apex, probe] = await Promise.all([
    resolveSafely(options.resolver, `_domainkey.${dom}`, "TXT", { signal }),
    resolveSafely(options.resolver, domainName.name, "TXT", { signal }),
  ]);
  const diagnostics: DkimDiagnostic[] = [];
  const cut = apex.status === "nxdomain" && apex.cnameChain.length === 0;
  if (cut)
    diagnostics.push(
      dkimDiagnostic("domainkey-nxdomain", `_domainkey.${dom} does not exist, so only the user's selectors were asked`),
    );
  const probeRecords = probe.records.map((strings) => joinTxt(strings));
  const wildcard = probe.status === "ok";
  if (wildcard)
    diagnostics.push(
      dkimDiagnostic("wildcard-selectors", `${probe.name} answered TXT, so a wildcard answers every selector name`),
    );

  const maxCandidates = Math.max(0, options.maxCandidates ?? 200);
  const toAsk = list.filter((c) => !cut || c.origins.includes("user")).slice(0, maxCandidates);
  const asked = new Set(toAsk.map((c) => c.selector));
  const lookups = await mapLimit(
    toAsk,
    Math.max(1, options.concurrency ?? 16),
    () => signal?.aborted === true,
    async (candidate) => {
      const keyName = dkimKeyName(candidate.selector, dom);
      if (!keyName.ok) return undefined;
      queries++;
      const answer = await resolveSafely(options.resolver, keyName.name, "TXT", { signal });
      return keyLookupFromAnswer(keyName.selector, keyName.domain, answer, keyName.warnings, options.providerOf);
    },
  );

  const found: DiscoveredSelector[] = [];
  const failed: DiscoveredSelector[] = [];
  const notFound: string[] = [];
  const skipped = list.filter((c) => !asked.has(c.selector)).map((c) => c.selector);
  toAsk.forEach((candidate, index) => {
    const lookup = lookups[index];
    if (lookup === undefined) {
      skipped.push(candidate.selector);
      return;
    }
    const entry: DiscoveredSelector = {
      selector: candidate.selector,
      origins: candidate.origins,
      expectedProvider: candidate.expectedProvider,
      provider: lookup.cname?.provider ?? null,
      wildcard: wildcard && lookup.cname === null && sameRecords(lookup.evidence[0]?.records ?? [], probeRecords),
      lookup,
    };
    if (lookup.status === "missing") notFound.push(candidate.selector);
    else if (lookup.status === "temperror") failed.push(entry);
    else found.push(entry);
  });
  if (cut && found.length > 0) {
    diagnostics.push(
      dkimDiagnostic(
        "nxdomain-cut-violated",
        `_domainkey.${dom} answered NXDOMAIN, yet ${found.map((f) => f.selector).join(", ")} exist below it`,
      ),
    );
  }
  // Candidates left out by the NXDOMAIN cut are proven absent; any other unasked candidate is not.
  const eligible = list.filter((c) => !cut || c.origins.includes("user")).length;
  const unasked = toAsk.some((_, index) => lookups[index] === undefined) || eligible > toAsk.length;
  const complete = failed.length === 0 && !unasked;
  return {
    domain: dom,
    complete,
    domainkey: { status: apex.status, evidence: evidenceOf(apex) },
    wildcard,
    found,
    failed,
    notFound,
    skipped,
    invalid,
    queries,
    diagnostics,
  };
}
