import { rfc } from "./references.ts";
import { spfFindingRule } from "./spf-helpers.ts";

export default spfFindingRule(
  {
    id: "spf-unreachable-terms",
    severity: "info",
    scope: "domain",
    title: "SPF terms that can never match",
    description:
      "Receivers evaluate terms left to right and stop at the first match (RFC 7208 §4.6.2). Terms after `all`, a `redirect=` beside `all` (§6.1), and networks entirely covered by earlier terms never decide anything: the server they were added for may not be authorised the way the author thinks, and they may still cost DNS lookups.",
    references: [rfc(7208, "4.6.2"), rfc(7208, "5.1"), rfc(7208, "6.1")],
    fix: "Move the term before `all` (if it was meant to apply), or delete it.",
    adjustments: [
      {
        severity: "warning",
        when: "a term comes after `all`, or a `redirect=` is ignored beside `all`: it was probably meant to apply",
      },
    ],
  },
  ["unreachable-term", "shadowed-term", "redirect-ignored"],
  (f) => (f.code === "redirect-ignored" || f.code === "unreachable-term" ? "warning" : "info"),
);
