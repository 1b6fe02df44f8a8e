import { defineRule } from "./define.ts";
import { describePath, dmarcEvidence, spfTraceEvidence } from "./path-helpers.ts";
import { rfc } from "./references.ts";

export default defineRule(
  {
    id: "path-dmarc-fail",
    severity: "error",
    scope: "path",
    title: "Mail on this path would fail DMARC",
    description:
      "Simulates a receiver for each sending path and From domain: neither SPF nor DKIM passes *aligned* with the From domain, so DMARC fails (RFC 9989 §4.4). With `p=quarantine` or `p=reject` the mail goes to spam or is refused; with `p=none` or no record it is delivered but indistinguishable from spoofing.",
    references: [rfc(9989, "4.4"), rfc(9989, "5.3.5"), rfc(7489, "3.1")],
    fix: "Make at least one identifier pass aligned, ideally both: authorise the path's servers in the SPF record of a MAIL FROM domain that shares the From domain's Organizational Domain, and sign with a DKIM key published under the From domain (or a subdomain of its Organizational Domain).",
  },
  ({ facts, report }) => {
    for (const path of facts.paths) {
      const v = path.verdict;
      if (v.verdict !== "fail") continue;
      const spf = `SPF ${v.spf.result} for ${v.spf.domain}${v.spf.result === "pass" && !v.spf.aligned ? " (not aligned)" : ""}`;
      const dkim =
        v.dkim.length === 0
          ? "no DKIM signature"
          : v.dkim
              .map(
                (d) => `DKIM ${d.result} for d=${d.domain}${d.result === "pass" && !d.aligned ? " (not aligned)" : ""}`,
              )
              .join(", ");
      const policy = v.dmarc.policy;
      const outcome =
        policy === null
          ? "there is no DMARC record, so nothing protects it and receivers treat it like spoofed mail"
          : policy.p === "reject"
            ? "receivers following p=reject refuse it"
            : policy.p === "quarantine"
              ? "receivers following p=quarantine put it in spam"
              : "p=none lets it through for now, but it fails every DMARC check";
      report({
        domain: v.fromDomain,
        path: v.id,
        message: `Mail on ${describePath(path)} would fail DMARC: ${spf}; ${dkim}; ${outcome}.`,
        evidence: [...spfTraceEvidence(path.spfChecks[0]?.check), ...dmarcEvidence(path.dmarc.evidence.discovery)],
      });
    }
  },
);
