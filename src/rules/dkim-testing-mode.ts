import { defineRule } from "./define.ts";
import { keyEvidence, keyUses } from "./dkim-helpers.ts";
import { describePath } from "./path-helpers.ts";
import { rfc } from "./references.ts";

export default defineRule(
  {
    id: "dkim-testing-mode",
    severity: "warning",
    scope: "path",
    title: "A DKIM key is in testing mode (t=y)",
    description: "`t=y` tells verifiers the domain is testing DKIM: they MUST NOT treat signatures differently from unsigned mail (RFC 6376 §3.6.1), and many receivers give such signatures no weight. A key left in testing mode after roll-out protects nothing.",
    references: [rfc(6376, "3.6.1")],
    fix: "Remove `t=y` from the key record once signing works.",
  },
  ({ facts, report }) => {
    for (const { path, signature, lookup } of keyUses(facts)) {
      if (lookup.record?.testing !== true) continue;
      report({
        domain: signature.planned.domain,
        path: path.plan.pathId,
        message: `The DKIM key ${lookup.name} (used by ${describePath(path)}) is in testing mode (t=y).`,
        evidence: keyEvidence(lookup),
      });
    }
  },
);
