/**
 * Regular expressions (ECMAScript source, used with the `u` flag by ajv and by the catalog) for
 * the names an organisation description and the catalog hold. They are strings so that they can
 * go into JSON Schemas.
 */

/**
 * A host or domain name in ASCII form (A-labels, RFC 5890): at least two labels of letters, digits
 * and inner hyphens, at most 63 characters each (RFC 1035 §2.3.4, RFC 1123 §2.1), 253 in all, a
 * top-level label starting with a letter, no trailing dot.
 */
export const DOMAIN_PATTERN =
  "^(?=.{4,253}$)(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$";

/** A DKIM selector: one or more dot-separated labels of letters, digits and inner hyphens (RFC 6376 §3.1). */
export const SELECTOR_PATTERN =
  "^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$";

/** A catalog id: lower-case words joined by single hyphens (`microsoft365`, `amazon-ses`). */
export const CATALOG_ID_PATTERN = "^[a-z0-9]+(?:-[a-z0-9]+)*$";

/** A settings name: camelCase (`tenant`, `returnPathDomain`). */
export const SETTING_NAME_PATTERN = "^[a-z][A-Za-z0-9]*$";

/** What each pattern means, for error messages. */
export const PATTERN_DESCRIPTIONS: Readonly<Record<string, string>> = {
  [DOMAIN_PATTERN]:
    "a domain name in ASCII form such as contoso.example (letters, digits, inner hyphens; two labels or more; no trailing dot)",
  [SELECTOR_PATTERN]: "a DKIM selector such as selector1 (letters, digits, inner hyphens; labels separated by dots)",
  [CATALOG_ID_PATTERN]: "a catalog id in lower case with single hyphens, such as amazon-ses",
  [SETTING_NAME_PATTERN]: "a camelCase name such as returnPathDomain",
};
