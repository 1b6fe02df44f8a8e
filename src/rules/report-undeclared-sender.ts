import type { ReportSource } from "../facts/report-types.ts";
import { defineRule, listWords } from "./define.ts";
import { doc, rfc } from "./references.ts";
import { fmt, mostlyPassing, percent, plural, policyOf, sourcesEvidence, sums, windowText } from "./report-helpers.ts";

type Group = { key: string; fromDomain: string; kind: "provider" | "path" | "unknown"; sources: ReportSource[] };

/** Sources no path describes for their From domain, grouped: per provider, per path, unknown passing or failing. */
function groups(sources: readonly ReportSource[]): Group[] {
  const out = new Map<string, Group>();
  for (const s of sources) {
    let kind: Group["kind"];
    let id: string;
    if (s.class === "provider") {
      kind = "provider";
      id = s.provider?.id ?? "?";
    } else if (s.class === "path" && s.path !== undefined && !s.path.fromListed) {
      kind = "path";
      id = s.path.id;
    } else if (s.class === "unknown") {
      kind = "unknown";
      id = mostlyPassing(s) ? "passing" : "failing";
    } else continue;
    const key = `${s.fromDomain}|${kind}|${id}`;
    const g = out.get(key) ?? { key, fromDomain: s.fromDomain, kind, sources: [] };
    g.sources.push(s);
    out.set(key, g);
  }
  return [...out.values()];
}

function volume(g: Group): string {
  const t = sums(g.sources);
  return `${plural(t.messages, "message")} from ${plural(g.sources.length, "address", "addresses")}, ${fmt(t.dmarcPass)} passing DMARC (${percent(t.dmarcPass, t.messages)})`;
}

export default defineRule(
  {
    id: "report-undeclared-sender",
    severity: "warning",
    scope: "domain",
    title: "DMARC reports show a sender the description does not declare",
    description:
      "Receivers' DMARC aggregate reports list every address that sent mail as the organisation's domains. Each address is matched against the described paths (egress addresses, providers' SPF networks, DKIM selectors, PTR names). A source that matches none is an undeclared sender: a known provider nobody described, a described path sending for a From domain it does not list, an unknown server that passes DMARC (authorised by SPF, or signing with an undescribed DKIM selector), or unknown sources that fail DMARC (spoofing candidates, or servers of the organisation nobody described). Forwarders and mailing lists are not reported here.",
    references: [
      rfc(7489, "7.2"),
      rfc(9990, "2"),
      rfc(9989, "4.4"),
      doc("dmarcian: Detail Viewer (source categories)", "https://dmarcian.com/detail-viewer-overview/"),
    ],
    fix: "Describe every legitimate sender as a path of the organisation description (docs/org.md), then make it pass DMARC aligned; stop the senders that should not use the domain (remove them from SPF, revoke their DKIM keys).",
    adjustments: [
      {
        severity: "error",
        when: "a known provider's or a described path's mail fails DMARC where the domain's policy is quarantine or reject: that mail is being lost now",
      },
      {
        severity: "info",
        when: "unknown sources fail DMARC where the domain's policy is quarantine or reject: spoofing that DMARC already stops",
      },
    ],
  },
  ({ facts, report }) => {
    const r = facts.reports;
    if (r === undefined) return;
    const when = windowText(r);
    for (const g of groups(r.sources)) {
      const t = sums(g.sources);
      const policy = policyOf(facts, g.fromDomain);
      const enforced = policy === "quarantine" || policy === "reject";
      const failing = !mostlyPassing(t);
      const first = g.sources[0] as ReportSource;
      const policyText = policy === null ? "the domain has no DMARC policy in force" : `p=${policy}`;
      if (g.kind === "provider") {
        const p = first.provider ?? { id: "?", name: "?", by: "" };
        const elsewhere = facts.paths.find((x) => x.plan.via.kind === "provider" && x.plan.via.entry.id === p.id);
        const note =
          elsewhere === undefined
            ? ""
            : ` The description uses ${p.name} on path ${elsewhere.plan.pathId}, for ${elsewhere.plan.fromDomain} only.`;
        report({
          domain: g.fromDomain,
          message: `${p.name} sends as ${g.fromDomain} (${volume(g)}, ${when}) but no path describes it (recognised by: ${p.by}).${note}${failing ? ` Its mail fails DMARC (${policyText}${enforced ? ": it is being quarantined or rejected now" : ""}).` : ""}`,
          evidence: [sourcesEvidence(r, g.sources, `sources recognised as ${p.name}`)],
          fix: `If ${p.name} sends for you, describe it: add a provider account with \`catalog: ${p.id}\` and a path from ${g.fromDomain} (docs/org.md), then audit again and publish what its findings ask for. If nobody should use ${p.name} for ${g.fromDomain}, find the account that does and close it.`,
          ...(failing && enforced ? { severity: "error" as const } : {}),
        });
      } else if (g.kind === "path") {
        const id = first.path?.id ?? "?";
        report({
          domain: g.fromDomain,
          message: `Path ${id} sends as ${g.fromDomain} (${volume(g)}, ${when}), a From domain it does not list.`,
          evidence: [sourcesEvidence(r, g.sources)],
          fix: `Add ${g.fromDomain} to the \`from\` list of path ${id} (and audit again), or stop that mail.`,
          ...(failing && enforced ? { severity: "error" as const } : {}),
        });
      } else if (!failing) {
        const whys = [...new Set(g.sources.map((s) => s.why))];
        report({
          domain: g.fromDomain,
          message: `${plural(g.sources.length, "unknown source")} ${g.sources.length === 1 ? "passes" : "pass"} DMARC as ${g.fromDomain} (${volume(g)}, ${when}) and no path describes ${g.sources.length === 1 ? "it" : "them"}. Why it passes: ${listWords(whys.slice(0, 3))}.`,
          evidence: [sourcesEvidence(r, g.sources)],
          fix: `Find out who runs these addresses (the PTR names in the evidence help). Describe each legitimate one as a path (a smart host or a direct server, with its DKIM selector); remove the others from the SPF record of ${g.fromDomain} and revoke the DKIM keys they sign with.`,
        });
      } else {
        report({
          domain: g.fromDomain,
          message: `${plural(g.sources.length, "unknown source")} sent mail as ${g.fromDomain} that failed DMARC (${plural(t.failing, "message")} of ${fmt(t.messages)}, ${when}): spoofing candidates, or servers no path describes. ${enforced ? `p=${policy} stops it.` : `${policyText}, so receivers deliver it.`}`,
          evidence: [sourcesEvidence(r, g.sources)],
          fix: enforced
            ? "Check that none of these addresses is yours; if one is, describe it as a path and make it pass DMARC aligned."
            : "Check that none of these addresses is yours (describe any that is), then move the DMARC policy towards `p=quarantine` and `p=reject` (see report-policy-readiness) so that receivers stop this mail.",
          ...(enforced ? { severity: "info" as const } : {}),
        });
      }
    }
  },
);
