import { defineRule } from "./define.ts";
import { addDkimStep, noCustomMailFromStep } from "./manual-steps.ts";
import { describePath } from "./path-helpers.ts";
import { rfc } from "./references.ts";

export default defineRule(
  {
    id: "path-single-alignment",
    severity: "warning",
    scope: "path",
    title: "DMARC passes through one identifier only",
    description:
      "DMARC passes when SPF *or* DKIM passes aligned, but one alone is fragile: forwarding and mailing lists break SPF (the forwarder's IP is not authorised, RFC 7208 Appendix D), and a key rotation or a provider change breaks DKIM. A healthy path passes both aligned.",
    references: [rfc(9989, "4.4"), rfc(7208, "D"), rfc(6376, "1.1")],
    fix: "Add the missing identifier: sign with an aligned DKIM key, or authorise the path's servers in the SPF record of an aligned MAIL FROM domain.",
  },
  ({ facts, report }) => {
    for (const path of facts.paths) {
      const v = path.verdict;
      if (v.verdict !== "fragile") continue;
      const spfCounts = v.spf.result === "pass" && v.spf.aligned;
      const why = spfCounts
        ? v.dkim.length === 0
          ? "no DKIM signature is declared for it"
          : `DKIM does not pass aligned (${v.dkim.map((d) => `d=${d.domain} s=${d.selector}: ${d.result}${d.result === "pass" && !d.aligned ? ", not aligned" : ""}`).join("; ")})`
        : v.spf.result === "pass"
          ? `SPF passes for ${v.spf.domain}, which does not align with ${v.fromDomain}`
          : `SPF gives ${v.spf.result} for ${v.spf.domain}`;
      const step = spfCounts
        ? v.dkim.length === 0
          ? addDkimStep(path)
          : undefined
        : v.spf.result === "pass"
          ? noCustomMailFromStep(path)
          : undefined;
      report({
        domain: v.fromDomain,
        path: v.id,
        message: `Mail on ${describePath(path)} passes DMARC through ${spfCounts ? "SPF" : "DKIM"} only: ${why}.`,
        ...(step !== undefined ? { manual: [step] } : {}),
      });
    }
  },
);
