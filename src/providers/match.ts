/**
 * Which providers a domain uses, from what DNS shows: the domains its SPF record includes, the
 * targets of its CNAMEs (DKIM selectors, bounce domains) and its MX hosts. Used by a zero-
 * configuration `check <domain>` that has no organisation description.
 */
import { type NameMatcher, templateMatcher } from "./template.ts";
import type { ProviderCatalog, ProviderEntry } from "./types.ts";

/** What was found in DNS. */
export interface ProviderEvidenceInput {
  /** Domains named by `include:` (or `a:`) terms of the SPF record, at any depth. */
  spfIncludes?: readonly string[];
  /** Targets of CNAME records (for example of `selector1._domainkey.<domain>`). */
  cnameTargets?: readonly string[];
  /** MX hosts of the domain. */
  mxHosts?: readonly string[];
}

/** One piece of evidence: what was seen and the catalog pattern it matched. */
export interface ProviderEvidence {
  kind: "spf-include" | "cname-target" | "mx-host";
  value: string;
  pattern: string;
}

/** A provider the evidence points to. */
export interface ProviderMatch {
  id: string;
  name: string;
  evidence: ProviderEvidence[];
}

const KINDS = [
  { input: "spfIncludes", detect: "spfIncludes", kind: "spf-include" },
  { input: "cnameTargets", detect: "cnameTargets", kind: "cname-target" },
  { input: "mxHosts", detect: "mxHosts", kind: "mx-host" },
] as const;

/** At most this many names of each kind are compared (bounded work on hostile input). */
const MAX_NAMES = 1000;

const matcherCache = new WeakMap<ProviderEntry, Map<string, NameMatcher>>();

function suffixMatcher(entry: ProviderEntry, pattern: string): NameMatcher {
  let cache = matcherCache.get(entry);
  if (cache === undefined) {
    cache = new Map();
    matcherCache.set(entry, cache);
  }
  let matcher = cache.get(pattern);
  if (matcher === undefined) {
    matcher = templateMatcher(pattern, {}, { suffix: true });
    cache.set(pattern, matcher);
  }
  return matcher;
}

/**
 * The catalog entries the evidence matches, in catalog order, each with every piece of evidence
 * that matched it (a name is compared with each `detect` pattern as a suffix, case-insensitively).
 */
export function identifyProviders(catalog: ProviderCatalog, found: ProviderEvidenceInput): ProviderMatch[] {
  const matches: ProviderMatch[] = [];
  for (const entry of catalog.entries) {
    const evidence: ProviderEvidence[] = [];
    for (const { input, detect, kind } of KINDS) {
      const names = (found[input] ?? []).slice(0, MAX_NAMES);
      for (const value of names) {
        if (typeof value !== "string") continue;
        const pattern = entry.detect[detect].find((p) => suffixMatcher(entry, p)(value) !== null);
        if (pattern !== undefined) evidence.push({ kind, value, pattern });
      }
    }
    if (evidence.length > 0) matches.push({ id: entry.id, name: entry.name, evidence });
  }
  return matches;
}
