/**
 * What a JSON Schema cannot say about a catalog entry: every template placeholder is known (a
 * typo would otherwise silently match anything), conditions name declared settings, patterns
 * compile, defaults are valid values.
 */
import type { SchemaProblem } from "../common/json-schema.ts";
import { templatePlaceholders } from "./template.ts";
import type { ProviderEntry, SettingCondition } from "./types.ts";

const BUILT_IN = new Set(["domain", "domainDashed"]);

interface Located {
  path: string;
  pointer: string;
}

function at(pointer: string): Located {
  const path = pointer
    .split("/")
    .slice(1)
    .map((t) => (/^\d+$/.test(t) ? `[${t}]` : `.${t}`))
    .join("");
  return { pointer, path: `$${path}` };
}

/** Every template of an entry with its JSON Pointer. */
export function entryTemplates(entry: ProviderEntry): Array<{ pointer: string; template: string }> {
  const out: Array<{ pointer: string; template: string }> = [];
  const add = (pointer: string, template: string | undefined) => {
    if (template !== undefined) out.push({ pointer, template });
  };
  entry.spf.includes.forEach((f, i) => add(`/spf/includes/${i}/domain`, f.domain));
  entry.spf.mechanisms.forEach((f, i) => add(`/spf/mechanisms/${i}/term`, f.term));
  add("/mailFrom/default/domain", entry.mailFrom.default.domain);
  entry.mailFrom.custom.dns.forEach((d, i) => {
    add(`/mailFrom/custom/dns/${i}/name`, d.name);
    add(`/mailFrom/custom/dns/${i}/value`, d.value);
    d.alternatives?.forEach((a, j) => add(`/mailFrom/custom/dns/${i}/alternatives/${j}`, a));
  });
  entry.dkim.selectors.forEach((s, i) => {
    add(`/dkim/selectors/${i}/selector`, s.selector);
    s.targets?.forEach((t, j) => add(`/dkim/selectors/${i}/targets/${j}`, t));
  });
  entry.dkim.defaultSigning.forEach((d, i) => add(`/dkim/defaultSigning/${i}/domain`, d.domain));
  entry.mx?.forEach((m, i) => add(`/mx/${i}/host`, m.host));
  for (const kind of ["spfIncludes", "cnameTargets", "mxHosts"] as const) {
    entry.detect[kind].forEach((p, i) => add(`/detect/${kind}/${i}`, p));
  }
  return out;
}

/** Every `when` of an entry with its JSON Pointer. */
function entryConditions(entry: ProviderEntry): Array<{ pointer: string; when: readonly SettingCondition[] }> {
  const out: Array<{ pointer: string; when: readonly SettingCondition[] }> = [];
  const add = (pointer: string, when: readonly SettingCondition[] | undefined) => {
    if (when !== undefined) out.push({ pointer, when });
  };
  entry.spf.includes.forEach((f, i) => add(`/spf/includes/${i}/when`, f.when));
  entry.spf.mechanisms.forEach((f, i) => add(`/spf/mechanisms/${i}/when`, f.when));
  entry.dkim.selectors.forEach((s, i) => add(`/dkim/selectors/${i}/when`, s.when));
  entry.dkim.defaultSigning.forEach((d, i) => add(`/dkim/defaultSigning/${i}/when`, d.when));
  entry.mx?.forEach((m, i) => add(`/mx/${i}/when`, m.when));
  return out;
}

/** The problems of an entry that already satisfies `providerEntrySchema`. */
export function entryProblems(entry: ProviderEntry): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const report = (pointer: string, message: string) => problems.push({ ...at(pointer), message });
  const settings = Object.keys(entry.settings);
  const assigned = Object.keys(entry.assigned ?? {});
  const known = new Set([...BUILT_IN, ...settings, ...assigned]);

  for (const name of [...settings, ...assigned]) {
    if (BUILT_IN.has(name))
      report(`/settings/${name}`, `"${name}" is a built-in placeholder and cannot be a setting or an assigned value`);
  }
  for (const name of assigned) {
    if (settings.includes(name)) report(`/assigned/${name}`, `"${name}" is both a setting and an assigned value`);
  }
  for (const { pointer, template } of entryTemplates(entry)) {
    for (const name of templatePlaceholders(template)) {
      if (!known.has(name)) {
        report(
          pointer,
          `placeholder {${name}} is neither {domain}, {domainDashed}, a declared setting nor an assigned value`,
        );
      }
    }
  }
  for (const { pointer, when } of entryConditions(entry)) {
    when.forEach((c, i) => {
      const spec = entry.settings[c.setting];
      if (spec === undefined) {
        report(`${pointer}/${i}/setting`, `condition on undeclared setting "${c.setting}"`);
        return;
      }
      for (const value of c.in ?? []) {
        if (spec.enum !== undefined && !spec.enum.includes(value)) {
          report(`${pointer}/${i}/in`, `"${value}" is not a value of setting "${c.setting}"`);
        }
      }
    });
  }
  const custom = entry.mailFrom.custom.setting;
  if (custom !== undefined && entry.settings[custom] === undefined) {
    report("/mailFrom/custom/setting", `names undeclared setting "${custom}"`);
  }
  const signing = entry.dkim.signingDomainSetting;
  if (signing !== undefined && entry.settings[signing] === undefined) {
    report("/dkim/signingDomainSetting", `names undeclared setting "${signing}"`);
  }
  if (entry.mailFrom.default.kind === "provider" && entry.mailFrom.default.domain === undefined) {
    report("/mailFrom/default", `a provider-owned default needs its "domain"`);
  }
  entry.dkim.selectors.forEach((s, i) => {
    if (s.targets !== undefined && s.record === "txt")
      report(`/dkim/selectors/${i}/targets`, "a TXT selector has no CNAME targets");
  });
  for (const [name, spec] of Object.entries(entry.settings)) {
    if (spec.pattern !== undefined) {
      let regex: RegExp | undefined;
      try {
        regex = new RegExp(spec.pattern, "u");
      } catch (e) {
        report(`/settings/${name}/pattern`, `is not a valid regular expression: ${(e as Error).message}`);
      }
      if (regex !== undefined && !regex.test(spec.example))
        report(`/settings/${name}/example`, "does not match the setting's pattern");
    }
    if (spec.enum !== undefined && !spec.enum.includes(spec.example))
      report(`/settings/${name}/example`, "is not one of the setting's values");
    if (spec.default !== undefined && spec.enum !== undefined && !spec.enum.includes(spec.default)) {
      report(`/settings/${name}/default`, "is not one of the setting's values");
    }
  }
  return problems;
}
