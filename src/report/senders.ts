/**
 * The sender inventory (who really sends as the organisation's domains, from DMARC aggregate
 * reports) as every format shows it: the phrases shared by the formats, and the text section (a
 * one-line summary per class and a compact table, capped with "... and N more").
 */
import type { SenderInventory, SenderRow } from "../audit/report-types.ts";
import { printable } from "./printable.ts";
import { type Cell, textTable } from "./text-table.ts";
import { wrapLine } from "./text-width.ts";

/** Rows each format shows (the JSON report keeps up to 200). */
export const SENDER_ROWS = { text: 12, markdown: 25, html: 50 } as const;

/** What each class means, in a few words. */
export const CLASS_WORDS: Record<SenderRow["class"], string> = {
  path: "described paths",
  provider: "undeclared providers",
  forwarder: "forwarders and lists",
  unknown: "unknown",
};

/** A class in words; a value outside the union (a report read from elsewhere) as itself. */
export function classWord(c: string): string {
  return Object.hasOwn(CLASS_WORDS, c) ? CLASS_WORDS[c as SenderRow["class"]] : String(c);
}

/** 1234 → "1,234". */
export function num(n: number): string {
  return n.toLocaleString("en-US");
}

/** A share in whole percent (with "<1%" and ">99%" at the ends). */
export function share(part: number, whole: number): string {
  if (whole <= 0) return "-";
  const p = (part * 100) / whole;
  if (p > 0 && p < 1) return "<1%";
  if (p < 100 && p > 99) return ">99%";
  return `${Math.round(p)}%`;
}

/** "2026-10-24 to 2026-11-22". */
export function windowWords(s: SenderInventory): string {
  const from = (s.window.since ?? s.window.first ?? "").slice(0, 10);
  const to = (s.window.until ?? s.window.last ?? "").slice(0, 10);
  if (from === "" && to === "") return "no report";
  return from === to ? from : `${from} to ${to}`;
}

/** The inventory's heading line: window, reports, reporters, messages. */
export function inventoryLine(s: SenderInventory): string {
  return `${windowWords(s)}: ${num(s.reports)} report${s.reports === 1 ? "" : "s"} from ${num(s.reporters.length)} reporter${s.reporters.length === 1 ? "" : "s"}, ${num(s.messages)} messages`;
}

/** The path or provider a row belongs to ("-" when neither). */
export function ownerOf(row: SenderRow): string {
  if (row.path !== undefined) return `path ${row.path}`;
  if (row.provider !== undefined) return row.class === "unknown" ? `${row.provider}?` : row.provider;
  return "-";
}

/** The reverse DNS of a row in a few words. */
export function ptrWords(row: SenderRow): string {
  switch (row.ptr.status) {
    case "found":
      return `${row.ptr.name ?? "?"}${row.ptr.confirmed === false ? " (unconfirmed)" : ""}`;
    case "none":
      return "no PTR";
    case "unknown":
      return "PTR unknown";
    case "not-asked":
      return "not looked up";
  }
}

/** "... and 12 more" for the rows left out of a shown list, or "". */
export function moreWords(s: SenderInventory, shown: number): string {
  const more = s.rows.length - shown + s.more;
  return more > 0 ? `... and ${num(more)} more source${more === 1 ? "" : "s"}` : "";
}

/** The inventory as text: a summary line per class, then the most voluminous sources; lines at most `width` wide. */
export function sendersText(
  s: SenderInventory,
  c: {
    bold: (s: string) => string;
    dim: (s: string) => string;
    red: (s: string) => string;
    green: (s: string) => string;
    yellow: (s: string) => string;
  },
  width = Number.POSITIVE_INFINITY,
): string {
  const p = printable;
  const fit = (line: string) => wrapLine(line, width, { continuation: "  " });
  const lines = fit(c.bold(`Senders in DMARC reports (${p(inventoryLine(s))})`));
  const classes = s.classes.map((k) => [
    classWord(k.class),
    num(k.sources),
    num(k.messages),
    share(k.dmarcPass, k.messages),
  ]);
  lines.push(textTable(["CLASS", "SOURCES", "MESSAGES", "DMARC PASS"], classes, { bold: c.bold, width }));
  if (s.rows.length > 0) {
    const shown = s.rows.slice(0, SENDER_ROWS.text);
    const rows = shown.map((r) => {
      const tone = r.dmarcPass === r.messages ? c.green : r.dmarcPass === 0 ? c.red : c.yellow;
      const pass: Cell = { text: share(r.dmarcPass, r.messages), paint: tone };
      return [p(r.ip), p(r.fromDomain), r.class, num(r.messages), pass, p(ownerOf(r)), p(ptrWords(r))];
    });
    lines.push(
      "",
      textTable(["SOURCE", "FROM", "CLASS", "MESSAGES", "DMARC", "PATH / PROVIDER", "PTR"], rows, {
        bold: c.bold,
        width,
      }),
    );
    const more = moreWords(s, shown.length);
    if (more !== "") lines.push(...fit(`  ${c.dim(`${more} (--format json or html lists up to 200)`)}`));
  }
  if (s.unlistedDomains.length > 0)
    lines.push(
      ...fit(
        `  ${c.dim("Domains not in the description:")} ${s.unlistedDomains.map((u) => `${p(u.domain)} (${num(u.messages)} messages)`).join(", ")}`,
      ),
    );
  return lines.join("\n");
}
