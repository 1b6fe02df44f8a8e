/**
 * The report formats' view of {@link printable}: every string from a report passes through here
 * (text, Markdown) or through the HTML and SARIF escapers built on the same character set
 * (src/common/printable.ts; docs/security.md).
 */
export { hasUnsafeChars, printable, printableLines, UNSAFE_CHARS, visibleEscape } from "../common/printable.ts";
