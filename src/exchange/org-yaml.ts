/**
 * An organisation description as YAML, with the annotations of `orgFromExchange` as comments
 * above the parts they are about: where each came from (`from:`), what to confirm (`CONFIRM:`),
 * and other remarks (src/org/annotated-yaml.ts).
 */
import { annotatedOrgYaml } from "../org/annotated-yaml.ts";
import type { Organisation } from "../org/types.ts";
import type { OrgAnnotation } from "./org-types.ts";

/**
 * Writes a description as YAML with each annotation as comments above its part; the header (the
 * annotation with pointer `""`) lists the files read. The text loads with `loadOrg` to the same
 * description.
 */
export function orgToYaml(org: Organisation, annotations: readonly OrgAnnotation[] = []): string {
  return annotatedOrgYaml(org, annotations, {
    header: [
      "Organisation description derived from Exchange exports by email-auth-audit.",
      "Check each CONFIRM line, then run: email-auth-audit audit --org <this file>",
    ],
  });
}
