/**
 * Text written to a file in large blocks, with awaited writes (a slow disk slows the producer
 * instead of filling memory) and a count of the bytes written (the offsets of a spool's pieces).
 */
import type { FileHandle } from "node:fs/promises";

/** Where bulk output goes: each write is awaited. */
export interface TextSink {
  write(chunk: string): Promise<void>;
}

/** Bytes gathered before one write to the file. */
const BLOCK = 256 * 1024;

/** Buffered, awaited writes to an open file. */
export class FileSink implements TextSink {
  readonly #handle: FileHandle;
  #pending: string[] = [];
  #pendingBytes = 0;
  #written = 0;

  constructor(handle: FileHandle) {
    this.#handle = handle;
  }

  /** Bytes written so far, buffered ones included (the offset of the next write). */
  get bytes(): number {
    return this.#written + this.#pendingBytes;
  }

  async write(chunk: string): Promise<void> {
    if (chunk === "") return;
    this.#pending.push(chunk);
    this.#pendingBytes += Buffer.byteLength(chunk);
    if (this.#pendingBytes >= BLOCK) await this.flush();
  }

  /** Writes what is buffered. */
  async flush(): Promise<void> {
    if (this.#pending.length === 0) return;
    const data = Buffer.from(this.#pending.join(""));
    this.#pending = [];
    this.#pendingBytes = 0;
    let done = 0;
    while (done < data.length) {
      const { bytesWritten } = await this.#handle.write(data, done, data.length - done);
      if (bytesWritten <= 0) throw new Error("the file accepted no more bytes");
      done += bytesWritten;
    }
    this.#written += data.length;
  }
}

/** A stream that may say "wait" (`write` returns false) and then emit `drain`, like `process.stdout`. */
interface DrainingStream {
  write(chunk: string): unknown;
  once?: (event: "drain" | "close" | "error", listener: () => void) => unknown;
  removeListener?: (event: "drain" | "close" | "error", listener: () => void) => unknown;
}

/** A sink over a writable stream (standard output): waits for `drain` when the stream asks. */
export function streamSink(stream: DrainingStream): TextSink {
  return {
    async write(chunk: string) {
      if (chunk === "") return;
      const more = stream.write(chunk);
      const once = stream.once;
      if (more !== false || typeof once !== "function") return;
      await new Promise<void>((resolve) => {
        const done = () => {
          stream.removeListener?.("drain", done);
          stream.removeListener?.("close", done);
          stream.removeListener?.("error", done);
          resolve();
        };
        once.call(stream, "drain", done);
        once.call(stream, "close", done);
        once.call(stream, "error", done);
      });
    },
  };
}
