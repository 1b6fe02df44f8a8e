/**
 * Splitting an mbox file (RFC 4155) into messages as it streams: a message starts at a line
 * beginning `From ` at the start of the file or after an empty line; `>From ` lines are
 * unescaped (mboxrd). Each message is held in memory alone, up to a cap.
 */
import type { ByteSource } from "./bytes.ts";

/** One message of an mbox, or one that was too large to hold. */
export type MboxMessage = { index: number; bytes: Buffer } | { index: number; tooLarge: true };

export async function* mboxMessages(source: ByteSource, maxBytes: number): AsyncGenerator<MboxMessage> {
  let carry = "";
  let lines: string[] = [];
  let size = 0;
  let tooLarge = false;
  let index = 0;
  let started = false;
  let previousBlank = true;
  const flush = (): MboxMessage | null => {
    if (!started) return null;
    const message: MboxMessage = tooLarge
      ? { index, tooLarge: true }
      : { index, bytes: Buffer.from(lines.join(""), "latin1") };
    index++;
    lines = [];
    size = 0;
    tooLarge = false;
    return message;
  };
  const take = (line: string): MboxMessage | null => {
    let out: MboxMessage | null = null;
    if (previousBlank && line.startsWith("From ")) {
      out = flush();
      started = true;
      previousBlank = false;
      return out;
    }
    previousBlank = line === "\n" || line === "\r\n";
    if (!started) return null;
    size += line.length;
    if (size > maxBytes) {
      tooLarge = true;
      lines = [];
    } else if (!tooLarge) lines.push(/^>+From /.test(line) ? line.slice(1) : line);
    return out;
  };
  for await (const chunk of source) {
    carry += Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString("latin1");
    let start = 0;
    let nl = carry.indexOf("\n", start);
    while (nl >= 0) {
      const message = take(carry.slice(start, nl + 1));
      if (message !== null) yield message;
      start = nl + 1;
      nl = carry.indexOf("\n", start);
    }
    carry = carry.slice(start);
    // A line longer than the cap: keep only enough to know the message is too large.
    if (carry.length > maxBytes && started) {
      tooLarge = true;
      lines = [];
      carry = "";
    }
  }
  if (carry !== "") {
    const message = take(carry);
    if (message !== null) yield message;
  }
  const last = flush();
  if (last !== null) yield last;
}
