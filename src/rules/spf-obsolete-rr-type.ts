import { rfc } from "./references.ts";
import { spfFindingRule } from "./spf-helpers.ts";

export default spfFindingRule(
  {
    id: "spf-obsolete-rr-type",
    severity: "info",
    scope: "domain",
    title: "The domain publishes the obsolete SPF (type 99) record",
    description:
      "RFC 7208 §3.1 and §14.1 retired the SPF resource record type: receivers look only at TXT. A type 99 record is ignored, and one that differs from the TXT record misleads whoever reads the zone.",
    references: [rfc(7208, "3.1"), rfc(7208, "14.1")],
    fix: "Delete the SPF-type record; keep the TXT record.",
  },
  ["spf-rr-type"],
);
