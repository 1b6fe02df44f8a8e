import { defineRule } from "./define.ts";
import { keyEvidence, keyUses } from "./dkim-helpers.ts";
import { describePath } from "./path-helpers.ts";
import { rfc } from "./references.ts";

export default defineRule(
  {
    id: "dkim-key-invalid",
    severity: "error",
    scope: "path",
    title: "A DKIM key record is malformed, or there are several",
    description:
      "A key record that breaks RFC 6376 §3.6.1 (a bad `v=`, an unknown `k=`, an undecodable or truncated `p=`, `h=sha1` only, an RSA key under 1024 bits) is ignored by verifiers, and several TXT records at one key name make the result undefined (RFC 6376 §3.6.2.2). Signatures with that selector fail.",
    references: [rfc(6376, "3.6.1"), rfc(6376, "3.6.2.2"), rfc(8301, "3.2")],
    fix: "Publish exactly one well-formed key record: `v=DKIM1; k=rsa; p=<base64 SubjectPublicKeyInfo>` (2048-bit RSA, or `k=ed25519` beside an RSA key).",
  },
  ({ facts, report }) => {
    for (const { path, signature, lookup } of keyUses(facts)) {
      const unusableOk = lookup.status === "ok" && !lookup.usable;
      if (lookup.status !== "malformed" && lookup.status !== "multiple" && lookup.status !== "invalid-name" && !unusableOk) continue;
      const problems = lookup.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.message} (${d.rfc})`);
      report({
        domain: signature.planned.domain,
        path: path.plan.pathId,
        message: `The DKIM key ${lookup.name} used by ${describePath(path)} is ${lookup.status === "multiple" ? "published more than once" : "unusable"}${problems.length > 0 ? `: ${problems.join("; ")}` : ""}.`,
        evidence: keyEvidence(lookup),
      });
    }
  },
);
