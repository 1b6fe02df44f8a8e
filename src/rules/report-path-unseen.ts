import { defineRule } from "./define.ts";
import { describePath } from "./path-helpers.ts";
import { rfc } from "./references.ts";
import { covered, plural, reportsSource, windowText } from "./report-helpers.ts";

export default defineRule(
  {
    id: "report-path-unseen",
    severity: "info",
    scope: "path",
    title: "No DMARC report shows mail from a described path",
    description:
      "The reports in the window cover the path's From domain, yet no source was recognised as the path: none of its addresses (or its provider's networks), none of its DKIM selectors. Either the path no longer sends, and its SPF terms and DKIM keys are attack surface to remove, or its mail leaves from addresses the description does not give (look for it among the undeclared senders). A path the reports could not recognise at all (its addresses are unknown and it names no selector) is not reported: no traffic proves nothing there.",
    references: [rfc(7489, "7.2"), rfc(9990, "2"), rfc(7208, "2.4")],
    fix: "If the path no longer sends, remove it from the description, its addresses or include from SPF, and its DKIM keys. If it still sends, correct its addresses or selectors in the description so that the reports recognise it.",
  },
  ({ facts, report }) => {
    const r = facts.reports;
    if (r === undefined) return;
    for (const t of r.paths) {
      if (t.messages > 0 || t.recognisable !== true || !covered(r, t.fromDomain)) continue;
      if (r.sources.some((s) => s.candidates?.includes(t.pathId) === true && s.fromDomain === t.fromDomain)) continue;
      const path = facts.paths.find((p) => p.plan.pathId === t.pathId && p.plan.fromDomain === t.fromDomain);
      if (path === undefined) continue;
      const reports = r.policyDomains
        .filter((p) => t.fromDomain === p.domain || t.fromDomain.endsWith(`.${p.domain}`))
        .reduce((n, p) => n + p.reports, 0);
      report({
        domain: t.fromDomain,
        path: t.pathId,
        message: `No DMARC report shows mail from ${describePath(path)} (${windowText(r)}), although ${plural(reports, "report")} cover ${t.fromDomain}: it has not sent in that time, or it sends from addresses the description does not give.`,
        evidence: [
          {
            kind: "reports",
            source: reportsSource(r),
            lines: [`no source matched path ${t.pathId}: its addresses, networks and DKIM selectors`],
          },
        ],
      });
    }
  },
);
