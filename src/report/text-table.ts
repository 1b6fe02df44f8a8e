/**
 * A plain-text table for the text formats that fits a width: columns padded to their widest cell
 * when the table fits; else the widest columns wrap inside their cells (at spaces, never inside a
 * word, never the first column); and when even that does not fit, or
 * takes more lines than one card per row, one card per row: the first cell as a title, then the
 * other columns as `LABEL: value`, as many to a line as fit. Colour per cell, applied after the layout.
 */
import { displayWidth, padEnd, wrapLine } from "./text-width.ts";

/** A cell: its text and, optionally, how to colour it once padded. */
export interface Cell {
  text: string;
  paint?: (s: string) => string;
}

/** Options of {@link textTable}. */
export interface TableOptions {
  /** What starts every line. Default two spaces. */
  indent?: string;
  /** How to colour the header (and the cards' titles and labels). Default: not at all. */
  bold?: (s: string) => string;
  /** The widest a line may be (indent included). Default: no limit. */
  width?: number;
}

const GAP = 2;

/**
 * Renders rows under a header, each line starting with `indent`, at most `options.width` columns
 * wide. The last column is not padded. The 3rd and 4th arguments are the older positional form of
 * `options.indent` and `options.bold`.
 */
export function textTable(
  header: string[],
  rows: (string | Cell)[][],
  indentOrOptions: string | TableOptions = {},
  bold?: (s: string) => string,
): string {
  const options: TableOptions =
    typeof indentOrOptions === "string" ? { indent: indentOrOptions, ...(bold ? { bold } : {}) } : indentOrOptions;
  const indent = options.indent ?? "  ";
  const paintHeader = options.bold ?? ((s: string) => s);
  const width = options.width ?? Number.POSITIVE_INFINITY;
  const cells = rows.map((row) => header.map((_, i) => toCell(row[i])));
  const natural = header.map((h, i) => Math.max(displayWidth(h), ...cells.map((row) => cellWidth(row[i]))));
  const available = width - displayWidth(indent) - GAP * (header.length - 1);
  const cards = () => cardLines(header, cells, indent, paintHeader, width);
  if (sum(natural) <= available) return render(header, cells, natural, indent, paintHeader).join("\n");
  const widths = shrink(header, cells, natural, available);
  if (widths === undefined) return cards().join("\n");
  const table = render(header, cells, widths, indent, paintHeader);
  const card = cards();
  return (table.length <= card.length ? table : card).join("\n");
}

function toCell(c: string | Cell | undefined): Cell {
  if (c === undefined) return { text: "" };
  if (typeof c === "string") return { text: c };
  // Data from outside the types (a report read from a file) must not crash the layout.
  return typeof c.text === "string" ? c : { ...c, text: String(c.text ?? "") };
}

function sum(list: number[]): number {
  return list.reduce((a, b) => a + b, 0);
}

/** The widest line of a cell's text. */
function cellWidth(cell: Cell | undefined): number {
  return Math.max(0, ...(cell?.text ?? "").split("\n").map(displayWidth));
}

/** The longest word of a column, under which its cells would break words. */
function longestWord(cells: Cell[][], i: number): number {
  let longest = 0;
  for (const row of cells)
    for (const word of (row[i]?.text ?? "").split(/\s+/)) longest = Math.max(longest, displayWidth(word));
  return longest;
}

/**
 * Column widths that fit `available`: each column at least its header and its longest word (a table
 * never breaks a word; cards do when they must) and, for the first column, its whole text; the room left shared so that narrow columns keep their
 * natural width and the wide ones share the rest. Undefined when the minimums do not fit.
 */
function shrink(header: string[], cells: Cell[][], natural: number[], available: number): number[] | undefined {
  const min = header.map((h, i) =>
    i === 0
      ? (natural[i] ?? 0)
      : Math.min(natural[i] ?? 0, Math.max(displayWidth(h), longestWord(cells, i), Math.min(natural[i] ?? 0, 8))),
  );
  if (sum(min) > available) return undefined;
  const at = (level: number) => natural.map((n, i) => Math.min(n, Math.max(min[i] ?? 0, level)));
  let low = 0;
  let high = Math.max(...natural);
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (sum(at(mid)) <= available) low = mid;
    else high = mid - 1;
  }
  const widths = at(low);
  let left = available - sum(widths);
  for (let i = widths.length - 1; i >= 0 && left > 0; i--) {
    const grow = Math.min(left, (natural[i] ?? 0) - (widths[i] ?? 0));
    widths[i] = (widths[i] ?? 0) + grow;
    left -= grow;
  }
  return widths;
}

