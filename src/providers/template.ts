/**
 * Name templates of the provider catalog: `selector1-{domainDashed}._domainkey.{tenant}.onmicrosoft.com`.
 *
 * A placeholder is `{name}` (a letter, then letters and digits). `expandTemplate` fills in the
 * placeholders it has values for and leaves the others as they are; `templateMatcher` compares a
 * concrete DNS name with a template, where a placeholder without a value stands for what the
 * provider assigns and matches one or more DNS-label characters (never a dot). Names compare
 * case-insensitively (RFC 4343) and a trailing dot is ignored.
 */

const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9]*)\}/g;

/** Characters of one DNS label as providers use them (letters, digits, hyphen, underscore). */
const LABEL_CHARS = "[a-z0-9_-]+";

/** Longest name a matcher considers (RFC 1035 §2.3.4: 253 characters in text form). */
const MAX_NAME = 253;

/** Placeholder values: a setting name (or `domain`, `domainDashed`) to its value; undefined means none. */
export type TemplateValues = Readonly<Record<string, string | undefined>>;

/** The placeholder names a template uses, in order of first use. */
export function templatePlaceholders(template: string): string[] {
  const names: string[] = [];
  for (const m of template.matchAll(PLACEHOLDER)) {
    const name = m[1] as string;
    if (!names.includes(name)) names.push(name);
  }
  return names;
}

/** Replaces each placeholder that has a value; the others stay in the result as `{name}`. */
export function expandTemplate(template: string, values: TemplateValues): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => {
    const value = Object.hasOwn(values, name) ? values[name] : undefined;
    return value === undefined ? whole : value;
  });
}

/**
 * Lower-cases a name or template and removes one trailing dot (RFC 4343), leaving placeholder
 * names as they are (`Selector1-{domainLabel}.` → `selector1-{domainLabel}`).
 */
export function normalizeTemplate(template: string): string {
  const stripped = stripDot(template);
  let out = "";
  let last = 0;
  for (const m of stripped.matchAll(PLACEHOLDER)) {
    out += stripped.slice(last, m.index).toLowerCase() + m[0];
    last = m.index + m[0].length;
  }
  return out + stripped.slice(last).toLowerCase();
}

/** `contoso.example` → `contoso-example` (the form Microsoft 365 and others use in one label). */
export function dashDomain(domain: string): string {
  return stripDot(domain).toLowerCase().replace(/\./g, "-");
}

/** The built-in values for a From domain: `{domain}` and `{domainDashed}`. */
export function domainValues(fromDomain: string): { domain: string; domainDashed: string } {
  const domain = stripDot(fromDomain).toLowerCase();
  return { domain, domainDashed: dashDomain(domain) };
}

/** What a matched name held for each placeholder that had no value (lower-cased). */
export type TemplateCaptures = Record<string, string>;

/** Compares a DNS name with a template: the captures when it matches, otherwise null. */
export type NameMatcher = (name: string) => TemplateCaptures | null;

export interface MatcherOptions {
  /** Also match any name below the template (`x.sendgrid.net` for `sendgrid.net`). */
  suffix?: boolean;
}

/**
 * Builds a matcher for a template. Placeholders with a value in `values` must appear literally;
 * the others match one or more DNS-label characters. When one name repeats, every occurrence must
 * hold the same text.
 */
export function templateMatcher(
  template: string,
  values: TemplateValues = {},
  options: MatcherOptions = {},
): NameMatcher {
  const raw = stripDot(template);
  const groups: string[] = [];
  let source = "";
  let last = 0;
  for (const m of raw.matchAll(PLACEHOLDER)) {
    const name = m[1] as string;
    source += escapeRegExp(raw.slice(last, m.index));
    last = m.index + m[0].length;
    const value = Object.hasOwn(values, name) ? values[name] : undefined;
    if (value !== undefined) {
      // A value is literal text, even if it looks like a placeholder.
      source += escapeRegExp(stripDot(value));
      continue;
    }
    const seen = groups.indexOf(name);
    if (seen >= 0) {
      source += `\\k<p${seen}>`;
    } else {
      source += `(?<p${groups.length}>${LABEL_CHARS})`;
      groups.push(name);
    }
  }
  source += escapeRegExp(raw.slice(last));
  const prefix = options.suffix === true ? "(?:[^.]+\\.)*" : "";
  const regex = new RegExp(`^${prefix}${source}$`, "i");
  return (name) => {
    const candidate = stripDot(name);
    if (candidate.length === 0 || candidate.length > MAX_NAME) return null;
    const m = regex.exec(candidate);
    if (m === null) return null;
    const captures: TemplateCaptures = {};
    groups.forEach((group, i) => {
      captures[group] = (m.groups?.[`p${i}`] ?? "").toLowerCase();
    });
    return captures;
  };
}

/** True when `name` matches `template` (a one-off comparison; build a matcher to compare many). */
export function matchesTemplate(name: string, template: string, values: TemplateValues = {}): boolean {
  return templateMatcher(template, values)(name) !== null;
}

function stripDot(name: string): string {
  return name.endsWith(".") ? name.slice(0, -1) : name;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
