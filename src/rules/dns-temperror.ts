import { unknownFacts } from "../verdicts/unknowns.ts";
import { defineRule, listWords } from "./define.ts";
import { rfc } from "./references.ts";

export default defineRule(
  {
    id: "dns-temperror",
    severity: "warning",
    scope: "domain",
    title:
      "A fact could not be checked (a DNS question, an HTTPS fetch or a probe failed): what depends on it is unknown",
    description:
      'A timeout, SERVFAIL, REFUSED or a malformed answer is not "no record": receivers return `temperror` and usually retry later (RFC 7208 §4.4, RFC 9989 §5.3.9). The audit never turns such an answer into a finding about a missing record; it reports, once per fact it could not establish (a domain\'s SPF record, its DMARC policy, a DKIM key, an MX set, a smart host\'s addresses, a provider\'s networks), what it could not check and which verdicts that leaves open. Those verdicts say `unknown`. Questions the audit\'s own query budget refused are reported the same way, with the budget named as the cause. Transport checks add their own unknowns: an MTA-STS policy or BIMI logo fetch that timed out or could not be made (an offline run without its HTTPS recording), and, with probes, a host whose address lookups failed or a probe step that could not complete (port 25 blocked on the way, a refused connection): what they leave open is said, never "no MTA-STS" or "no STARTTLS".',
    references: [rfc(7208, "4.4"), rfc(9989, "5.3.9"), rfc(6376, "6.1.2")],
    fix: "Check that the zone's name servers answer (for example with `dig +trace`), then run the audit again.",
  },
  ({ facts, report }) => {
    for (const u of unknownFacts(facts)) {
      const causes = [...new Set(u.evidence.map((e) => e.status))];
      const why = u.budget
        ? "the audit's DNS query budget was exhausted before it was asked"
        : causes.length > 0
          ? `${listWords(u.evidence.map((e) => `${e.name} ${e.type}`).slice(0, 5))}${u.evidence.length > 5 ? ", ..." : ""} failed (${causes.join(", ")})`
          : (u.cause ?? "a DNS failure left it undetermined");
      report({
        domain: u.domain,
        ...(u.path !== undefined ? { path: u.path } : {}),
        message: `Could not check ${u.fact}: ${why}. This leaves open ${listWords(u.leavesOpen)}.`,
        evidence: [...u.evidence.slice(0, 20), ...(u.observed ?? [])],
        ...(u.budget
          ? {
              fix: "Raise the budget (`maxQueries`, `--max-queries`) if the organisation is that large, or look for an SPF tree or DMARC configuration that makes the audit ask so much.",
            }
          : {}),
      });
    }
  },
);
