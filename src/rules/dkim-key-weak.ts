import { defineRule } from "./define.ts";
import { keyEvidence, keyUses, usedBy } from "./dkim-helpers.ts";
import { rfc } from "./references.ts";

export default defineRule(
  {
    id: "dkim-key-weak",
    severity: "warning",
    scope: "domain",
    title: "A DKIM key is RSA under 2048 bits",
    description:
      "RFC 8301 §3.2: signers MUST use RSA keys of at least 1024 bits and SHOULD use at least 2048; verifiers MUST NOT accept keys under 1024 bits (those are reported by `dkim-key-invalid`). A 1024-bit key still verifies but is within reach of well-funded attackers and below what large receivers recommend.",
    references: [rfc(8301, "3.2"), rfc(6376, "3.3.3")],
    fix: "Generate a 2048-bit RSA key under a new selector, publish it, switch signing to it, then revoke the old one (publish it with an empty `p=`).",
  },
  ({ facts, report }) => {
    for (const use of keyUses(facts)) {
      const key = use.lookup.record?.key;
      if (!use.lookup.usable || key == null || key.type !== "rsa" || key.bits >= 2048) continue;
      report({
        domain: use.domain,
        ...(use.path ? { path: use.path.plan.pathId } : {}),
        message: `The DKIM key ${use.lookup.name}${usedBy(use)} is RSA ${key.bits} bits; 2048 is the recommended minimum (RFC 8301 §3.2).`,
        evidence: keyEvidence(use.lookup),
      });
    }
  },
);
