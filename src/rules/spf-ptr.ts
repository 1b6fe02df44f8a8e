import { rfc } from "./references.ts";
import { spfFindingRule } from "./spf-helpers.ts";

export default spfFindingRule(
  {
    id: "spf-ptr",
    severity: "warning",
    scope: "domain",
    title: "The SPF tree uses the ptr mechanism",
    description:
      'RFC 7208 §5.5: `ptr` "SHOULD NOT be published": it makes receivers do reverse and forward lookups for every check, it is slow and unreliable, and some receivers skip it, so the hosts it was meant to authorise may fail.',
    references: [rfc(7208, "5.5")],
    fix: "Replace `ptr` with `ip4:`/`ip6:` terms (or `a:` for a host name) listing the servers it stood for.",
  },
  ["ptr-mechanism"],
);
