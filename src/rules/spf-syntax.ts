import { rfc } from "./references.ts";
import { spfFindingRule } from "./spf-helpers.ts";

export default spfFindingRule(
  {
    id: "spf-syntax",
    severity: "error",
    scope: "domain",
    title: "An SPF record in the tree is malformed",
    description:
      "Any syntax error in a record a receiver evaluates makes check_host() return `permerror` (RFC 7208 §4.6), and so does an `include:` or `redirect=` whose target has no SPF record (§5.2, §6.1). The audit parses every record of the include tree with the RFC 7208 §12 grammar and reports each error with its position: `ip4:` with a host name, `ip4:1.2.3.4~all` (a missing space), a bad CIDR length, an unknown mechanism, a malformed macro, non-ASCII characters.",
    references: [rfc(7208, "4.6"), rfc(7208, "12"), rfc(7208, "5.2")],
    fix: "Correct the record at the position shown; for an include target without a record, remove the include or ask the provider for the right name.",
    adjustments: [
      {
        severity: "warning",
        when: "the problem is one receivers tolerate (a target name that is not a valid domain, which they may skip)",
      },
    ],
  },
  ["syntax-error", "malformed-target", "malformed-domain", "include-target-without-record"],
  (f) => (f.severity === "error" ? "error" : "warning"),
);
