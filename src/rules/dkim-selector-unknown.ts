import { defineRule } from "./define.ts";
import { describePath } from "./path-helpers.ts";
import { rfc } from "./references.ts";

export default defineRule(
  {
    id: "dkim-selector-unknown",
    severity: "info",
    scope: "path",
    title: "A DKIM selector the provider assigns was not given",
    description:
      "Some providers assign selectors per account (Amazon SES Easy DKIM tokens, Postmark's dated selectors). DNS cannot list selectors, so the audit cannot check those keys until the description names them.",
    references: [rfc(6376, "3.1")],
    fix: 'Add the selectors to the path\'s `dkim` list in the organisation description (`{ "domain": ..., "selector": ... }`), as the provider\'s console shows them.',
  },
  ({ facts, report }) => {
    for (const path of facts.paths) {
      for (const s of path.signatures) {
        if (s.lookup !== undefined) continue;
        report({
          domain: s.planned.domain,
          path: path.plan.pathId,
          message: `The DKIM selector of ${describePath(path)} is assigned by the provider (${s.planned.selector}): name it in the path's dkim list to have its key checked.`,
        });
      }
    }
  },
);
