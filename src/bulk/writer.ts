/**
 * Writes a bulk run in any bulk format, one domain at a time, without holding the reports: stream
 * formats (`jsonl`, `csv`) go straight out as each domain finishes; document formats keep their
 * per-domain pieces in a {@link Spool} on disk and are assembled at the end, in input order.
 */
import { type BulkFormatName, bulkLayout } from "../report/bulk.ts";
import type { BulkLayout, BulkMeta } from "../report/bulk-layout.ts";
import type { BulkSummary, DomainResult } from "../report/bulk-types.ts";
import type { FormatOptions } from "../report/types.ts";
import type { TextSink } from "./file-sink.ts";
import { Spool } from "./spool.ts";

/** Options of {@link createBulkWriter}. */
export interface BulkWriterOptions {
  format: BulkFormatName;
  /** Where the output goes (an {@link AtomicFile}, standard output). */
  out: TextSink;
  /** The tool's version, for the document's header. */
  version: string;
  /** When the run started. Default: now. */
  generatedAt?: string;
  /** Formatter options (colour, rule help). */
  formatOptions?: FormatOptions;
  /** Folder for the spool of a document format. Default: the system's temporary folder. */
  spoolDir?: string;
}

/** Takes results as they finish and writes the format. */
export interface BulkWriter {
  /** One more result; `index` is its input position (document formats are in input order). */
  add(result: DomainResult, index: number): Promise<void>;
  /** Writes the end of the output (a document: all of it). */
  finish(summary: BulkSummary): Promise<void>;
  /** Removes the spool, if any. Never throws; call it whatever happened. */
  close(): Promise<void>;
}

/** A writer for `options.format`; a stream format writes its head at once. */
export async function createBulkWriter(options: BulkWriterOptions): Promise<BulkWriter> {
  const layout: BulkLayout = bulkLayout(options.format, options.formatOptions ?? {});
  const meta: BulkMeta = { version: options.version, generatedAt: options.generatedAt ?? new Date().toISOString() };
  const out = options.out;
  if (layout.kind === "stream") {
    await out.write(layout.head(meta));
    return {
      add: (result) => out.write(layout.piece(result)),
      finish: (summary) => out.write(layout.tail(summary)),
      close: async () => {},
    };
  }
  const spool = await Spool.create(options.spoolDir);
  return {
    async add(result, index) {
      for (const [channel, piece] of Object.entries(layout.pieces(result))) await spool.put(channel, index, piece);
    },
    async finish(summary) {
      for (const part of layout.assemble(meta, summary)) {
        if (typeof part === "string") {
          await out.write(part);
          continue;
        }
        const channel = layout.channels.find((c) => c.name === part.channel);
        const render = channel?.render ?? ((p: string) => p);
        let first = true;
        for await (const piece of spool.pieces(part.channel)) {
          await out.write(first ? render(piece) : (channel?.separator ?? "") + render(piece));
          first = false;
        }
      }
    },
    close: () => spool.remove(),
  };
}
