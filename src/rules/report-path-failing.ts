import type { PathTraffic } from "../facts/report-types.ts";
import type { PathFacts } from "../verdicts/types.ts";
import { defineRule } from "./define.ts";
import { describePath } from "./path-helpers.ts";
import { doc, rfc } from "./references.ts";
import { fmt, percent, plural, sourcesEvidence, windowText } from "./report-helpers.ts";

/** Below this share of messages passing, a path's traffic "fails DMARC" (2% failing). */
export const PASS_THRESHOLD = 0.98;
/** Below this share aligned, an identifier does not carry the path (it aligns through the other only). */
export const ALIGNED_THRESHOLD = 0.5;

type Identifier = "SPF" | "DKIM";

/** The identifier that lets the path down in the reports, or both. */
function atFault(t: PathTraffic): Identifier[] {
  const out: Identifier[] = [];
  if (t.spfAligned < t.messages * ALIGNED_THRESHOLD) out.push("SPF");
  if (t.dkimAligned < t.messages * ALIGNED_THRESHOLD) out.push("DKIM");
  return out;
}

/** What the DNS simulation already blames (one cause, one finding). */
function predicted(path: PathFacts): Identifier[] {
  const by = path.verdict.dmarc.alignedBy;
  const out: Identifier[] = [];
  if (!by.includes("spf")) out.push("SPF");
  if (!by.includes("dkim")) out.push("DKIM");
  return out;
}

export default defineRule(
  {
    id: "report-path-failing",
    severity: "error",
    scope: "path",
    title: "A described path's real traffic fails DMARC, or aligns through one identifier only",
    description:
      "Sums what receivers reported for the sources recognised as each described path: the share of its messages that passed DMARC, and how many aligned through SPF and through DKIM. A path whose real mail fails DMARC (more than 2% of its messages) loses that mail at `p=quarantine` or `p=reject`; a path that passes through one identifier only (the other aligned for under half its messages) fails as soon as that one breaks (forwarding breaks SPF; a key or signing change breaks DKIM). When the DNS simulation already predicts the same (`path-dmarc-fail`, `path-single-alignment` and the rules they name), that finding stands alone: this rule reports what the reports add.",
    references: [
      rfc(9989, "4.4"),
      rfc(7489, "7.2"),
      doc(
        "Valimail: authentication status (passing 95-100%)",
        "https://docs.valimail.com/en/domains/authentication-status.html",
      ),
    ],
    fix: "Look at the failing sources in the evidence: an address of the path missing from SPF, a server that does not sign, a selector whose key changed. Fix the identifier at fault, then watch the next reports.",
    adjustments: [
      {
        severity: "warning",
        when: "the path's mail passes DMARC but aligns through one identifier only",
      },
    ],
  },
  ({ facts, report }) => {
    const r = facts.reports;
    if (r === undefined) return;
    for (const t of r.paths) {
      if (t.messages === 0) continue;
      const path = facts.paths.find((p) => p.plan.pathId === t.pathId && p.plan.fromDomain === t.fromDomain);
      if (path === undefined) continue;
      const mine = r.sources.filter(
        (s) => s.path?.id === t.pathId && s.path.fromDomain === t.fromDomain && s.path.fromListed,
      );
      const failing = t.messages - t.dmarcPass;
      const fault = atFault(t);
      const aligned = `SPF aligned for ${percent(t.spfAligned, t.messages)}, DKIM for ${percent(t.dkimAligned, t.messages)}`;
      const when = windowText(r);
      if (t.dmarcPass < t.messages * PASS_THRESHOLD) {
        if (path.verdict.verdict === "fail") continue;
        const blame = fault.length === 0 ? "" : ` The identifier at fault: ${fault.join(" and ")}.`;
        report({
          domain: t.fromDomain,
          path: t.pathId,
          message: `On ${describePath(path)}, ${plural(failing, "message")} of ${fmt(t.messages)} (${percent(failing, t.messages)}) failed DMARC in the reports (${when}): ${aligned}.${blame} The DNS simulation predicts ${path.verdict.verdict}, so the difference is in the real traffic.`,
          evidence: [
            sourcesEvidence(
              r,
              [...mine].sort((a, b) => b.messages - b.dmarcPass - (a.messages - a.dmarcPass)),
              `sources of path ${t.pathId}, most failures first`,
            ),
          ],
        });
        continue;
      }
      if (fault.length !== 1) continue;
      const one = fault[0] as Identifier;
      const dns = predicted(path);
      if (path.verdict.verdict === "fragile" && dns.length === 1 && dns[0] === one) continue;
      const other: Identifier = one === "SPF" ? "DKIM" : "SPF";
      report({
        domain: t.fromDomain,
        path: t.pathId,
        severity: "warning",
        message: `On ${describePath(path)}, DMARC passes for ${percent(t.dmarcPass, t.messages)} of ${plural(t.messages, "message")} (${when}) but through ${other} only: ${aligned}. The identifier at fault: ${one}; any ${other} problem would make this mail fail.`,
        evidence: [sourcesEvidence(r, mine, `sources of path ${t.pathId}`)],
        fix:
          one === "SPF"
            ? `Make SPF pass aligned on path ${t.pathId}: authorise its sending addresses in the SPF record of a MAIL FROM domain that aligns with ${t.fromDomain}.`
            : `Make DKIM pass aligned on path ${t.pathId}: sign its mail with a key published under ${t.fromDomain} (or its Organizational Domain).`,
      });
    }
  },
);
