/**
 * Widths and wrapping for the text formats, so that a report fits the terminal it is written to.
 *
 * A character's width is its width in a terminal: 0 for an ANSI colour sequence (the only escape
 * sequences in a report: every string from input is made printable first, src/common/printable.ts)
 * and for combining marks, 2 for wide and full-width characters (East Asian Wide/Fullwidth ranges
 * of UAX #11 and emoji shown as pictures, `Emoji_Presentation`), 1 for everything else. Tabs do not
 * occur: the text format turns them into spaces first.
 */

/** The width the text formats use when the caller gives none (and the CLI's when not on a terminal). */
export const DEFAULT_TEXT_WIDTH = 100;

/** The narrowest width the text formats lay out for; a smaller one is taken as this. */
export const MIN_TEXT_WIDTH = 20;

/** An SGR colour sequence (what picocolors writes), matched at the start of the text. */
const SGR = /^\u001b\[[0-9;]*m/;
const ZERO_WIDTH = /^[\p{Mn}\p{Me}]$/u;
const EMOJI = /^\p{Emoji_Presentation}$/u;

/** East Asian Wide (W) and Fullwidth (F) blocks of UAX #11, by first and last code point. */
const WIDE: readonly (readonly [number, number])[] = [
  [0x1100, 0x115f],
  [0x231a, 0x231b],
  [0x2329, 0x232a],
  [0x2e80, 0x303e],
  [0x3041, 0x33ff],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xa000, 0xa4cf],
  [0xa960, 0xa97f],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe10, 0xfe19],
  [0xfe30, 0xfe6f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
  [0x16fe0, 0x16fe4],
  [0x17000, 0x18cff],
  [0x1b000, 0x1b2ff],
  [0x1f300, 0x1f64f],
  [0x1f900, 0x1f9ff],
  [0x20000, 0x2fffd],
  [0x30000, 0x3fffd],
];

/** The terminal width of one character (one code point). */
export function charWidth(ch: string): number {
  const cp = ch.codePointAt(0) ?? 0;
  if (cp < 0x300) return cp < 0x20 || cp === 0x7f ? 0 : 1;
  if (ZERO_WIDTH.test(ch)) return 0;
  for (const [first, last] of WIDE) if (cp >= first && cp <= last) return 2;
  return EMOJI.test(ch) ? 2 : 1;
}

/** One piece of a line: a colour sequence (width 0) or one character. */
interface Piece {
  text: string;
  width: number;
  space: boolean;
}

function pieces(line: string): Piece[] {
  const out: Piece[] = [];
  let i = 0;
  while (i < line.length) {
    if (line.charCodeAt(i) === 0x1b) {
      const m = SGR.exec(line.slice(i, i + 32));
      if (m) {
        out.push({ text: m[0], width: 0, space: false });
        i += m[0].length;
        continue;
      }
    }
    const cp = line.codePointAt(i) ?? 0;
    const ch = String.fromCodePoint(cp);
    out.push({ text: ch, width: charWidth(ch), space: ch === " " });
    i += ch.length;
  }
  return out;
}

/** The width `text` takes in a terminal (one line; colour sequences count 0). */
export function displayWidth(text: string): number {
  let w = 0;
  for (const p of pieces(text)) w += p.width;
  return w;
}

/** `text` followed by spaces up to `width` columns. */
export function padEnd(text: string, width: number): string {
  return text + " ".repeat(Math.max(0, width - displayWidth(text)));
}

/** Options of {@link wrapLine}. */
export interface WrapOptions {
  /** What starts every line after the first (a hanging indent, or a continuation mark). Default: none. */
  continuation?: string;
  /** Break only where a space is, never inside a word, unless a word alone is wider than a line. Default true. */
  words?: boolean;
}

/**
 * Breaks one line (no newline in it) into lines at most `width` columns wide: at spaces when it can
 * (the space at a break is dropped), inside a word only when the word alone does not fit. Every
 * line after the first starts with `options.continuation`. Colour sequences are kept where they
 * were. A continuation as wide as the line is shortened so that each line still holds text.
 */
