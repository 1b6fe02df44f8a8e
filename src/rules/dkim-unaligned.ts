import { defineRule, listWords } from "./define.ts";
import { describePath } from "./path-helpers.ts";
import { rfc } from "./references.ts";

export default defineRule(
  {
    id: "dkim-unaligned",
    severity: "warning",
    scope: "path",
    title: "The path signs only with a domain that does not align with From",
    description:
      "DKIM counts for DMARC only when the signing domain (`d=`) shares the From domain's Organizational Domain (relaxed) or equals it (strict). Providers sign with their own domain until the customer's domain is set up (Exchange Online's `<tenant>.onmicrosoft.com`, SendGrid's `sendgrid.net`): such signatures pass but do nothing for DMARC.",
    references: [rfc(9989, "4.4.1"), rfc(7489, "3.1.1")],
    fix: "Set up DKIM for the From domain with the provider (publish its selector CNAMEs or key records) so that it signs with `d=` the From domain.",
  },
  ({ facts, report }) => {
    for (const path of facts.paths) {
      const v = path.verdict;
      const passing = v.dkim.filter((d) => d.result === "pass");
      if (passing.length === 0 || passing.some((d) => d.aligned !== false)) continue;
      report({
        domain: v.fromDomain,
        path: v.id,
        message: `Mail on ${describePath(path)} is signed only with ${listWords([...new Set(passing.map((d) => `d=${d.domain}`))])}, which does not align with ${v.fromDomain}.`,
      });
    }
  },
);
