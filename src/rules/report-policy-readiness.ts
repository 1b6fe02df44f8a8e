import type { Evidence } from "../facts/evidence.ts";
import type { ReportSource } from "../facts/report-types.ts";
import { defineRule } from "./define.ts";
import { appliedRecords, coversText } from "./dmarc-helpers.ts";
import { dmarcEvidence } from "./path-helpers.ts";
import { doc, rfc } from "./references.ts";
import { fmt, percent, plural, sourcesEvidence, sums, windowText } from "./report-helpers.ts";

/** Who a legitimate source is, for "fix these first". */
function groupName(s: ReportSource): string {
  if (s.class === "forwarder")
    return "forwarders and mailing lists, which break SPF (and DKIM when they change the message)";
  if (s.class === "provider") return `${s.provider?.name ?? "a provider"}, undeclared`;
  return `path ${s.path?.id ?? "?"}${s.path?.fromListed === false ? `, sending as ${s.fromDomain}, which it does not list` : ""}`;
}

export default defineRule(
  {
    id: "report-policy-readiness",
    severity: "warning",
    scope: "domain",
    title: "What moving the DMARC policy to quarantine or reject would do to real mail",
    description:
      "For a domain at `p=none` (or `p=quarantine`), sums what the DMARC reports show: the legitimate mail (from described paths, known providers, forwarders and mailing lists) that failed DMARC and would go to spam or be rejected under the next policy, and which sources to fix first; and the mail from unknown sources that fails DMARC, which enforcement would stop. At `p=none` this finding replaces `dmarc-policy-none` (one cause, one finding), with the figures.",
    references: [
      rfc(9989, "4.7"),
      rfc(9989, "7.1"),
      rfc(7960, "3.2"),
      doc(
        "Valimail: at enforcement (p=quarantine or p=reject)",
        "https://docs.valimail.com/en/domains/authentication-status.html",
      ),
    ],
    fix: "Fix the legitimate sources that fail (report-undeclared-sender and report-path-failing give each one), then move the policy one step (`p=none` to `p=quarantine`, then `p=reject`) and watch the next reports.",
    adjustments: [{ severity: "info", when: "the domain is already at p=quarantine (the next step is p=reject)" }],
  },
  ({ facts, report }) => {
    const r = facts.reports;
    if (r === undefined) return;
    for (const applied of appliedRecords(facts, { sendingOnly: true })) {
      if (applied.discovery.status !== "found") continue;
      const domains = applied.covers.filter(
        (c) => c.dmarc?.policy?.p === "none" || c.dmarc?.policy?.p === "quarantine",
      );
      if (domains.length === 0) continue;
      const names = new Set(domains.map((d) => d.domain));
      const mine = r.sources.filter((s) => names.has(s.fromDomain));
      if (mine.length === 0) continue;
      const atNone = domains.some((d) => d.dmarc?.policy?.p === "none");
      const current = atNone ? "p=none" : "p=quarantine";
      const next = atNone ? "go to spam at p=quarantine, and be rejected at p=reject" : "be rejected at p=reject";
      const legit = mine.filter((s) => s.class !== "unknown");
      const lt = sums(legit);
      const stopped = sums(mine.filter((s) => s.class === "unknown" && s.dmarcPass * 2 < s.messages));
      const stops =
        stopped.failing > 0
          ? ` Enforcement would stop ${plural(stopped.failing, "message")} from unknown sources that fail DMARC.`
          : "";
      const where = `${applied.policyDomain}${coversText(applied)} is at ${current}`;
      const when = windowText(r);
      const failingLegit = legit.filter((s) => s.messages > s.dmarcPass);
      const evidence: Evidence[] = [...dmarcEvidence(applied.discovery)];
      let message: string;
      let fix: string | undefined;
      if (lt.failing === 0) {
        message = `${where}, and the reports (${when}) show all ${plural(lt.messages, "legitimate message")} passing DMARC: it is ready for ${atNone ? "p=quarantine, then p=reject" : "p=reject"}.${stops}`;
        fix = `Change \`p=${atNone ? "none" : "quarantine"}\` to \`p=${atNone ? "quarantine" : "reject"}\` in the DMARC record at \`_dmarc.${applied.policyDomain}\`, keep the \`rua\` reports coming, and take the next step once they stay clean.`;
      } else {
        const byGroup = new Map<string, number>();
        for (const s of failingLegit)
          byGroup.set(groupName(s), (byGroup.get(groupName(s)) ?? 0) + s.messages - s.dmarcPass);
        const first = [...byGroup.entries()]
          .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
          .slice(0, 5)
          .map(([name, n]) => `${name} (${fmt(n)} failing)`);
        message = `${where}. In the reports (${when}), ${plural(lt.failing, "legitimate message")} of ${fmt(lt.messages)} (${percent(lt.failing, lt.messages)}) failed DMARC and would ${next}. Fix these first: ${first.join("; ")}.${stops}`;
        evidence.push(
          sourcesEvidence(
            r,
            [...failingLegit].sort((a, b) => b.messages - b.dmarcPass - (a.messages - a.dmarcPass)),
            "legitimate sources that fail DMARC, most failures first",
          ),
        );
      }
      report({
        domain: applied.policyDomain,
        message,
        evidence,
        ...(fix !== undefined ? { fix } : {}),
        ...(atNone ? { supersedes: ["dmarc-policy-none"] } : { severity: "info" as const }),
      });
    }
  },
);
