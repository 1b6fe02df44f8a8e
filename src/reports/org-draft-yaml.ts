/**
 * A draft description (`orgFromReports`) as YAML, each annotation written as comments above the
 * part it is about (`from:` what the reports showed, `CONFIRM:` what to check by hand, `note:`),
 * and the problems met on top (src/org/annotated-yaml.ts).
 */
import { annotatedOrgYaml } from "../org/annotated-yaml.ts";
import type { OrgDraft } from "./org-draft.ts";

/** Writes the draft; it loads back with `loadOrg` to the same description. */
export function draftToYaml(draft: OrgDraft): string {
  return annotatedOrgYaml(draft.org, draft.annotations, {
    header: [
      "Organisation description drafted from DMARC aggregate reports by email-auth-audit.",
      "Check each CONFIRM line, then run: email-auth-audit audit --org <this file> --reports <database>",
    ],
    problems: draft.problems,
  });
}
