import { evidenceOf } from "../dns/evidence.ts";
import { cite } from "../exchange/org-sources.ts";
import { dmarcState, spfState } from "../facts/state.ts";
import { defineRule, listWords } from "./define.ts";
import { code, exchangeEvidence, exchangeOf } from "./exchange-helpers.ts";
import { dmarcEvidence } from "./path-helpers.ts";
import { doc, rfc } from "./references.ts";

export default defineRule(
  {
    id: "exchange-accepted-domain-unprotected",
    severity: "warning",
    scope: "domain",
    title: "An authoritative accepted domain is missing from the description",
    description:
      "Every authoritative accepted domain is a domain Exchange sends and receives mail for, so every one of them needs SPF and DMARC, and the audit can only check what the description lists. An accepted domain left out of the description is audited by nobody: its paths are not simulated, and a missing SPF record or DMARC policy goes unreported. This rule names each such domain and checks, on the side, whether it publishes an SPF record and a DMARC policy; when DNS proves one of them missing, anyone can send mail in its name, and the finding is an error. Domains the description lists are checked by the SPF and DMARC rules themselves (`spf-missing`, `dmarc-missing`).",
    references: [
      doc(
        "Microsoft: Accepted domains in Exchange Server",
        "https://learn.microsoft.com/exchange/mail-flow/accepted-domains/accepted-domains",
      ),
      rfc(7208, "4.5"),
      rfc(9989, "4.10"),
    ],
    fix: "Add the domain to the description (`domains: [{ name: ... }]`, with `sends: false` if no mail is ever sent from it) and audit again; publish an SPF record and a DMARC policy for it (`v=spf1 -all` and `p=reject` for a domain that sends nothing).",
    adjustments: [{ severity: "error", when: "DNS proves that the domain publishes no SPF record or no DMARC policy" }],
  },
  ({ facts, report }) => {
    const exchange = exchangeOf(facts);
    if (exchange === undefined) return;
    for (const u of exchange.unlisted) {
      const spf = spfState(u.spf.selection);
      const dmarc = dmarcState(u.dmarc);
      const missing = [
        ...(spf === "absent" ? ["no SPF record"] : []),
        ...(dmarc === "absent" ? ["no DMARC policy"] : []),
      ];
      const state =
        missing.length > 0
          ? `DNS shows ${listWords(missing)}${u.spf.answer.status === "nxdomain" ? ` (the name ${u.domain} does not exist)` : ""}, so anyone can send mail in its name`
          : spf === "unknown" || dmarc === "unknown"
            ? "its SPF and DMARC could not all be read (see dns-temperror)"
            : "it publishes SPF and DMARC, but nothing checks that they match how it sends";
      const records =
        missing.length > 0
          ? ` If the domain sends no mail, publish ${listWords([
              ...(spf === "absent" ? [code(`${u.domain} TXT "v=spf1 -all"`)] : []),
              ...(dmarc === "absent" ? [code(`_dmarc.${u.domain} TXT "v=DMARC1; p=reject"`)] : []),
            ])}.`
          : "";
      report({
        domain: u.domain,
        message: `${u.domain} is an authoritative accepted domain (${cite(u.accepted, u.accepted.Name ?? u.domain)}) but the description does not list it: ${state}.`,
        evidence: [
          exchangeEvidence(u.accepted, ["DomainName", "DomainType"]),
          evidenceOf(u.spf.answer),
          ...dmarcEvidence(u.dmarc),
        ],
        ...(missing.length > 0 ? { severity: "error" as const } : {}),
        fix: `Add ${code(`{ name: ${u.domain} }`)} to the description's ${code("domains")} (with ${code("sends: false")} if it never sends mail) and describe the paths that send from it, then audit again.${records}`,
      });
    }
  },
);
