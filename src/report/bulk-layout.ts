/**
 * How each bulk format is laid out, so that a run of any size can be written without holding every
 * report in memory:
 *
 * - a **stream** format (`jsonl`, `csv`) is a head, one piece per domain written as the domain
 *   finishes, and a tail;
 * - a **document** format (`json`, `text`, `markdown`, `html`, `sarif`) has parts with one piece
 *   per domain (a summary row, a report) that the writer keeps apart (on disk, see `src/bulk`) and
 *   places, in input order, where the document wants them: Markdown and HTML put the summary table
 *   first, as documents do; text puts it last, where a terminal leaves it in view.
 *
 * Layouts are pure text producers (no I/O); `src/bulk` does the writing.
 */
import type { BulkSummary, DomainResult } from "./bulk-types.ts";

/** What a document knows before its first domain. */
export interface BulkMeta {
  /** The tool's version. */
  version: string;
  /** When the run started (ISO 8601). */
  generatedAt: string;
}

/** A format written as each domain finishes: nothing is kept. */
export interface StreamLayout {
  kind: "stream";
  head(meta: BulkMeta): string;
  /** The piece of one domain (a line). */
  piece(result: DomainResult): string;
  tail(summary: BulkSummary): string;
}

/** A part of a document with one piece per domain. */
export interface Channel {
  name: string;
  /** Written between two pieces (empty pieces are left out). */
  separator: string;
  /**
   * Turns a kept piece into its text at the end (a text table's row once the column widths are
   * known). Default: the piece as kept.
   */
  render?: (piece: string) => string;
}

/** Literal text, or every piece of a channel in input order. */
export type DocumentPart = string | { channel: string };

/** A format assembled at the end from literal text and channels. */
export interface DocumentLayout {
  kind: "document";
  channels: readonly Channel[];
  /** The pieces of one domain, by channel name (a missing or empty piece adds nothing). */
  pieces(result: DomainResult): Record<string, string>;
  /** The whole document, once every domain is in. */
  assemble(meta: BulkMeta, summary: BulkSummary): DocumentPart[];
}

/** A bulk format's layout. */
export type BulkLayout = StreamLayout | DocumentLayout;

/** `JSON.stringify(value, null, 2)`, every line but the first indented by `level` levels of 2 spaces. */
export function indentedJson(value: unknown, level: number): string {
  return JSON.stringify(value, null, 2).replace(/\n/g, `\n${"  ".repeat(level)}`);
}

/**
 * Assembles a document layout from results held in memory (small runs, `formatBulk`). The bulk
 * writer of `src/bulk` does the same from pieces kept on disk.
 */
export function assembleInMemory(
  layout: DocumentLayout,
  results: readonly DomainResult[],
  meta: BulkMeta,
  summary: BulkSummary,
): string {
  const kept = new Map<string, string[]>(layout.channels.map((c) => [c.name, []]));
  for (const result of results) {
    for (const [name, piece] of Object.entries(layout.pieces(result))) {
      if (piece !== "") kept.get(name)?.push(piece);
    }
  }
  let out = "";
  for (const part of layout.assemble(meta, summary)) {
    if (typeof part === "string") {
      out += part;
      continue;
    }
    const channel = layout.channels.find((c) => c.name === part.channel);
    const render = channel?.render ?? ((p: string) => p);
    out += (kept.get(part.channel) ?? []).map(render).join(channel?.separator ?? "");
  }
  return out;
}
