import { defineRule } from "./define.ts";
import { keyEvidence, keyUses } from "./dkim-helpers.ts";
import { describePath } from "./path-helpers.ts";
import { rfc } from "./references.ts";

export default defineRule(
  {
    id: "dkim-key-revoked",
    severity: "error",
    scope: "path",
    title: "A path signs with a revoked DKIM key",
    description: "A key record with an empty `p=` means the key has been revoked (RFC 6376 §3.6.1): every signature made with it fails. A path still signing with that selector was missed by a key rotation.",
    references: [rfc(6376, "3.6.1"), rfc(6376, "6.1.2")],
    fix: "Switch the path's signing to the current selector (or publish a new key for this one).",
  },
  ({ facts, report }) => {
    for (const { path, signature, lookup } of keyUses(facts)) {
      if (lookup.status !== "revoked") continue;
      report({
        domain: signature.planned.domain,
        path: path.plan.pathId,
        message: `${describePath(path)} signs with selector ${signature.planned.selector}, whose key ${lookup.name} is revoked (empty p=).`,
        evidence: keyEvidence(lookup),
      });
    }
  },
);
