/**
 * DNS data is hostile input: a TXT record can hold ANSI escape sequences that recolour or rewrite a
 * terminal, carriage returns that overwrite a line, line separators that start a fake line,
 * bidirectional overrides that reorder what a reader sees (CVE-2021-42574, "Trojan Source"), and
 * zero-width or tag characters that hide text from the reader but not from a program. Every string
 * from DNS (or any other input) passes through here before it reaches a person: each such character
 * becomes a visible `\u{..}` escape. Rules use it for what they paste into fixes; every report
 * format uses it (docs/security.md lists the guarantees per format).
 *
 * What is escaped (Unicode 15 general categories and properties, UAX #44):
 * - `Cc`: C0 and C1 controls and DEL (ESC, CR, NEL...);
 * - `Cf`: format characters: bidi embeddings, overrides, isolates and marks (U+061C, U+200E,
 *   U+200F, U+202A..U+202E, U+2066..U+2069), zero-width space/joiners (U+200B..U+200D), word
 *   joiner and invisible operators (U+2060..U+2064), U+FEFF, soft hyphen, tags (U+E0000 block)...;
 * - `Zl`, `Zp`: U+2028 LINE SEPARATOR and U+2029 PARAGRAPH SEPARATOR;
 * - `Default_Ignorable_Code_Point`: what renderers draw as nothing (variation selectors, Hangul
 *   fillers, U+034F, U+180B..U+180F...);
 * - `Cs`: lone surrogates; `Noncharacter_Code_Point`: U+FFFE, U+FFFF and the like.
 */

/** Every character that is escaped in a one-line value. */
export const UNSAFE_CHARS =
  /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}\p{Cs}\p{Noncharacter_Code_Point}]/gu;

/** The same, but tab and newline stay (text that may span lines). */
const UNSAFE_MULTILINE =
  /(?![\t\n])[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}\p{Cs}\p{Noncharacter_Code_Point}]/gu;

/** Whether `value` holds a character {@link printable} would escape (tab and newline count). */
export function hasUnsafeChars(value: string): boolean {
  UNSAFE_CHARS.lastIndex = 0;
  const found = UNSAFE_CHARS.test(value);
  UNSAFE_CHARS.lastIndex = 0;
  return found;
}

/** `\u{200b}`: the visible form of one character. */
export function visibleEscape(ch: string): string {
  return `\\u{${(ch.codePointAt(0) ?? 0).toString(16)}}`;
}

/** One line of text: every control or invisible character (newlines too) becomes a visible `\u{..}` escape. */
export function printable(value: string): string {
  return value.replace(UNSAFE_CHARS, visibleEscape);
}

/** Text that may span lines (a fix written by a rule): newlines and tabs stay, every other such character is escaped. */
export function printableLines(value: string): string {
  return value.replace(UNSAFE_MULTILINE, visibleEscape);
}

/**
 * A Markdown code span around a value from input, for the fixes and messages rules write: control
 * and invisible characters (newlines included) escaped first, then a backtick run longer than any
 * inside, so the value can neither end the span nor start a line of its own.
 */
export function codeSpan(value: string): string {
  const text = printable(value);
  let longest = 0;
  for (const run of text.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const fence = "`".repeat(longest + 1);
  const pad = text.startsWith("`") || text.endsWith("`") || text === "" ? " " : "";
  return `${fence}${pad}${text}${pad}${fence}`;
}
