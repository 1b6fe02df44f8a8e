/** What the DMARC rules share: each applicable record once, with the domains it covers. */

import type { DmarcDiscovery } from "../dmarc/results.ts";
import type { DomainFacts } from "../facts/types.ts";
import type { AuditFacts } from "../verdicts/types.ts";

export interface AppliedRecord {
  /** The domain whose record it is (the DMARC Policy Domain). */
  policyDomain: string;
  discovery: DmarcDiscovery;
  /** The organisation's sending domains it applies to. */
  covers: DomainFacts[];
}

/** Every DMARC record that applies to one of the organisation's domains, once. */
export function appliedRecords(facts: AuditFacts, options: { sendingOnly?: boolean } = {}): AppliedRecord[] {
  const byName = new Map<string, AppliedRecord>();
  for (const domain of facts.domains) {
    const d = domain.dmarc;
    if (d === undefined || d.record === undefined || d.recordName === undefined) continue;
    if (options.sendingOnly === true && !domain.sends) continue;
    const existing = byName.get(d.recordName);
    if (existing !== undefined) existing.covers.push(domain);
    else byName.set(d.recordName, { policyDomain: d.policyDomain ?? domain.domain, discovery: d, covers: [domain] });
  }
  return [...byName.values()];
}

export function coversText(record: AppliedRecord): string {
  const names = record.covers.map((c) => c.domain).filter((d) => d !== record.policyDomain);
  return names.length === 0 ? "" : ` (it also applies to ${names.join(", ")})`;
}
