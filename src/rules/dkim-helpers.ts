/** What the DKIM key rules share: every (path, signature) with a key lookup, once per key name. */

import type { DkimKeyLookup } from "../dkim/types.ts";
import type { DnsEvidence } from "../dns/evidence.ts";
import type { SignatureFacts } from "../facts/types.ts";
import type { AuditFacts, PathFacts } from "../verdicts/types.ts";
import { describePath } from "./path-helpers.ts";

export interface KeyUse {
  /** The path that signs with the key (absent for a key found by discovery in a check). */
  path?: PathFacts;
  domain: string;
  selector: string;
  lookup: DkimKeyLookup;
}

/** Whether a signature is Exchange Online's own selector pair (exchange-online-dkim-not-enabled reports those). */
export function isExchangeOnlineSelector(path: PathFacts, signature: SignatureFacts): boolean {
  return (
    path.plan.via.kind === "provider" &&
    path.plan.via.entry.id === "microsoft365" &&
    /^selector[12]$/.test(signature.planned.selector) &&
    signature.planned.domain === path.plan.fromDomain
  );
}

/** Each key name once (the first path that uses it, or as discovery found it), with its lookup. */
export function keyUses(facts: AuditFacts, options: { skipExchangeOnline?: boolean } = {}): KeyUse[] {
  const seen = new Set<string>();
  const uses: KeyUse[] = [];
  for (const path of facts.paths) {
    for (const signature of path.signatures) {
      if (signature.lookup === undefined || seen.has(signature.lookup.name)) continue;
      if (options.skipExchangeOnline === true && isExchangeOnlineSelector(path, signature)) continue;
      seen.add(signature.lookup.name);
      uses.push({
        path,
        domain: signature.planned.domain,
        selector: signature.planned.selector,
        lookup: signature.lookup,
      });
    }
  }
  for (const key of facts.discovered?.keys ?? []) {
    if (seen.has(key.lookup.name)) continue;
    seen.add(key.lookup.name);
    uses.push({ domain: key.domain, selector: key.selector, lookup: key.lookup });
  }
  return uses;
}

/** " (used by path x ...)" or "" for a key discovery found. */
export function usedBy(use: KeyUse): string {
  return use.path === undefined ? "" : ` (used by ${describePath(use.path)})`;
}

export function keyEvidence(lookup: DkimKeyLookup): DnsEvidence[] {
  return lookup.evidence.map((e) => ({
    ...e,
    records: [...e.records],
    ...(e.cnameChain !== undefined ? { cnameChain: [...e.cnameChain] } : {}),
  }));
}
