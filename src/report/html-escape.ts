/**
 * Escaping for the HTML report. Every string that comes from a report (DNS data above all: a TXT
 * record can hold `<script>`) goes through {@link esc} before it reaches the page, in text and in
 * attribute values alike: the five HTML-special characters become entities, and control and
 * invisible characters (newlines included, so a record cannot start a fake line in a `<pre>`)
 * become visible `\u{..}` escapes (src/common/printable.ts).
 */

import { codeSpanContent, splitCodeSpans } from "./markdown-spans.ts";
import { printable } from "./printable.ts";

const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

function entities(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ENTITIES[ch] ?? ch);
}

/** Escapes one value for HTML (and inline SVG) content or a quoted attribute value. */
export function esc(value: string | number): string {
  return entities(printable(String(value)));
}

/** Shortens a string to `max` characters with an ellipsis (the full text goes in a tooltip). */
export function clip(value: string, max: number): string {
  const chars = [...value];
  return chars.length <= max ? value : chars.slice(0, Math.max(1, max - 1)).join("") + "…";
}

/**
 * A fix written by a rule (Markdown) as HTML: paragraphs, inline code spans and indented code
 * blocks; everything escaped first, so nothing in it can become markup.
 */
export function proseHtml(markdown: string): string {
  const blocks: string[] = [];
  let paragraph: string[] = [];
  let code: string[] = [];
  const flushParagraph = () => {
    if (paragraph.length > 0) blocks.push(`<p>${inlineCode(paragraph.join(" "))}</p>`);
    paragraph = [];
  };
  const flushCode = () => {
    if (code.length > 0) blocks.push(`<pre>${code.map(esc).join("\n")}</pre>`);
    code = [];
  };
  let previous: "blank" | "code" | "text" = "blank";
  for (const line of markdown.split(/\r?\n/)) {
    // As in Markdown: an indented line right after text continues the paragraph.
    if (/^( {4}|\t)/.test(line) && previous !== "text") {
      previous = "code";
      flushParagraph();
      code.push(line.replace(/^( {4}|\t)/, ""));
    } else if (line.trim() === "") {
      previous = "blank";
      flushParagraph();
      flushCode();
    } else {
      previous = "text";
      flushCode();
      paragraph.push(line.trim());
    }
  }
  flushParagraph();
  flushCode();
  return blocks.join("\n");
}

function inlineCode(text: string): string {
  return splitCodeSpans(text)
    .map((part) => (part.code ? `<code>${esc(codeSpanContent(part.text))}</code>` : esc(part.text)))
    .join("");
}
