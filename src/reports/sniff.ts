/**
 * What an input is, from its first bytes rather than its name (parsedmarc sniffs the same way):
 * ZIP `PK\x03\x04`, GZIP `\x1f\x8b`, XML `<`, JSON `{`, an mbox `From ` line, or mail headers.
 */
export type Sniffed = "gzip" | "zip" | "xml" | "json" | "mbox" | "email" | "unknown";

/** Bytes to peek at before deciding. */
export const SNIFF_LENGTH = 256;

export function sniff(head: Uint8Array): Sniffed {
  if (head[0] === 0x1f && head[1] === 0x8b) return "gzip";
  if (
    head[0] === 0x50 &&
    head[1] === 0x4b &&
    (head[2] === 0x03 || head[2] === 0x05) &&
    (head[3] === 0x04 || head[3] === 0x06)
  )
    return "zip";
  // UTF-16 byte-order marks: only XML is expected in UTF-16.
  if ((head[0] === 0xfe && head[1] === 0xff) || (head[0] === 0xff && head[1] === 0xfe)) return "xml";
  const text = Buffer.from(head)
    .toString("latin1")
    .replace(/^\xef\xbb\xbf/, "");
  const start = text.trimStart();
  if (start.startsWith("<")) return "xml";
  if (start.startsWith("{")) return "json";
  if (text.startsWith("From ")) return "mbox";
  // RFC 5322 §2.2: a header field name is printable ASCII except ":", then ":".
  if (/^[!-9;-~]{1,76}:/.test(text)) return "email";
  return "unknown";
}
