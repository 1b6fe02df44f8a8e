import { defineRule } from "./define.ts";
import { code } from "./fix-text.ts";
import { noCustomMailFromStep } from "./manual-steps.ts";
import { describePath, spfTraceEvidence } from "./path-helpers.ts";
import { requirementLines } from "./provider-dns.ts";
import { rfc } from "./references.ts";

export default defineRule(
  {
    id: "spf-unaligned",
    severity: "warning",
    scope: "path",
    title: "SPF passes, but for a domain that does not align with From",
    description:
      "DMARC counts SPF only when the MAIL FROM (envelope, Return-Path) domain shares the From domain's Organizational Domain (relaxed) or equals it (strict). Providers that bounce to their own domain by default (SendGrid's `sendgrid.net`, Amazon SES's `amazonses.com`) make SPF pass for themselves, which does nothing for the customer's DMARC: DMARC then rests on DKIM alone.",
    references: [rfc(9989, "4.4.2"), rfc(7489, "3.1.2")],
    fix: "Set up a custom MAIL FROM (return-path, bounce) domain under the From domain's Organizational Domain, as the provider documents.",
  },
  ({ facts, report }) => {
    for (const path of facts.paths) {
      const v = path.verdict;
      if (v.spf.result !== "pass" || v.spf.aligned !== false) continue;
      const via = path.plan.via;
      const custom = via.kind === "provider" ? via.entry.mailFrom.custom : undefined;
      const whose =
        path.plan.mailFrom.source === "provider-default" && via.kind === "provider"
          ? `, ${via.entry.name}'s default bounce domain`
          : "";
      let fix: string | undefined;
      let manual: string | undefined;
      if (custom?.supported === true && custom.setting !== undefined && via.kind === "provider") {
        const records = requirementLines(custom.dns, path);
        fix = `Set up a custom MAIL FROM domain in ${via.entry.name} (setting \`${custom.setting}\` in the description), a subdomain of ${v.fromDomain}'s Organizational Domain${records.length > 0 ? `, with:\n\n    ${records.join("\n    ")}` : "."}`;
        manual = `Set up a custom MAIL FROM (return-path) domain under ${code(v.fromDomain)} in ${via.entry.name}, and give it as ${code(custom.setting)} in the settings of provider ${code(via.providerId)} in the description; publish the records ${via.entry.name} shows for it.`;
      } else if (custom?.supported === false && via.kind === "provider") {
        fix = `${via.entry.name} offers no custom MAIL FROM domain: make sure DKIM is aligned (sign with ${v.fromDomain}).`;
        manual = noCustomMailFromStep(path);
      }
      const consequence =
        v.verdict === "fragile"
          ? " DMARC passes through DKIM alone: forwarding or a key mistake makes it fail."
          : v.verdict === "fail"
            ? " With DKIM not aligned either, DMARC fails."
            : "";
      const report_ = {
        domain: v.fromDomain,
        path: v.id,
        message: `SPF passes on ${describePath(path)} for ${v.spf.domain}${whose}, which does not align with ${v.fromDomain}: it does not count for DMARC.${consequence}`,
        evidence: spfTraceEvidence(path.spfChecks[0]?.check),
        supersedes: ["path-single-alignment"],
      };
      report({
        ...report_,
        ...(fix !== undefined ? { fix } : {}),
        ...(manual !== undefined ? { manual: [manual] } : {}),
      });
    }
  },
);
