import { defineRule } from "./define.ts";
import { catalogTarget, cnameChanges, keyEvidence, keyUses, publishKeyStep } from "./dkim-helpers.ts";
import { block } from "./fix-text.ts";
import { describePath } from "./path-helpers.ts";
import { rfc } from "./references.ts";

export default defineRule(
  {
    id: "dkim-key-missing",
    severity: "error",
    scope: "domain",
    title: "A DKIM selector the path signs with has no key in DNS",
    description:
      "Receivers fetch the public key from `<selector>._domainkey.<domain>` (RFC 6376 §3.6.2.1). When nothing is there (NXDOMAIN or NODATA), or the TXT data there is not a DKIM key, every signature made with that selector fails with PERMFAIL (RFC 6376 §6.1.2).",
    references: [rfc(6376, "3.6.2.1"), rfc(6376, "6.1.2")],
    fix: "Publish the key record (or the provider's CNAME) at `<selector>._domainkey.<domain>`, or sign with a selector that has one.",
  },
  ({ facts, report }) => {
    for (const use of keyUses(facts, { skipExchangeOnline: true })) {
      if (use.lookup.status !== "missing" && use.lookup.status !== "not-a-key") continue;
      const what =
        use.lookup.status === "missing" ? "nothing is published there" : "the TXT record there is not a DKIM key";
      const target = catalogTarget(use);
      const base = {
        domain: use.domain,
        ...(use.path ? { path: use.path.plan.pathId } : {}),
        message: `${use.path ? `${describePath(use.path)} signs with` : "Discovery found"} selector ${use.selector} (d=${use.domain}), but ${what}: ${use.lookup.name}.`,
        evidence: keyEvidence(use.lookup),
      };
      if (target !== undefined && use.path?.plan.via.kind === "provider") {
        const changes = cnameChanges(use, target);
        report({
          ...base,
          fix: `Publish the CNAME ${use.path.plan.via.entry.name} documents for this selector${changes.length > 1 ? ", in place of the TXT record there" : ""}:${block([`${use.lookup.name} CNAME ${target}.`])}`,
          changes,
        });
      } else report({ ...base, manual: [publishKeyStep(use)] });
    }
  },
);
