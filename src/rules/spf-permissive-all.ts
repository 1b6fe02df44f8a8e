import { rfc } from "./references.ts";
import { spfFindingRule } from "./spf-helpers.ts";

export default spfFindingRule(
  {
    id: "spf-permissive-all",
    severity: "error",
    scope: "domain",
    title: "The SPF record does not reject unlisted hosts",
    description:
      "The final `all` decides what every host not listed gets. `+all` authorises the whole Internet to send as the domain (error); `?all` (neutral) and a record without `all` or `redirect` (neutral by default, RFC 7208 §4.7) assert nothing, so receivers treat spoofed mail like mail with no SPF (warning). `~all` (softfail) and `-all` (fail) are the useful endings.",
    references: [rfc(7208, "5.1"), rfc(7208, "4.7"), rfc(7208, "8.2")],
    fix: "End the record with `-all` (or `~all` while you are still finding every sender).",
    adjustments: [
      { severity: "warning", when: "the record ends with `?all` or with no `all` at all (it asserts nothing)" },
    ],
  },
  ["pass-all", "neutral-all", "missing-all"],
  (f) => (f.code === "pass-all" ? "error" : "warning"),
);
