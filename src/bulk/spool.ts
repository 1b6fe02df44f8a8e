/**
 * Pieces of a document kept on disk until the end: one temporary file, appended to as domains
 * finish (in any order), and an index of where each input position's piece of each channel lies
 * (16 bytes per piece). Reading them back in input order costs one read per piece, and memory
 * stays the size of one piece.
 */
import { constants } from "node:fs";
import { type FileHandle, open, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FileSink } from "./file-sink.ts";

/** Offsets and lengths by input position, growing as needed. */
class PieceIndex {
  #slots = new Float64Array(2 * 1024).fill(-1);
  #count = 0;

  get count(): number {
    return this.#count;
  }

  set(position: number, offset: number, length: number): void {
    while (2 * position + 1 >= this.#slots.length) {
      const bigger = new Float64Array(this.#slots.length * 2).fill(-1);
      bigger.set(this.#slots);
      this.#slots = bigger;
    }
    this.#slots[2 * position] = offset;
    this.#slots[2 * position + 1] = length;
    this.#count = Math.max(this.#count, position + 1);
  }

  get(position: number): { offset: number; length: number } | undefined {
    const offset = this.#slots[2 * position] ?? -1;
    const length = this.#slots[2 * position + 1] ?? -1;
    return offset < 0 || length < 0 ? undefined : { offset, length };
  }
}

/** Pieces by channel and input position, on disk. */
export class Spool {
  readonly path: string;
  readonly #handle: FileHandle;
  readonly #sink: FileSink;
  readonly #index = new Map<string, PieceIndex>();

  private constructor(path: string, handle: FileHandle) {
    this.path = path;
    this.#handle = handle;
    this.#sink = new FileSink(handle);
  }

  /** A new spool file in `dir` (default: the system's temporary folder). */
  static async create(dir: string = tmpdir()): Promise<Spool> {
    const path = join(dir, `.email-auth-audit-spool-${process.pid}-${Math.random().toString(36).slice(2, 10)}.tmp`);
    const flags = constants.O_RDWR | constants.O_CREAT | constants.O_EXCL;
    return new Spool(path, await open(path, flags, 0o600));
  }

  /** Keeps `piece` as the `channel` piece of input `position`. */
  async put(channel: string, position: number, piece: string): Promise<void> {
    if (piece === "") return;
    let index = this.#index.get(channel);
    if (index === undefined) {
      index = new PieceIndex();
      this.#index.set(channel, index);
    }
    const offset = this.#sink.bytes;
    await this.#sink.write(piece);
    index.set(position, offset, this.#sink.bytes - offset);
  }

  /** The pieces of `channel` in input order. */
  async *pieces(channel: string): AsyncGenerator<string> {
    await this.#sink.flush();
    const index = this.#index.get(channel);
    if (index === undefined) return;
    let buffer = Buffer.alloc(64 * 1024);
    for (let position = 0; position < index.count; position++) {
      const at = index.get(position);
      if (at === undefined) continue;
      if (buffer.length < at.length) buffer = Buffer.alloc(at.length);
      let read = 0;
      while (read < at.length) {
        const { bytesRead } = await this.#handle.read(buffer, read, at.length - read, at.offset + read);
        if (bytesRead <= 0) throw new Error("the spool file is shorter than its index");
        read += bytesRead;
      }
      yield buffer.toString("utf8", 0, at.length);
    }
  }

  /** Closes and removes the spool file. Never throws. */
  async remove(): Promise<void> {
    await this.#handle.close().catch(() => {});
    await rm(this.path, { force: true }).catch(() => {});
  }
}
