/** What the SPF rules share: the analysis findings of each audited domain, with their evidence. */

import type { Severity } from "../common/severity.ts";
import type { DnsEvidence } from "../dns/evidence.ts";
import { evidenceFrom } from "../dns/evidence.ts";
import type { DomainFacts } from "../facts/types.ts";
import type { SpfFinding } from "../spf/analysis-types.ts";
import type { AuditFacts } from "../verdicts/types.ts";
import { type AuditRule, defineRule } from "./define.ts";
import type { RuleMeta } from "./types.ts";

/** The TXT answers of the domains on a finding's path (root to the domain concerned). */
export function pathEvidence(domain: DomainFacts, finding: SpfFinding): DnsEvidence[] {
  const names = new Set(finding.path.length > 0 ? finding.path : [finding.domain]);
  return domain.spf.analysis.dns.filter((e) => e.type === "TXT" && names.has(e.name)).map((e) => evidenceFrom(e));
}

/** Each (audited domain, analysis finding with one of `codes`) once. */
export function spfFindings(
  facts: AuditFacts,
  codes: readonly string[],
): { domain: DomainFacts; finding: SpfFinding }[] {
  const out: { domain: DomainFacts; finding: SpfFinding }[] = [];
  for (const domain of facts.domains) {
    const seen = new Set<string>();
    for (const finding of domain.spf.analysis.findings) {
      if (!codes.includes(finding.code)) continue;
      const key = `${finding.code}|${finding.domain}|${finding.term ?? ""}|${finding.position ?? ""}|${finding.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ domain, finding });
    }
  }
  return out;
}

/** "in _spf.example.net (example.com > _spf.example.net)" when the finding is below the root. */
export function where(domain: DomainFacts, finding: SpfFinding): string {
  return finding.domain === domain.domain ? "" : ` (in ${finding.path.join(" > ")})`;
}

/**
 * A rule that reports the SPF analysis findings with the given codes, one finding each, with the
 * analysis' message, the TXT answers along the include path as evidence, and `severityOf` to
 * grade a code differently from the rule's default.
 */
export function spfFindingRule(
  meta: RuleMeta,
  codes: readonly string[],
  severityOf: (finding: SpfFinding) => Severity = () => meta.severity,
): AuditRule {
  return defineRule(meta, ({ facts, report }) => {
    for (const { domain, finding } of spfFindings(facts, codes)) {
      report({
        domain: domain.domain,
        severity: severityOf(finding),
        message: `SPF of ${domain.domain}${where(domain, finding)}: ${finding.message} [${finding.rfc}].`,
        evidence: pathEvidence(domain, finding),
      });
    }
  });
}