export function wrapLine(line: string, width: number, options: WrapOptions = {}): string[] {
  const max = Math.max(1, Math.floor(width));
  if (displayWidth(line) <= max) return [line];
  const room = Math.min(10, Math.ceil(max / 2));
  let continuation = options.continuation ?? "";
  if (displayWidth(continuation) > max - room) continuation = " ".repeat(Math.max(0, max - room));
  const lead = pieces(continuation);
  const words = options.words ?? true;
  const out: string[] = [];
  let current: Piece[] = [];
  let currentWidth = 0;
  // Index in `current` of the last space that may be a break (not part of the line's indent).
  let lastSpace = -1;
  let leading = true;
  // Visible characters on the current line after its indent: a space is a break only after two, so
  // that a lone mark (a bar, a bullet) never ends up alone on a line.
  let visible = 0;
  const emit = (head: Piece[]) => {
    const kept = [...head];
    while (kept.length > 0 && kept[kept.length - 1]?.space === true) kept.pop();
    out.push(kept.map((p) => p.text).join(""));
  };
  const startLine = (rest: Piece[]) => {
    const body = [...rest];
    while (body.length > 0 && body[0]?.space === true) body.shift();
    current = [...lead, ...body];
    currentWidth = current.reduce((n, p) => n + p.width, 0);
    lastSpace = -1;
    leading = false;
    visible = body.filter((p) => p.width > 0 && !p.space).length;
  };
  for (const piece of pieces(line)) {
    if (piece.width > 0 && currentWidth + piece.width > max) {
      if (piece.space) {
        // The line ends here: the space is the break, and is dropped.
        emit(current);
        startLine([]);
        continue;
      }
      if (words && lastSpace > 0) {
        emit(current.slice(0, lastSpace));
        startLine(current.slice(lastSpace + 1));
      }
      // No space to break at (or the carried word is too wide): break inside the word.
      while (currentWidth + piece.width > max && current.length > lead.length) {
        const cut = currentWidth > max ? Math.max(lead.length + 1, cutAt(current, max)) : current.length;
        emit(current.slice(0, cut));
        startLine(current.slice(cut));
      }
    }
    if (piece.space && !leading && visible >= 2) lastSpace = current.length;
    if (!piece.space && piece.width > 0) {
      leading = false;
      visible++;
    }
    current.push(piece);
    currentWidth += piece.width;
  }
  const last = current.map((p) => p.text).join("");
  if (current.length > lead.length || out.length === 0) out.push(last.trimEnd());
  return out;
}

/** How many pieces of `line` fit in `width` columns (at least one visible character). */
function cutAt(line: Piece[], width: number): number {
  let w = 0;
  for (let i = 0; i < line.length; i++) {
    const p = line[i] as Piece;
    if (w + p.width > width) return Math.max(1, i);
    w += p.width;
  }
  return line.length;
}

/** {@link wrapLine} over every line of `text`. */
export function wrapLines(text: string, width: number, options: WrapOptions = {}): string {
  return text
    .split("\n")
    .flatMap((l) => wrapLine(l, width, options))
    .join("\n");
}

/** The leading spaces of a line, as a hanging indent (plus `extra` spaces). */
export function indentOf(line: string, extra = 0): string {
  return " ".repeat((/^ */.exec(line)?.[0].length ?? 0) + extra);
}

/**
 * A width as the text formats use it: whole, at least {@link MIN_TEXT_WIDTH}; undefined (or NaN) is
 * {@link DEFAULT_TEXT_WIDTH}; `Infinity` lays out without a limit (one line per row).
 */
export function textWidth(width: number | undefined): number {
  if (width === Number.POSITIVE_INFINITY) return width;
  if (width === undefined || !Number.isFinite(width)) return DEFAULT_TEXT_WIDTH;
  return Math.max(MIN_TEXT_WIDTH, Math.floor(width));
}
