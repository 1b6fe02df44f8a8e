/**
 * DNS data is hostile input: a TXT record can hold ANSI escape sequences that recolour or rewrite a
 * terminal, carriage returns that overwrite a line, or bidirectional overrides that reorder what a
 * reader sees. The text and Markdown formats pass every string from a report through here.
 */

// C0 controls but tab and newline, DEL, C1 controls, and the bidi embeddings/overrides/isolates and marks.
const UNSAFE_MULTILINE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;
const UNSAFE_LINE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

function visibleEscape(ch: string): string {
  return `\\u{${(ch.codePointAt(0) ?? 0).toString(16)}}`;
}

/** One line of text: every control character (newlines too) becomes a visible `\u{..}` escape. */
export function printable(value: string): string {
  return value.replace(UNSAFE_LINE, visibleEscape);
}

/** Text that may span lines (a fix): newlines and tabs stay, other control characters are escaped. */
export function printableLines(value: string): string {
  return value.replace(UNSAFE_MULTILINE, visibleEscape);
}
