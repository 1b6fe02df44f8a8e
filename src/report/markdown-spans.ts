/**
 * Code spans in one line of Markdown, found as CommonMark does (§6.1): a backtick run opens a span
 * that the next run of the same length closes; a run with no such partner is literal backticks.
 * The Markdown and HTML formats use this to render a rule's fix (paragraphs, code spans, indented
 * code) without reading anything else in it as markup.
 */

/** A piece of a line: a code span (its content, without the backticks) or text between spans. */
export type LinePart = { code: true; text: string; fence: string } | { code: false; text: string };

/** Splits a line into text and code spans. Linear in the line's length. */
export function splitCodeSpans(line: string): LinePart[] {
  const runs: { at: number; length: number }[] = [];
  for (const m of line.matchAll(/`+/g)) runs.push({ at: m.index, length: m[0].length });
  // next[i]: the index of the next run as long as run i (or -1), found from the right in one pass.
  const next = new Array<number>(runs.length).fill(-1);
  const lastOfLength = new Map<number, number>();
  for (let i = runs.length - 1; i >= 0; i--) {
    const length = (runs[i] as { length: number }).length;
    next[i] = lastOfLength.get(length) ?? -1;
    lastOfLength.set(length, i);
  }
  const parts: LinePart[] = [];
  let from = 0;
  let i = 0;
  while (i < runs.length) {
    const open = runs[i] as { at: number; length: number };
    const close = next[i] ?? -1;
    if (close < 0) {
      i++;
      continue;
    }
    const end = runs[close] as { at: number; length: number };
    if (open.at > from) parts.push({ code: false, text: line.slice(from, open.at) });
    parts.push({ code: true, text: line.slice(open.at + open.length, end.at), fence: "`".repeat(open.length) });
    from = end.at + end.length;
    i = close + 1;
  }
  if (from < line.length) parts.push({ code: false, text: line.slice(from) });
  return parts;
}

/** CommonMark's content of a code span: one leading and one trailing space stripped when both are there (§6.1). */
export function codeSpanContent(text: string): string {
  return text.length >= 2 && text.startsWith(" ") && text.endsWith(" ") && text.trim() !== ""
    ? text.slice(1, -1)
    : text;
}
