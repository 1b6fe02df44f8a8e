import { rfc } from "./references.ts";
import { spfFindingRule } from "./spf-helpers.ts";

export default spfFindingRule(
  {
    id: "spf-duplicate-include",
    severity: "warning",
    scope: "domain",
    title: "A domain is included more than once in the SPF tree",
    description:
      "Each inclusion of a domain is evaluated, and counted toward the limit of 10 DNS-querying terms, again (RFC 7208 §4.6.4): a provider's include reached both directly and through another include costs its lookups twice for nothing.",
    references: [rfc(7208, "4.6.4")],
    fix: "Keep one inclusion of the domain.",
  },
  ["duplicate-include"],
);
