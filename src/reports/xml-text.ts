/**
 * Bytes to text for an XML document, chunk by chunk: only what XML 1.0 Appendix F needs (a
 * byte-order mark, else the `encoding` of the XML declaration, else UTF-8). Invalid bytes are
 * replaced with U+FFFD (WHATWG decoding) and reported once.
 */

import { TextDecoder } from "node:util";

const SNIFF_BYTES = 512;

/** Picks the decoder label from the first bytes of a document. */
export function xmlEncodingOf(head: Uint8Array): string {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return "utf-8";
  if (head[0] === 0xfe && head[1] === 0xff) return "utf-16be";
  if (head[0] === 0xff && head[1] === 0xfe) return "utf-16le";
  // UTF-16 without a BOM: "<?" as 00 3C 00 3F or 3C 00 3F 00 (XML 1.0 Appendix F.1).
  if (head[0] === 0x00 && head[1] === 0x3c && head[2] === 0x00 && head[3] === 0x3f) return "utf-16be";
  if (head[0] === 0x3c && head[1] === 0x00 && head[2] === 0x3f && head[3] === 0x00) return "utf-16le";
  const prefix = new TextDecoder("latin1").decode(head.subarray(0, SNIFF_BYTES));
  const declaration = /^\s*<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._-]{1,40})["']/.exec(prefix);
  const label = declaration?.[1]?.toLowerCase();
  if (label === undefined || label === "utf-16") return "utf-8";
  try {
    return new TextDecoder(label).encoding;
  } catch {
    return "utf-8";
  }
}

/** A streaming decoder: feed byte chunks, get text; `invalid` tells whether bytes were replaced. */
export class XmlTextDecoder {
  #decoder: TextDecoder | undefined;
  #pending: Uint8Array[] = [];
  #pendingBytes = 0;
  #checkReplacement = true;
  /** True once an invalid byte sequence was replaced with U+FFFD. */
  invalid = false;

  /** Decodes `chunk`; returns "" while the first bytes are still being collected. */
  write(chunk: Uint8Array): string {
    if (this.#decoder === undefined) {
      this.#pending.push(chunk);
      this.#pendingBytes += chunk.byteLength;
      if (this.#pendingBytes < SNIFF_BYTES) return "";
      return this.#start();
    }
    return this.#decode(chunk, true);
  }

  /** Flushes what is left. */
  end(): string {
    const head = this.#decoder === undefined ? this.#start() : "";
    return head + this.#decode(new Uint8Array(0), false);
  }

  #start(): string {
    const all = concat(this.#pending, this.#pendingBytes);
    this.#pending = [];
    const encoding = xmlEncodingOf(all);
    this.#decoder = new TextDecoder(encoding);
    // A single-byte legacy encoding cannot produce an invalid sequence worth reporting.
    this.#checkReplacement = encoding.startsWith("utf-");
    return this.#decode(all, true);
  }

  #decode(bytes: Uint8Array, stream: boolean): string {
    const text = (this.#decoder as TextDecoder).decode(bytes, { stream });
    if (this.#checkReplacement && !this.invalid && text.includes("\uFFFD")) this.invalid = true;
    return text;
  }
}

function concat(chunks: Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1 && chunks[0] !== undefined) return chunks[0];
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}
