import { defineRule } from "./define.ts";
import { rfc } from "./references.ts";
import { fmt, percent, plural, reportsSource, windowText } from "./report-helpers.ts";

export default defineRule(
  {
    id: "report-unknown-domain",
    severity: "warning",
    scope: "org",
    title: "DMARC reports cover a domain the description does not list",
    description:
      "Receivers send reports for every From domain whose DMARC policy names the organisation's `rua` address, including subdomains under an organisational record. A From domain in the reports that the description does not list is audited by nobody: its senders, if legitimate, are undescribed; if all its mail fails DMARC, someone spoofs a domain the organisation answers for.",
    references: [rfc(7489, "7.2"), rfc(9990, "2"), rfc(9989, "4.10")],
    fix: "Add the domain to the description: with its paths if it sends, or with `sends: false` if it must not send (the audit then checks that it says so in DNS).",
    adjustments: [
      {
        severity: "info",
        when: "none of the domain's mail passes DMARC (spoofing of a domain the description could list with sends: false)",
      },
    ],
  },
  ({ facts, report }) => {
    const r = facts.reports;
    if (r === undefined) return;
    const listed = facts.org.domains.map((d) => d.name.toLowerCase());
    for (const u of r.unlistedDomains) {
      const parent = listed.find((d) => u.domain.endsWith(`.${d}`));
      const relation = parent !== undefined ? `, a subdomain of ${parent},` : "";
      const passing = u.dmarcPass > 0;
      report({
        domain: u.domain,
        message: `DMARC reports (${windowText(r)}) cover mail from ${u.domain}${relation} which the description does not list: ${plural(u.messages, "message")} from ${plural(u.sources, "address", "addresses")}, ${fmt(u.dmarcPass)} passing DMARC (${percent(u.dmarcPass, u.messages)}), reported by ${u.reporters.slice(0, 5).join(", ")}${u.reporters.length > 5 ? " and others" : ""}.`,
        evidence: [
          {
            kind: "reports",
            source: reportsSource(r),
            lines: u.topSources.map((s) => `${s.ip}: ${plural(s.messages, "message")}`),
            note: `the most voluminous sources of ${u.domain}`,
          },
        ],
        fix: passing
          ? `Add ${u.domain} to the description with the paths that send its mail, and audit again.`
          : `None of its mail passes DMARC: if ${u.domain} sends nothing, add it to the description with \`sends: false\` (the audit then checks its SPF \`-all\`, null MX and DMARC \`p=reject\`).`,
        ...(passing ? {} : { severity: "info" as const }),
      });
    }
  },
);
