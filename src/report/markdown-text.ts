/**
 * Making report strings safe in Markdown (GitHub, GitLab, Jira-style renderers, `marked`): DNS data
 * must not inject HTML, links, images, emphasis, headings, tables or line breaks, must not close a
 * code span or fence it sits in, and must not become a link or a mention on its own (GFM autolinks:
 * URLs, `www.` names, e-mail addresses; GitHub's `@user` mentions and `#123` references): such
 * words are put in code spans, where no renderer links anything. docs/security.md states the
 * guarantees.
 */

import { codeSpanContent, splitCodeSpans } from "./markdown-spans.ts";
import { printable, printableLines } from "./printable.ts";

/** Words a renderer would turn into a link, a mention or a reference by itself. */
const LINKISH = /:\/\/|@|www\.|^#\d/i;

/** Backslash-escapes the ASCII punctuation that means something inline; `&` and `<` as entities. */
function escapeInline(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/[\\`*_[\]|~$!{}]/g, (ch) => `\\${ch}`)
    .replace(/</g, "&lt;");
}

/** A word that would autolink, escaped without a code span (for a code span that cannot hold it). */
function escapeLinkish(word: string): string {
  return escapeInline(word).replace(/[:@.#]/g, (ch) => `\\${ch}`);
}

/** Escapes one line of text (no control characters left in it) word by word. */
function inlineText(text: string): string {
  return text
    .split(/( +)/)
    .map((word) => (word.trim() === "" ? word : LINKISH.test(word) ? mdCode(word) : escapeInline(word)))
    .join("");
}

/** Neutralises what would open a block at the start of a line (heading, quote, list, rule, table). */
function lineStart(escaped: string): string {
  return escaped.replace(/^([#>+=-])/, "\\$1").replace(/^(\d+)([.)])/, "$1\\$2");
}

/**
 * Plain text in Markdown: control characters escaped, Markdown punctuation and HTML neutralised,
 * and what would open a block escaped at its start too (a value often starts a list item).
 */
export function mdText(value: string): string {
  // Trailing spaces (two make a hard line break) and leading ones (four make code) mean nothing here.
  return lineStart(inlineText(printable(value).trim()));
}

/** Text that starts a line (the same as {@link mdText}, which escapes a value's start anyway). */
export function mdLine(value: string): string {
  return mdText(value);
}

/**
 * Inline code: a backtick run longer than any inside, and `|` escaped so a table cell holds. A value
 * holding a backslash (before a `|`, renderers disagree on whether the pipe is escaped) is escaped
 * as text instead.
 */
export function mdCode(value: string): string {
  const text = printable(value);
  if (text.includes("\\")) return lineStart(text.trim().split(/( +)/).map(escapeLinkish).join(""));
  let longest = 0;
  for (const run of text.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const fence = "`".repeat(longest + 1);
  const pad = text.startsWith("`") || text.endsWith("`") || text.trim() === "" ? " " : "";
  return `${fence}${pad}${text.replace(/\|/g, "\\|")}${pad}${fence}`;
}

/** A fenced code block that the content cannot close. */
export function mdBlock(lines: string[], indent = ""): string {
  const text = lines.map(printable);
  let longest = 0;
  for (const l of text) for (const run of l.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const fence = "`".repeat(Math.max(3, longest + 1));
  return [fence, ...text, fence].map((l) => indent + l).join("\n");
}

/** A link whose label and URL cannot break out of the link syntax; only http(s) URLs become links. */
export function mdLink(label: string, url: string): string {
  const safeUrl = /^https?:\/\//i.test(url)
    ? encodeURI(decodeSafely(url)).replace(/[()<>]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`)
    : undefined;
  return safeUrl === undefined ? mdText(label) : `[${mdText(label)}](${safeUrl})`;
}

function decodeSafely(url: string): string {
  try {
    return decodeURI(url);
  } catch {
    return url;
  }
}

/**
 * A fix written by a rule, in the Markdown subset rules write (docs/security.md): paragraphs, inline
 * code spans and indented code blocks. Code stays as it is (control characters escaped); everything
 * else is escaped as text, so that nothing in it (a DNS record pasted in by mistake, with newlines)
 * can become a heading, a link, an image, a table or HTML. An indented line that a renderer would
 * read as the continuation of a paragraph is escaped as text too.
 */
export function mdProse(value: string): string {
  let previous: "blank" | "code" | "text" = "blank";
  return printableLines(value)
    .split("\n")
    .map((line) => {
      if (line.trim() === "") {
        previous = "blank";
        return "";
      }
      if (/^( {4}|\t)/.test(line) && previous !== "text") {
        previous = "code";
        return line;
      }
      previous = "text";
      return lineStart(proseLine(line.trim().replace(/\t/g, " ")));
    })
    .join("\n");
}

/** One line of prose: code spans kept, the text between them escaped. */
function proseLine(line: string): string {
  return splitCodeSpans(line)
    .map((part) => (part.code ? `${part.fence}${part.text}${part.fence}` : inlineText(part.text)))
    .join("")
    .replace(/ +$/, "");
}

/** The text of a code span of {@link mdProse}'s input, as a renderer shows it (for other formats). */
export { codeSpanContent };
