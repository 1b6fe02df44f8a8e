/**
 * Making report strings safe in Markdown (GitHub, GitLab, Jira-style renderers): DNS data must not
 * inject HTML, links, emphasis or table breaks, and must not close a code fence it sits in.
 */
import { printable, printableLines } from "./printable.ts";

/** Plain text in Markdown: control characters escaped, Markdown punctuation and HTML neutralised. */
export function mdText(value: string): string {
  return printable(value)
    .replace(/&/g, "&amp;")
    .replace(/[\\`*_[\]|~]/g, (ch) => `\\${ch}`)
    .replace(/</g, "&lt;");
}

/** Text that starts a line: also escapes what would open a heading, quote, list or rule there. */
export function mdLine(value: string): string {
  return mdText(value)
    .replace(/^(\s*)([#>+=-])/, "$1\\$2")
    .replace(/^(\s*\d+)([.)])/, "$1\\$2");
}

/** Inline code: a backtick run longer than any inside, and `|` escaped so a table cell holds. */
export function mdCode(value: string): string {
  const text = printable(value);
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  const pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
  return `${fence}${pad}${text.replace(/\|/g, "\\|")}${pad}${fence}`;
}

/** A fenced code block that the content cannot close. */
export function mdBlock(lines: string[], indent = ""): string {
  const text = lines.map(printable);
  const longest = Math.max(0, ...text.flatMap((l) => l.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(Math.max(3, longest + 1));
  return [fence, ...text, fence].map((l) => indent + l).join("\n");
}

/** A link whose label and URL cannot break out of the link syntax. */
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
 * Markdown written by a rule (a fix): kept as Markdown (code spans, indented code), with control
 * characters escaped and raw HTML neutralised outside code, where a renderer would otherwise read it.
 */
export function mdProse(value: string): string {
  let fenced = false;
  return printableLines(value)
    .split("\n")
    .map((line) => {
      if (/^\s*(```|~~~)/.test(line)) {
        fenced = !fenced;
        return line;
      }
      if (fenced || /^( {4}|\t)/.test(line)) return line;
      // Outside code spans only: split on backtick runs, escape the even (non-code) parts.
      return line
        .split(/(`+[^`]*`+)/)
        .map((part, i) => (i % 2 === 1 ? part : part.replace(/&(?![a-z]+;|#\d+;)/gi, "&amp;").replace(/</g, "&lt;")))
        .join("");
    })
    .join("\n");
}
