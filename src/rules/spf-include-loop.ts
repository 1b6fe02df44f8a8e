import { rfc } from "./references.ts";
import { spfFindingRule } from "./spf-helpers.ts";

export default spfFindingRule(
  {
    id: "spf-include-loop",
    severity: "error",
    scope: "domain",
    title: "An include/redirect loop in the SPF tree",
    description:
      "A record that includes (or redirects to) itself, directly or through other records, makes receivers evaluate it until the limit of 10 DNS-querying terms and return `permerror` (RFC 7208 §4.6.4).",
    references: [rfc(7208, "4.6.4"), rfc(7208, "5.2")],
    fix: "Remove the include or redirect that closes the loop.",
  },
  ["include-loop"],
);