/** The lines of one cell wrapped to `width`. */
function wrapCell(cell: Cell, width: number): string[] {
  return cell.text.split("\n").flatMap((line) => wrapLine(line, width));
}

function render(
  header: string[],
  cells: Cell[][],
  widths: number[],
  indent: string,
  bold: (s: string) => string,
): string[] {
  const lines: string[] = [];
  const last = header.length - 1;
  const emitRow = (row: Cell[]) => {
    const wrapped = row.map((cell, i) => wrapCell(cell, widths[i] ?? 0));
    const height = Math.max(1, ...wrapped.map((w) => w.length));
    for (let k = 0; k < height; k++) {
      const texts = row.map((_, i) => wrapped[i]?.[k] ?? "");
      // The line ends after its last non-empty cell, unpadded (so that colour cannot leave spaces).
      let end = texts.length - 1;
      while (end > 0 && texts[end] === "") end--;
      const parts = row.slice(0, end + 1).map((cell, i) => {
        const text = texts[i] ?? "";
        const padded = i === end || i === last ? text : padEnd(text, widths[i] ?? 0);
        return cell.paint && text !== "" ? cell.paint(padded) : padded;
      });
      lines.push(indent + parts.join(" ".repeat(GAP)));
    }
  };
  emitRow(header.map((h) => ({ text: h, paint: bold })));
  for (const row of cells) emitRow(row);
  return lines;
}

/**
 * One card per row: the first cell as a title, then `LABEL: value` for each other non-empty cell,
 * as many to a line as fit (three spaces apart); a value too long for a line wraps under itself.
 */
export function cardLines(
  header: string[],
  cells: Cell[][],
  indent: string,
  bold: (s: string) => string,
  width: number,
): string[] {
  const lines: string[] = [];
  const inner = `${indent}  `;
  const sep = "   ";
  for (const row of cells) {
    const [title = { text: "" }, ...rest] = row;
    const titleText = title.text.split("\n").join(" ");
    for (const line of wrapLine(`${indent}${titleText}`, width, { continuation: indent }))
      lines.push(title.paint ? title.paint(line) : bold(line));
    // The line being filled: its plain width and its painted text.
    let plain = 0;
    let painted = "";
    const flush = () => {
      if (plain > 0) lines.push(painted);
      plain = 0;
      painted = "";
    };
    rest.forEach((cell, i) => {
      const text = cell.text.split("\n").join(" ");
      if (text === "" || text === "-") return;
      const label = `${header[i + 1] ?? ""}:`;
      const paint = cell.paint ?? ((x: string) => x);
      const segment = `${label} ${text}`;
      const size = displayWidth(segment);
      if (plain > 0 && plain + sep.length + size <= width) {
        painted += `${sep}${bold(label)} ${paint(text)}`;
        plain += sep.length + size;
        return;
      }
      flush();
      if (displayWidth(inner) + size <= width) {
        painted = `${inner}${bold(label)} ${paint(text)}`;
        plain = displayWidth(inner) + size;
        return;
      }
      // Too long for a line of its own: wrapped, the lines after the first indented under the label.
      const lead = `${inner}${label} `;
      const hang = displayWidth(lead) + 10 <= width ? " ".repeat(displayWidth(inner) + 2) : inner;
      wrapLine(`${lead}${text}`, width, { continuation: hang }).forEach((line, k) => {
        if (k === 0 && line.startsWith(lead)) lines.push(`${inner}${bold(label)} ${paint(line.slice(lead.length))}`);
        else {
          const body = line.trimStart();
          lines.push(line.slice(0, line.length - body.length) + paint(body));
        }
      });
    });
    flush();
  }
  return lines;
}
