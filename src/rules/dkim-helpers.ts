/** What the DKIM key rules share: every (path, signature) with a key lookup, once per key name. */
import type { AuditFacts, PathFacts, SignatureFacts } from "../audit/facts.ts";
import type { DkimKeyLookup } from "../dkim/types.ts";
import type { Evidence } from "./types.ts";

export interface KeyUse {
  path: PathFacts;
  signature: SignatureFacts;
  lookup: DkimKeyLookup;
}

/** Whether a signature is Exchange Online's own selector pair (exchange-online-dkim-not-enabled reports those). */
export function isExchangeOnlineSelector(path: PathFacts, signature: SignatureFacts): boolean {
  return path.plan.via.kind === "provider" && path.plan.via.entry.id === "microsoft365" && /^selector[12]$/.test(signature.planned.selector) && signature.planned.domain === path.plan.fromDomain;
}

/** Each key name once (the first path that uses it), with its lookup. */
export function keyUses(facts: AuditFacts, options: { skipExchangeOnline?: boolean } = {}): KeyUse[] {
  const seen = new Set<string>();
  const uses: KeyUse[] = [];
  for (const path of facts.paths) {
    for (const signature of path.signatures) {
      if (signature.lookup === undefined || seen.has(signature.lookup.name)) continue;
      if (options.skipExchangeOnline === true && isExchangeOnlineSelector(path, signature)) continue;
      seen.add(signature.lookup.name);
      uses.push({ path, signature, lookup: signature.lookup });
    }
  }
  return uses;
}

export function keyEvidence(lookup: DkimKeyLookup): Evidence[] {
  return lookup.evidence.map((e) => ({ ...e, records: [...e.records], cnameChain: [...e.cnameChain] }));
}
