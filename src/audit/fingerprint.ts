/**
 * Finding fingerprints: a stable identity for a finding across runs, from what it is about (the
 * rule, the domain, the path, and the names its evidence asks about), never from its wording or
 * from answers that change (TTLs, record order). Baselines and SARIF `partialFingerprints` use it.
 */
import { createHash } from "node:crypto";
import { type Evidence, isDnsEvidence } from "../facts/evidence.ts";
import type { Finding } from "../rules/types.ts";

/** The version of the scheme: a new scheme gets a new number (and a new SARIF key). */
export const FINGERPRINT_VERSION = 2;

/** The name a piece of evidence is about: a DNS name (lower case, no final dot), or where an observation was made. */
function evidenceName(e: Evidence): string {
  return isDnsEvidence(e)
    ? `${e.name.toLowerCase().replace(/\.$/, "")} ${e.type.toUpperCase()}`
    : `${e.kind} ${e.source}`;
}

/** What identifies a finding, before counting repeats: rule, domain, path and the evidence's names. */
export function fingerprintKey(f: Pick<Finding, "ruleId" | "domain" | "path" | "evidence">): string {
  const names = [...new Set(f.evidence.map(evidenceName))].sort();
  return [f.ruleId, f.domain.toLowerCase(), f.path ?? "", names.join("\u0001")].join("\u0000");
}

/**
 * Sets `fingerprint` on each finding: a SHA-256 (hex, 32 characters) of its key and of how many
 * findings before it in the list share the key, so that two findings never share a fingerprint.
 */
export function fingerprintFindings(findings: Finding[]): void {
  const seen = new Map<string, number>();
  for (const f of findings) {
    const key = fingerprintKey(f);
    const occurrence = (seen.get(key) ?? 0) + 1;
    seen.set(key, occurrence);
    f.fingerprint = createHash("sha256")
      .update(`v${FINGERPRINT_VERSION}\u0000${key}\u0000${occurrence}`)
      .digest("hex")
      .slice(0, 32);
  }
}
