/**
 * Every DNS fix is verified before it is shown (issue 13): a finding's proposed changes are applied
 * on an {@link OverlayResolver} over the audit's own cached resolver, and the audit runs again
 * there (every rule, whatever the selection). Only the changed names are asked again; the rest is
 * answered from the cache. A fix that leaves its finding, adds an error finding, or conflicts
 * (RFC 2181 §10.1) is marked unverified with the reason.
 */

import { OverlayResolver } from "../dns/overlay.ts";
import type { DnsChange } from "../dns/overlay-changes.ts";
import type { Resolver } from "../dns/types.ts";
import { listWords } from "../rules/define.ts";
import type { Finding, FixVerification } from "../rules/types.ts";

/** Most findings whose changes one audit verifies (each costs one audit over the cache). */
export const MAX_VERIFIED_FINDINGS = 50;

/** What identifies a finding across two runs over different DNS: rule, domain, path. */
export function findingKey(f: Pick<Finding, "ruleId" | "domain" | "path">): string {
  return `${f.ruleId}\u0000${f.domain.toLowerCase()}\u0000${f.path ?? ""}`;
}

/** "[rule] domain · path: message" in one line, for a reason. */
function describe(f: Finding): string {
  const where = [f.domain, f.path !== undefined ? `path ${f.path}` : ""].filter(Boolean).join(" · ");
  return `[${f.ruleId}] ${where}: ${f.message}`;
}

/**
 * Judges the findings of a re-audit over `changes`: `verified`, `unverified` (with the reason) or
 * `needs-manual-steps`. `before` is what every rule reported without the changes.
 */
export function judgeFix(finding: Finding, before: readonly Finding[], after: readonly Finding[]): FixVerification {
  const wasError = new Set(before.filter((f) => f.severity === "error").map(findingKey));
  const added = after.filter((f) => f.severity === "error" && !wasError.has(findingKey(f)));
  if (added.length > 0)
    return {
      status: "unverified",
      reason: `with these changes the audit reports a new error: ${listWords(added.slice(0, 3).map(describe))}${added.length > 3 ? ` (and ${added.length - 3} more)` : ""}`,
    };
  const still = after.find((f) => findingKey(f) === findingKey(finding));
  if (still === undefined) return { status: "verified" };
  if ((finding.manualSteps?.length ?? 0) > 0)
    return {
      status: "needs-manual-steps",
      reason: `the changes are consistent, but the finding remains until the manual steps are done: ${still.message}`,
    };
  return { status: "unverified", reason: `with these changes the audit still reports it: ${still.message}` };
}

/** How to audit again over other DNS (the changes the resolver overlays): the findings of every rule. */
export type Reaudit = (resolver: Resolver, changes: readonly DnsChange[]) => Promise<Finding[]>;

/**
 * Sets `verification` on every finding with changes (at most {@link MAX_VERIFIED_FINDINGS}; the
 * others are `unverified`, saying so). `below` is the audit's cached resolver; `before` the
 * findings of every rule without changes. One at a time: each re-audit is answered from the cache.
 */
export async function verifyFixes(
  findings: readonly Finding[],
  before: readonly Finding[],
  below: Resolver,
  reaudit: Reaudit,
  signal?: AbortSignal,
): Promise<void> {
  let verified = 0;
  // Findings that propose the same changes share one re-audit.
  const memo = new Map<string, Finding[] | string>();
  for (const finding of findings) {
    const changes = finding.changes;
    if (changes === undefined || changes.length === 0) continue;
    signal?.throwIfAborted();
    const key = JSON.stringify(changes);
    let outcome = memo.get(key);
    if (outcome === undefined) {
      if (verified >= MAX_VERIFIED_FINDINGS) {
        finding.verification = {
          status: "unverified",
          reason: `not checked: the audit verifies the changes of at most ${MAX_VERIFIED_FINDINGS} findings`,
        };
        continue;
      }
      verified++;
      outcome = await reauditOver(changes, below, reaudit);
      memo.set(key, outcome);
    }
    finding.verification =
      typeof outcome === "string" ? { status: "unverified", reason: outcome } : judgeFix(finding, before, outcome);
  }
}

/** The findings over the changes, or why the changes cannot be published (a conflict). */
async function reauditOver(changes: DnsChange[], below: Resolver, reaudit: Reaudit): Promise<Finding[] | string> {
  const conflicts = await OverlayResolver.conflicts(changes, below);
  if (conflicts.length > 0) {
    const unverified = conflicts.filter((c) => c.kind === "unverified");
    return unverified.length === conflicts.length
      ? `the zone could not be read to check the changes: ${listWords(unverified.map((c) => c.message))}`
      : `the changes cannot be published as they are: ${listWords(conflicts.filter((c) => c.kind !== "unverified").map((c) => c.message))}`;
  }
  return reaudit(new OverlayResolver(below, changes), changes);
}
