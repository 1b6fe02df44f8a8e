import { defineRule } from "./define.ts";
import { keyEvidence, keyUses, usedBy } from "./dkim-helpers.ts";
import { rfc } from "./references.ts";

export default defineRule(
  {
    id: "dkim-testing-mode",
    severity: "warning",
    scope: "domain",
    title: "A DKIM key is in testing mode (t=y)",
    description:
      "`t=y` tells verifiers the domain is testing DKIM: they MUST NOT treat signatures differently from unsigned mail (RFC 6376 §3.6.1), and many receivers give such signatures no weight. A key left in testing mode after roll-out protects nothing.",
    references: [rfc(6376, "3.6.1")],
    fix: "Remove `t=y` from the key record once signing works.",
  },
  ({ facts, report }) => {
    for (const use of keyUses(facts)) {
      if (use.lookup.record?.testing !== true) continue;
      report({
        domain: use.domain,
        ...(use.path ? { path: use.path.plan.pathId } : {}),
        message: `The DKIM key ${use.lookup.name}${usedBy(use)} is in testing mode (t=y).`,
        evidence: keyEvidence(use.lookup),
      });
    }
  },
);
