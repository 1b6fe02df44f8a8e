/**
 * Gzip (RFC 1952) read as its member header followed by a raw deflate stream (node:zlib
 * `inflateRaw`), so that bytes after the deflate stream are ignored: Mimecast appends CRLF to its
 * `.xml.gz` attachments, which Node's gunzip rejects as a bad second member (parsedmarc issue
 * #429). Only the first member is read; a concatenated second member is ignored.
 */
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createInflateRaw } from "node:zlib";
import type { ByteSource } from "./bytes.ts";
import { InputRefusedError } from "./refusal.ts";

const MAX_HEADER = 64 * 1024;
// RFC 1952 §2.3.1 FLG bits.
const FHCRC = 2;
const FEXTRA = 4;
const FNAME = 8;
const FCOMMENT = 16;

/** The length of the member header at the start of `b`: a number, "incomplete" or "invalid". */
export function gzipHeaderLength(b: Uint8Array): number | "incomplete" | "invalid" {
  if (b.byteLength < 10) return "incomplete";
  if (b[0] !== 0x1f || b[1] !== 0x8b || b[2] !== 8) return "invalid";
  const flags = b[3] ?? 0;
  if ((flags & 0xe0) !== 0) return "invalid";
  let at = 10;
  if (flags & FEXTRA) {
    if (b.byteLength < at + 2) return "incomplete";
    at += 2 + ((b[at] ?? 0) | ((b[at + 1] ?? 0) << 8));
  }
  for (const bit of [FNAME, FCOMMENT]) {
    if ((flags & bit) === 0) continue;
    const end = b.indexOf(0, at);
    if (end < 0) return "incomplete";
    at = end + 1;
  }
  if (flags & FHCRC) at += 2;
  return at <= b.byteLength ? at : "incomplete";
}

/** The decompressed bytes of a gzip stream. Errors are InputRefusedErrors ("bad-compression"). */
export async function* gunzip(source: ByteSource): AsyncGenerator<Uint8Array> {
  const iterator = source[Symbol.asyncIterator]();
  let head: Uint8Array = new Uint8Array(0);
  let headerLength: number | "incomplete" | "invalid" = "incomplete";
  while (headerLength === "incomplete") {
    const next = await iterator.next();
    if (next.done === true) throw new InputRefusedError("bad-compression", "the gzip header is cut short");
    head = Buffer.concat([head, next.value]);
    headerLength = gzipHeaderLength(head);
    if (headerLength === "incomplete" && head.byteLength > MAX_HEADER) headerLength = "invalid";
  }
  if (headerLength === "invalid") throw new InputRefusedError("bad-compression", "not a valid gzip header");
  const first = head.subarray(headerLength);
  async function* rest(): AsyncGenerator<Uint8Array> {
    if (first.byteLength > 0) yield first;
    while (true) {
      const next = await iterator.next();
      if (next.done === true) return;
      yield next.value;
    }
  }
  const inflate = createInflateRaw();
  const feeding = pipeline(Readable.from(rest(), { objectMode: false }), inflate).catch(() => undefined);
  try {
    for await (const chunk of inflate as AsyncIterable<Uint8Array>) yield chunk;
  } catch (e) {
    if (e instanceof InputRefusedError) throw e;
    throw new InputRefusedError("bad-compression", `corrupt gzip data: ${(e as Error).message}`);
  } finally {
    inflate.destroy();
    await iterator.return?.();
    await feeding;
  }
}
