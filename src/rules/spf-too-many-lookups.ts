import type { SpfTreeNode } from "../spf/analysis-types.ts";
import { defineRule } from "./define.ts";
import { rfc } from "./references.ts";
import { pathEvidence } from "./spf-helpers.ts";

/** "include:_spf.google.com (4)" for each counted top-level term, to show where the count comes from. */
function costs(node: SpfTreeNode): string[] {
  const total = (n: SpfTreeNode): number =>
    n.terms.reduce((sum, t) => sum + (t.countsLookup && t.reachable ? 1 : 0) + (t.child ? total(t.child) : 0), 0);
  return node.terms
    .filter((t) => t.countsLookup && t.reachable)
    .map((t) => `${t.term.text} (${1 + (t.child ? total(t.child) : 0)})`);
}

export default defineRule(
  {
    id: "spf-too-many-lookups",
    severity: "error",
    scope: "domain",
    title: "The SPF tree needs more than 10 DNS lookups",
    description:
      "RFC 7208 §4.6.4: a receiver counts the `include`, `a`, `mx`, `ptr` and `exists` mechanisms and the `redirect` modifier it evaluates, across the whole include tree, and returns `permerror` at the 11th. (`ip4`, `ip6`, `all` and `exp` do not count, nor does the first TXT lookup.) Mail from a host that matches an early term still passes, but every host the receiver reaches past the limit gets permerror — so a record over the limit works for some senders and fails for others. Each `mx` also looks up at most 10 MX names. The count here is what a receiver makes for a host that matches nothing; see docs/spf.md for the counting rules.",
    references: [rfc(7208, "4.6.4")],
    fix: "Cut lookups: replace includes of providers you no longer use, flatten stable ones into `ip4:`/`ip6:` terms (and keep them up to date), move a sending service to its own subdomain or custom MAIL FROM domain with its own SPF record, and avoid `mx`, `a` and `ptr` where `ip4` will do.",
  },
  ({ facts, report }) => {
    for (const domain of facts.domains) {
      const a = domain.spf.analysis;
      const overMx = a.mx.filter((m) => m.exceeded);
      if (!a.lookups.exceeded && overMx.length === 0) continue;
      const finding = a.findings.find((f) => f.code === "lookup-limit");
      const parts: string[] = [];
      if (a.lookups.exceeded) {
        const at = a.lookups.exceededAt;
        parts.push(
          `${a.lookups.unbounded ? "an include/redirect loop makes it unbounded" : `${a.lookups.count} DNS-querying terms`} (limit ${a.lookups.limit})${at ? `; the 11th is "${at.term}" in ${at.path.join(" > ")}` : ""}; where they come from: ${costs(a.root).join(", ")}`,
        );
      }
      for (const m of overMx) parts.push(`"${m.term}" in ${m.domain} looks up ${m.names} MX names (limit 10)`);
      report({
        domain: domain.domain,
        message: `The SPF tree of ${domain.domain} is over the limits of RFC 7208 §4.6.4: ${parts.join("; ")}. Receivers return permerror for hosts they evaluate past the limit.`,
        evidence: finding ? pathEvidence(domain, finding) : [],
      });
    }
  },
);
