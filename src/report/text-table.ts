/** A plain-text table for the text formats: columns padded to their widest cell, optional colour per cell. */

/** A cell: its text and, optionally, how to colour it once padded. */
export interface Cell {
  text: string;
  paint?: (s: string) => string;
}

/** Renders rows under a header, each line starting with `indent`. The last column is not padded. */
export function textTable(
  header: string[],
  rows: (string | Cell)[][],
  indent = "  ",
  bold: (s: string) => string = (s) => s,
): string {
  const cells = rows.map((row) => row.map((c) => (typeof c === "string" ? { text: c } : c)));
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((row) => [...(row[i]?.text ?? "")].length)));
  const line = (row: Cell[]) =>
    indent +
    row
      .map((cell, i) => {
        const padded =
          i === row.length - 1
            ? cell.text
            : cell.text + " ".repeat(Math.max(0, (widths[i] ?? 0) - [...cell.text].length));
        return cell.paint ? cell.paint(padded) : padded;
      })
      .join("  ")
      .trimEnd();
  return [line(header.map((h) => ({ text: h, paint: bold }))), ...cells.map(line)].join("\n");
}
