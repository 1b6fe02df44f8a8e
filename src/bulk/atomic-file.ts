/**
 * An output file written under a temporary name in the same folder and renamed into place at the
 * end (a rename within one file system is atomic, POSIX `rename(2)`): a reader never sees half a
 * report, and a run that fails or is killed never clobbers the file a previous run wrote. Opening
 * it checks the path (the folder exists and is writable, the name is not a folder) before any work.
 */
import { constants } from "node:fs";
import { type FileHandle, open, rename, rm, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { FileSink, type TextSink } from "./file-sink.ts";

/** Options of {@link openAtomicFile}. */
export interface AtomicFileOptions {
  /**
   * A fixed temporary name (`results.jsonl.partial`), opened exclusively: a second run on the same
   * output fails with `code: "exists"` instead of mixing its lines in. Default: a unique hidden name.
   */
  temp?: string;
}

/** Why an output file cannot be opened. */
export interface AtomicFileError {
  ok: false;
  error: string;
  /** `exists`: the fixed temporary file is already there. */
  code?: "exists";
}

/** A file being written; {@link AtomicFile.commit} puts it in place. */
export class AtomicFile implements TextSink {
  readonly path: string;
  #tempPath: string;
  readonly #handle: FileHandle;
  readonly #sink: FileSink;
  #closed = false;

  constructor(path: string, tempPath: string, handle: FileHandle) {
    this.path = path;
    this.#tempPath = tempPath;
    this.#handle = handle;
    this.#sink = new FileSink(handle);
  }

  /** Where the file is while it is written. */
  get tempPath(): string {
    return this.#tempPath;
  }

  /**
   * Gives the file being written another temporary name (replacing any file there), e.g. a resumed
   * run's fresh copy taking over the interrupted run's `.partial` name. Writing goes on.
   */
  async renameTemp(tempPath: string): Promise<void> {
    await this.#sink.flush();
    await rename(this.#tempPath, tempPath);
    this.#tempPath = tempPath;
  }

  /** Bytes written so far. */
  get bytes(): number {
    return this.#sink.bytes;
  }

  write(chunk: string): Promise<void> {
    return this.#sink.write(chunk);
  }

  async #close(sync: boolean): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    try {
      await this.#sink.flush();
      if (sync) await this.#handle.datasync();
    } finally {
      await this.#handle.close();
    }
  }

  /** Writes what is buffered, flushes it to disk and renames the file into place. */
  async commit(): Promise<void> {
    await this.#close(true);
    await rename(this.#tempPath, this.path);
  }

  /** Writes what is buffered and closes the file, leaving it under its temporary name (to resume from). */
  async keep(): Promise<void> {
    await this.#close(false);
  }

  /** Closes and removes the temporary file. Never throws. */
  async discard(): Promise<void> {
    try {
      await this.#close(false);
    } catch {
      // Removing it is what matters.
    }
    await rm(this.#tempPath, { force: true }).catch(() => {});
  }
}

function explain(error: unknown, shown: string): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return `cannot write ${shown}: its folder does not exist`;
  if (code === "EACCES" || code === "EPERM") return `cannot write ${shown}: permission denied`;
  if (code === "EROFS") return `cannot write ${shown}: read-only file system`;
  if (code === "ENOTDIR") return `cannot write ${shown}: a part of the path is not a folder`;
  return `cannot write ${shown}: ${(error as Error).message}`;
}

/** Opens `path` for writing under a temporary name; `{ ok: false, error }` when it cannot be written. */
export async function openAtomicFile(
  path: string,
  options: AtomicFileOptions = {},
  shown = path,
): Promise<{ ok: true; file: AtomicFile } | AtomicFileError> {
  try {
    if ((await stat(path)).isDirectory()) return { ok: false, error: `cannot write ${shown}: it is a folder` };
  } catch {
    // Not there yet: fine.
  }
  const random = `${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
  const tempPath = options.temp ?? join(dirname(path), `.${basename(path)}.${random}.tmp`);
  try {
    const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL;
    const handle = await open(tempPath, flags, 0o666);
    return { ok: true, file: new AtomicFile(path, tempPath, handle) };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST" && options.temp !== undefined)
      return { ok: false, error: `${basename(tempPath)} already exists`, code: "exists" };
    return { ok: false, error: explain(error, shown) };
  }
}
