import { defineRule, listWords } from "./define.ts";
import { describePath } from "./path-helpers.ts";
import { rfc } from "./references.ts";

export default defineRule(
  {
    id: "path-verdict-unknown",
    severity: "error",
    scope: "path",
    title: "The audit cannot tell whether mail on this path passes DMARC",
    description:
      "A path's verdict is `unknown` when it depends on a fact the audit could not establish: a DNS question that failed (its `dns-temperror` finding says which), egress addresses it could not read, a DKIM selector the provider assigns that the description does not give, or a catalog fact marked unconfirmed. The audit never calls such a path failing (nor passing): it says what is open. The finding is an error so that a run in CI fails closed rather than passing on what it did not see.",
    references: [rfc(9989, "4.4"), rfc(7208, "4.4")],
    fix: "Resolve what is open (the finding lists it): give the provider's selectors in the path's `dkim` list, give the smart host's egress `ips`, or fix the failing DNS, then run the audit again.",
  },
  ({ facts, report }) => {
    for (const path of facts.paths) {
      const v = path.verdict;
      if (v.verdict !== "unknown") continue;
      const open = v.open ?? [];
      const selectorsOnly = open.length > 0 && v.dkim.some((d) => d.result === "unknown");
      report({
        domain: v.fromDomain,
        path: v.id,
        message: `Cannot tell whether mail on ${describePath(path)} passes DMARC: ${open.length > 0 ? listWords(open) : "a fact it depends on is unknown"}. Its verdict is unknown, not failing.`,
        ...(selectorsOnly
          ? {
              fix: "Give the DKIM selectors the provider assigned (its console shows them) in the path's `dkim` list, then run the audit again.",
            }
          : {}),
        supersedes: ["dkim-selector-unknown"],
      });
    }
  },
);
