/**
 * Escaping for the HTML report. Every string that comes from a report (DNS data above all: a TXT
 * record can hold `<script>`) goes through {@link esc} before it reaches the page, in text and in
 * attribute values alike.
 */

const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Escapes text for HTML (and inline SVG) content or a quoted attribute value; control characters become visible escapes. */
export function esc(value: string | number): string {
  return String(value)
    .replace(/[&<>"']/g, (ch) => ENTITIES[ch] ?? ch)
    .replace(
      /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/gu,
      (ch) => `\\u{${(ch.codePointAt(0) ?? 0).toString(16)}}`,
    );
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
    if (code.length > 0) blocks.push(`<pre>${esc(code.join("\n"))}</pre>`);
    code = [];
  };
  for (const line of markdown.split(/\r?\n/)) {
    if (/^( {4}|\t)/.test(line)) {
      flushParagraph();
      code.push(line.replace(/^( {4}|\t)/, ""));
    } else if (line.trim() === "") {
      flushParagraph();
      flushCode();
    } else {
      flushCode();
      paragraph.push(line.trim());
    }
  }
  flushParagraph();
  flushCode();
  return blocks.join("\n");
}

function inlineCode(text: string): string {
  return text
    .split(/(`[^`]+`)/)
    .map((part, i) => (i % 2 === 1 ? `<code>${esc(part.slice(1, -1))}</code>` : esc(part)))
    .join("");
}
