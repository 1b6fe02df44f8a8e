import { rfc } from "./references.ts";
import { spfFindingRule } from "./spf-helpers.ts";

export default spfFindingRule(
  {
    id: "spf-record-too-long",
    severity: "warning",
    scope: "domain",
    title: "An SPF record is too long for a UDP answer, or a string over 255 octets",
    description:
      "RFC 7208 §3.4: an SPF answer over 450 octets (the name plus all TXT records) may not fit a 512-octet UDP message, forcing a retry over TCP that some receivers and middleboxes fail. And a TXT character-string holds at most 255 octets (RFC 1035 §3.3): a longer record must be split into several strings of one record (§3.3), which a DNS host that publishes it as one string gets wrong.",
    references: [rfc(7208, "3.4"), rfc(7208, "3.3")],
    fix: "Shorten the record (merge ip4 ranges, move a provider's terms behind one include, drop unused includes) or split it into 255-octet strings of one TXT record.",
    adjustments: [
      {
        severity: "error",
        when: "one character-string is over 255 octets: the record cannot be published as written (RFC 1035 §3.3)",
      },
    ],
  },
  ["record-too-large", "string-too-long"],
  (f) => (f.code === "string-too-long" ? "error" : "warning"),
);
