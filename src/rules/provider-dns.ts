import type { DnsChange } from "../dns/overlay-changes.ts";
import type { MxRecord } from "../dns/types.ts";
import { domainValues, expandTemplate } from "../providers/template.ts";
import type { DnsRequirement } from "../providers/types.ts";
import type { PathFacts } from "../verdicts/types.ts";
import { isSpfText, splitTxt } from "./fix-text.ts";

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

/** One requirement's data in the shape of a change's records, or undefined when it keeps a placeholder. */
function requirementRecord(type: DnsRequirement["type"], value: string): string | string[] | MxRecord | undefined {
  if (/[{}<>]/.test(value)) return undefined;
  const v = value.trim();
  if (type === "TXT") return splitTxt(v);
  if (type === "MX") {
    const m = /^(?:(\d{1,5})\s+)?(\S+?)\.?$/.exec(v);
    const preference = Number(m?.[1] ?? "10");
    if (m === null || preference > 65535) return undefined;
    return { preference, exchange: (m[2] ?? "").toLowerCase() };
  }
  return v.toLowerCase().replace(/\.$/, "");
}

/**
 * The requirements that can be published as they are (no value only the provider knows), as
 * changes: one RRset per name and type. SPF TXT records are left out: the SPF fixes merge them
 * into the domain's one SPF record.
 */
export function requirementChanges(requirements: readonly DnsRequirement[], path: PathFacts): DnsChange[] {
  if (path.plan.via.kind !== "provider") return [];
  const { settings } = path.plan.via;
  const values = { ...settings, ...domainValues(path.plan.fromDomain) };
  const changes = new Map<string, DnsChange>();
  for (const r of requirements) {
    const name = expandTemplate(r.name, values).toLowerCase().replace(/\.$/, "");
    const value = expandTemplate(r.value, values);
    if (r.type === "TXT" && isSpfText(value)) continue;
    const record = requirementRecord(r.type, value);
    if (record === undefined || /[{}]/.test(name)) continue;
    const key = `${name}|${r.type}`;
    const change = changes.get(key) ?? { name, type: r.type, records: [] };
    (change.records as unknown[]).push(record);
    changes.set(key, change);
  }
  return [...changes.values()];
}
