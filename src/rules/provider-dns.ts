import { domainValues, expandTemplate } from "../providers/template.ts";
import type { DnsRequirement } from "../providers/types.ts";
import type { PathFacts } from "../verdicts/types.ts";

/**
 * The DNS records a provider feature needs, as zone-file lines, with the account's settings and
 * the From domain filled in; what only the provider knows stays as `<name>` (the setting's example
 * is shown where the catalog has one).
 */
export function requirementLines(requirements: readonly DnsRequirement[], path: PathFacts): string[] {
  if (path.plan.via.kind !== "provider") return [];
  const { entry, settings } = path.plan.via;
  const values = { ...settings, ...domainValues(path.plan.fromDomain) };
  const fill = (template: string) =>
    expandTemplate(template, values).replace(/\{([A-Za-z][A-Za-z0-9]*)\}/g, (_m, name: string) => {
      const example = entry.settings[name]?.example;
      return example !== undefined ? `<${name}, e.g. ${example}>` : `<${name}>`;
    });
  return requirements.map((r) => `${fill(r.name)} ${r.type} ${fill(r.value)}`);
}
