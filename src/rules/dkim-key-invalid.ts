import { defineRule } from "./define.ts";
import { keyEvidence, keyUses, usedBy } from "./dkim-helpers.ts";
import { rfc } from "./references.ts";

export default defineRule(
  {
    id: "dkim-key-invalid",
    severity: "error",
    scope: "domain",
    title: "A DKIM key record is malformed, or there are several",
    description:
      "A key record that breaks RFC 6376 §3.6.1 (a bad `v=`, an unknown `k=`, an undecodable or truncated `p=`, `h=sha1` only, an RSA key under 1024 bits) is ignored by verifiers, and several TXT records at one key name make the result undefined (RFC 6376 §3.6.2.2). Signatures with that selector fail.",
    references: [rfc(6376, "3.6.1"), rfc(6376, "3.6.2.2"), rfc(8301, "3.2")],
    fix: "Publish exactly one well-formed key record: `v=DKIM1; k=rsa; p=<base64 SubjectPublicKeyInfo>` (2048-bit RSA, or `k=ed25519` beside an RSA key).",
  },
  ({ facts, report }) => {
    for (const use of keyUses(facts)) {
      const unusableOk = use.lookup.status === "ok" && !use.lookup.usable;
      if (
        use.lookup.status !== "malformed" &&
        use.lookup.status !== "multiple" &&
        use.lookup.status !== "invalid-name" &&
        !unusableOk
      )
        continue;
      const problems = use.lookup.diagnostics
        .filter((d) => d.severity === "error")
        .map((d) => `${d.message} (${d.rfc})`);
      report({
        domain: use.domain,
        ...(use.path ? { path: use.path.plan.pathId } : {}),
        message: `The DKIM key ${use.lookup.name}${usedBy(use)} is ${use.lookup.status === "multiple" ? "published more than once" : "unusable"}${problems.length > 0 ? `: ${problems.join("; ")}` : ""}.`,
        evidence: keyEvidence(use.lookup),
      });
    }
  },
);
