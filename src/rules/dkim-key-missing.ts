import { defineRule } from "./define.ts";
import { keyEvidence, keyUses } from "./dkim-helpers.ts";
import { describePath } from "./path-helpers.ts";
import { rfc } from "./references.ts";

export default defineRule(
  {
    id: "dkim-key-missing",
    severity: "error",
    scope: "path",
    title: "A DKIM selector the path signs with has no key in DNS",
    description:
      "Receivers fetch the public key from `<selector>._domainkey.<domain>` (RFC 6376 §3.6.2.1). When nothing is there (NXDOMAIN or NODATA), or the TXT data there is not a DKIM key, every signature made with that selector fails with PERMFAIL (RFC 6376 §6.1.2).",
    references: [rfc(6376, "3.6.2.1"), rfc(6376, "6.1.2")],
    fix: "Publish the key record (or the provider's CNAME) at `<selector>._domainkey.<domain>`, or sign with a selector that has one.",
  },
  ({ facts, report }) => {
    for (const { path, signature, lookup } of keyUses(facts, { skipExchangeOnline: true })) {
      if (lookup.status !== "missing" && lookup.status !== "not-a-key") continue;
      const what = lookup.status === "missing" ? "nothing is published there" : "the TXT record there is not a DKIM key";
      report({
        domain: signature.planned.domain,
        path: path.plan.pathId,
        message: `${describePath(path)} signs with selector ${signature.planned.selector} (d=${signature.planned.domain}), but ${what}: ${lookup.name}.`,
        evidence: keyEvidence(lookup),
      });
    }
  },
);
