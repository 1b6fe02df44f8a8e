/** What the DKIM key rules share: every (path, signature) with a key lookup, once per key name. */

import type { DkimKeyLookup } from "../dkim/types.ts";
import type { DnsEvidence } from "../dns/evidence.ts";
import type { DnsChange } from "../dns/overlay-changes.ts";
import type { SignatureFacts } from "../facts/types.ts";
import type { AuditFacts, PathFacts } from "../verdicts/types.ts";
import { code } from "./fix-text.ts";
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

/** The planned signature of a key use (what the catalog says of its selector), when a path uses it. */
export function plannedOf(use: KeyUse): SignatureFacts["planned"] | undefined {
  return use.path?.signatures.find((s) => s.lookup?.name === use.lookup.name)?.planned;
}

/** The CNAME target the catalog documents for a signature, when it needs nothing only the provider knows. */
export function catalogTarget(use: KeyUse): string | undefined {
  const planned = plannedOf(use);
  if (planned === undefined || planned.record === "txt") return undefined;
  return planned.targets?.find((t) => !/[{}]/.test(t));
}

/**
 * The changes that publish `target` as the selector's CNAME: a TXT record at the name goes (a
 * CNAME cannot sit beside other data, RFC 2181 §10.1).
 */
export function cnameChanges(use: KeyUse, target: string): DnsChange[] {
  const changes: DnsChange[] = [{ name: use.lookup.name, type: "CNAME", records: [target] }];
  const txtHere = use.lookup.evidence.some(
    (e) => e.name === use.lookup.name && e.type === "TXT" && e.status === "ok" && (e.cnameChain ?? []).length === 0,
  );
  if (txtHere) changes.push({ name: use.lookup.name, type: "TXT", records: [] });
  return changes;
}

/** The manual step that publishes a key the audit cannot write: who signs, and where the key goes. */
export function publishKeyStep(use: KeyUse): string {
  const via = use.path?.plan.via;
  const signer =
    via === undefined
      ? "the system that signs with it"
      : via.kind === "provider"
        ? `${via.entry.name} (its DKIM set-up shows the record)`
        : via.kind === "smart-host"
          ? `the smart host ${via.smartHostId} (${via.hostname}), which signs this path`
          : "the server that signs this path";
  return `Publish the public key of selector ${code(use.selector)} for ${code(use.domain)} as a TXT record at ${code(use.lookup.name)} (${code("v=DKIM1; k=rsa; p=…")}), exactly as ${signer} gives it.`;
}
