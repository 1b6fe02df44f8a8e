/**
 * Account settings against a catalog entry: defaults, conditions (`when`), and the problems of a
 * set of values (unknown names, missing required settings, values outside `enum` or `pattern`).
 */
import type { ProviderEntry, SettingCondition, SettingSpec } from "./types.ts";

/** The values a user gave for one provider (`settings` of the organisation description). */
export type SettingValues = Readonly<Record<string, string>>;

/** The given values completed with the entry's defaults. */
export function resolveSettings(entry: ProviderEntry, given: SettingValues): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, spec] of Object.entries(entry.settings)) {
    const value = Object.hasOwn(given, name) ? given[name] : spec.default;
    if (value !== undefined) values[name] = value;
  }
  return values;
}

/** True when every condition holds for the given values (defaults count for `in`, not for `present`). */
export function conditionsHold(
  conditions: readonly SettingCondition[] | undefined,
  entry: ProviderEntry,
  given: SettingValues,
): boolean {
  if (conditions === undefined) return true;
  const resolved = resolveSettings(entry, given);
  return conditions.every((c) => {
    if (c.present !== undefined && c.present !== Object.hasOwn(given, c.setting)) return false;
    if (c.in !== undefined) {
      const value = resolved[c.setting];
      if (value === undefined || !c.in.includes(value)) return false;
    }
    return true;
  });
}

/** One problem with a provider's settings: which setting, what is wrong, what was expected. */
export interface SettingProblem {
  setting: string;
  kind: "unknown" | "missing" | "invalid";
  message: string;
  expected: string;
}

/** What is wrong with the values given for an entry (empty when nothing is). */
export function settingProblems(entry: ProviderEntry, given: SettingValues): SettingProblem[] {
  const problems: SettingProblem[] = [];
  const declared = Object.keys(entry.settings);
  for (const [name, value] of Object.entries(given)) {
    const spec = entry.settings[name];
    if (spec === undefined || !Object.hasOwn(entry.settings, name)) {
      problems.push({
        setting: name,
        kind: "unknown",
        message: `setting "${name}" is not declared by catalog entry "${entry.id}"`,
        expected:
          declared.length === 0
            ? `no settings (catalog entry "${entry.id}" declares none)`
            : `one of ${quoteList(declared)}`,
      });
      continue;
    }
    const invalid = valueProblem(spec, value);
    if (invalid !== undefined) {
      problems.push({
        setting: name,
        kind: "invalid",
        message: `setting "${name}" ${invalid.message}`,
        expected: invalid.expected,
      });
    }
  }
  for (const [name, spec] of Object.entries(entry.settings)) {
    if (spec.required && !Object.hasOwn(given, name)) {
      problems.push({
        setting: name,
        kind: "missing",
        message: `missing required setting "${name}" for catalog entry "${entry.id}"`,
        expected: `${spec.description} For example ${JSON.stringify(spec.example)}.`,
      });
    }
  }
  return problems;
}

function valueProblem(spec: SettingSpec, value: string): { message: string; expected: string } | undefined {
  if (spec.enum !== undefined && !spec.enum.includes(value)) {
    return { message: `must be one of ${quoteList(spec.enum)}`, expected: `one of ${quoteList(spec.enum)}` };
  }
  if (spec.pattern !== undefined && !safeTest(spec.pattern, value)) {
    return {
      message: `does not have the expected form (${spec.description})`,
      expected: `a value like ${JSON.stringify(spec.example)} matching /${spec.pattern}/`,
    };
  }
  return undefined;
}

/** Tests a catalog pattern; a pattern that does not compile matches nothing (entries are validated first). */
function safeTest(pattern: string, value: string): boolean {
  try {
    return new RegExp(pattern, "u").test(value);
  } catch {
    return false;
  }
}

/** `"a", "b", "c"`. */
export function quoteList(values: readonly string[]): string {
  return values.map((v) => JSON.stringify(v)).join(", ");
}
