import { defineRule } from "./define.ts";
import { keyEvidence, keyUses } from "./dkim-helpers.ts";
import { describePath } from "./path-helpers.ts";
import { rfc } from "./references.ts";

export default defineRule(
  {
    id: "dkim-key-revoked",
    severity: "error",
    scope: "domain",
    title: "A path signs with a revoked DKIM key",
    description:
      "A key record with an empty `p=` means the key has been revoked (RFC 6376 §3.6.1): every signature made with it fails. A path still signing with that selector was missed by a key rotation.",
    references: [rfc(6376, "3.6.1"), rfc(6376, "6.1.2")],
    fix: "Switch the path's signing to the current selector (or publish a new key for this one).",
  },
  ({ facts, report }) => {
    for (const use of keyUses(facts)) {
      if (use.lookup.status !== "revoked") continue;
      report({
        domain: use.domain,
        ...(use.path ? { path: use.path.plan.pathId } : {}),
        message: `${use.path ? `${describePath(use.path)} signs with selector ${use.selector}, whose key` : "The DKIM key"} ${use.lookup.name} is revoked (empty p=).`,
        evidence: keyEvidence(use.lookup),
      });
    }
  },
);
