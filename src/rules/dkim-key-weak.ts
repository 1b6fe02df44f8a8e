import { defineRule } from "./define.ts";
import { keyEvidence, keyUses } from "./dkim-helpers.ts";
import { describePath } from "./path-helpers.ts";
import { rfc } from "./references.ts";

export default defineRule(
  {
    id: "dkim-key-weak",
    severity: "warning",
    scope: "path",
    title: "A DKIM key is RSA under 2048 bits",
    description:
      "RFC 8301 §3.2: signers MUST use RSA keys of at least 1024 bits and SHOULD use at least 2048; verifiers MUST NOT accept keys under 1024 bits (those are reported by `dkim-key-invalid`). A 1024-bit key still verifies but is within reach of well-funded attackers and below what large receivers recommend.",
    references: [rfc(8301, "3.2"), rfc(6376, "3.3.3")],
    fix: "Generate a 2048-bit RSA key under a new selector, publish it, switch signing to it, then revoke the old one (publish it with an empty `p=`).",
  },
  ({ facts, report }) => {
    for (const { path, signature, lookup } of keyUses(facts)) {
      const key = lookup.record?.key;
      if (!lookup.usable || key == null || key.type !== "rsa" || key.bits >= 2048) continue;
      report({
        domain: signature.planned.domain,
        path: path.plan.pathId,
        message: `The DKIM key ${lookup.name} (used by ${describePath(path)}) is RSA ${key.bits} bits; 2048 is the recommended minimum (RFC 8301 §3.2).`,
        evidence: keyEvidence(lookup),
      });
    }
  },
);
