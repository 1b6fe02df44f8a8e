/** Shared pieces of the path rules: describing a path, and its evidence. */

import type { DmarcDiscovery, DmarcLookup } from "../dmarc/results.ts";
import type { DnsEvidence } from "../dns/evidence.ts";
import { evidenceFrom } from "../dns/evidence.ts";
import type { SpfCheckResult } from "../spf/types.ts";
import type { AuditFacts, PathFacts } from "../verdicts/types.ts";

/** "path newsletters (SendGrid) from news.contoso.example". */
export function describePath(path: PathFacts): string {
  const via = path.plan.via;
  const how =
    via.kind === "provider"
      ? ` (${via.entry.name})`
      : via.kind === "smart-host"
        ? ` (smart host ${via.smartHostId})`
        : " (direct)";
  return `path ${path.plan.pathId}${how} from ${path.plan.fromDomain}`;
}

/** The DNS questions a check_host() evaluation asked, as evidence (deduplicated, in order). */
export function spfTraceEvidence(check: SpfCheckResult | undefined, note?: string): DnsEvidence[] {
  if (check === undefined) return [];
  const seen = new Set<string>();
  const out: DnsEvidence[] = [];
  for (const step of check.trace) {
    if (step.step !== "dns") continue;
    const key = `${step.name}|${step.type}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(evidenceFrom({ ...step, detail: step.note }));
  }
  if (note !== undefined && out[0] !== undefined) out[0] = { ...out[0], note };
  return out;
}

/** The DMARC record that applies (or, without one, every `_dmarc` question asked), as evidence. */
export function dmarcEvidence(discovery: DmarcDiscovery): DnsEvidence[] {
  const applied = discovery.lookups.filter((l) => l.name === discovery.recordName);
  return (applied.length > 0 ? applied : discovery.lookups).map((l) => dmarcLookupEvidence(l));
}

/** The domain facts of a name, when the audit gathered them. */
export function domainFacts(facts: AuditFacts, domain: string) {
  return facts.domains.find((d) => d.domain === domain);
}

/** The SPF record a domain publishes, in words. */
export function spfRecordText(facts: AuditFacts, domain: string): string | undefined {
  const d = domainFacts(facts, domain);
  return d?.spf.selection.status === "found" ? d.spf.selection.record : undefined;
}

/** One `_dmarc` question and its answer, as evidence. */
export function dmarcLookupEvidence(lookup: DmarcLookup, note?: string): DnsEvidence {
  const e: DnsEvidence = {
    name: lookup.name,
    type: "TXT",
    status: lookup.status,
    records: [...lookup.txt],
    ttl: lookup.ttl,
  };
  if (lookup.cnameChain.length > 0) e.cnameChain = [...lookup.cnameChain];
  const why = note ?? lookup.detail;
  if (why !== undefined) e.note = why;
  return e;
}
