import type { DnsEvidence } from "../dns/evidence.ts";
import { evidenceFrom } from "../dns/evidence.ts";
import type { DnsStatus } from "../dns/types.ts";
import { defineRule } from "./define.ts";
import { rfc } from "./references.ts";

const FAILED = new Set(["servfail", "refused", "timeout", "error"]);

export default defineRule(
  {
    id: "dns-temperror",
    severity: "warning",
    scope: "org",
    title: "DNS questions failed: some results are temporary errors, not answers",
    description:
      'A timeout, SERVFAIL or REFUSED is not "no record": receivers return `temperror` and usually retry later (RFC 7208 §4.4, RFC 9989 §5.3.9). The audit reports what it could not tell rather than guessing; results that depend on these answers say `temperror`. Persistent failures mean broken delegation or name servers, which also delay or bounce real mail.',
    references: [rfc(7208, "4.4"), rfc(9989, "5.3.9"), rfc(6376, "6.1.2")],
    fix: "Check that the zone's name servers answer (for example with `dig +trace`), then run the audit again.",
  },
  ({ facts, report }) => {
    const failed = new Map<string, DnsEvidence>();
    const note = (e: {
      name: string;
      type: string;
      status: DnsStatus;
      records: readonly unknown[];
      detail?: string | undefined;
    }) => {
      if (FAILED.has(e.status) && !failed.has(`${e.name}|${e.type}`))
        failed.set(`${e.name}|${e.type}`, evidenceFrom(e));
    };
    for (const domain of facts.domains) {
      note(domain.spf.answer);
      note(domain.mx);
      for (const l of domain.dmarc?.lookups ?? [])
        note({
          name: l.name,
          type: "TXT",
          status: l.status,
          records: l.txt,
          ...(l.detail ? { detail: l.detail } : {}),
        });
    }
    for (const path of facts.paths) {
      for (const answer of path.egress.answers) note({ ...answer, detail: answer.note });
      for (const c of path.spfChecks)
        for (const step of c.check.trace) if (step.step === "dns") note({ ...step, detail: step.note });
      for (const s of path.signatures) for (const e of s.lookup?.evidence ?? []) note({ ...e, detail: e.note });
    }
    const refused = [...failed.values()].filter((e) => e.note?.includes("query budget"));
    const others = [...failed.values()].filter((e) => !e.note?.includes("query budget"));
    if (others.length > 0) {
      report({
        domain: [...new Set(others.map((e) => e.name))][0] ?? "",
        message: `${others.length} DNS question${others.length === 1 ? "" : "s"} failed (${[...new Set(others.map((e) => e.status))].join(", ")}): ${others
          .slice(0, 5)
          .map((e) => `${e.name} ${e.type}`)
          .join(", ")}${others.length > 5 ? ", ..." : ""}. Results that depend on them are temporary errors.`,
        evidence: others.slice(0, 20),
      });
    }
    if (refused.length > 0 || facts.refusedQuestions > 0) {
      report({
        domain: refused[0]?.name ?? "",
        message: `The audit reached its DNS query budget and left ${facts.refusedQuestions} question${facts.refusedQuestions === 1 ? "" : "s"} unasked: its results are incomplete.`,
        evidence: refused.slice(0, 5),
        fix: "Raise the budget (`maxQueries`, `--max-queries`) if the organisation is that large, or look for an SPF tree or DMARC configuration that makes the audit ask so much.",
      });
    }
  },
);
