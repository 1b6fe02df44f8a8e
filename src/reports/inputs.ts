/**
 * Inputs given by the user: files, folders walked recursively (Maildir and its `cur`/`new`
 * folders included), and standard input (`-`). Every file found becomes `expand` items.
 */
import { createReadStream } from "node:fs";
import { lstat, readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import type { Budget, ByteSource } from "./bytes.ts";
import { countInput } from "./bytes.ts";
import { expand, type InputItem } from "./expand.ts";
import { type ReportLimits, resolveLimits } from "./limits.ts";
import type { RefusalError } from "./types.ts";

/** Options of `readInputs`. */
export interface InputOptions {
  limits?: Partial<ReportLimits>;
  /** The stream read for the path `-` (default: process.stdin). */
  stdin?: AsyncIterable<Uint8Array>;
}

/** Files a mail store keeps beside its messages (Dovecot, Courier, Maildir++). */
const MAILDIR_METADATA = /^(dovecot[.-].*|maildirfolder|subscriptions|courierimap.*|\.DS_Store)$/;

/**
 * Every document (and every refusal) in the inputs, in order: paths of files or folders, `-`
 * for standard input. Folders are walked recursively in name order, symbolic links to folders
 * are not followed, and Maildir `tmp/` folders (messages still being written) are skipped.
 */
export async function* readInputs(paths: readonly string[], options: InputOptions = {}): AsyncGenerator<InputItem> {
  const limits = resolveLimits(options.limits);
  let files = 0;
  for (const path of paths) {
    if (path === "-") {
      yield* expandSource("-", options.stdin ?? process.stdin, limits, undefined, undefined);
      continue;
    }
    for await (const file of walk(path)) {
      if ("error" in file) {
        yield { type: "refused", file: file.path, name: file.path, error: file.error };
        continue;
      }
      files++;
      if (files > limits.maxFiles) {
        yield {
          type: "refused",
          file: file.path,
          name: file.path,
          error: { reason: "too-many-files", message: `more than ${limits.maxFiles} files (limit maxFiles): stopped` },
        };
        return;
      }
      yield* expandFile(file.path, file.size, limits);
    }
  }
}

/** The documents and refusals in one file on disk. */
export async function* expandFile(path: string, size: number, limits: ReportLimits): AsyncGenerator<InputItem> {
  const stream = createReadStream(path, { highWaterMark: 256 * 1024 });
  try {
    yield* expandSource(path, stream, limits, size, path);
  } finally {
    stream.destroy();
  }
}

async function* expandSource(
  file: string,
  source: AsyncIterable<Uint8Array>,
  limits: ReportLimits,
  size: number | undefined,
  zipPath: string | undefined,
): AsyncGenerator<InputItem> {
  const budget: Budget = { inputBytes: 0, producedBytes: 0 };
  const counted: ByteSource = countInput(source, budget);
  yield* expand(file, counted, { file, limits, budget, inputSize: size, zipPath });
}

type Walked = { path: string; size: number } | { path: string; error: RefusalError };

async function* walk(path: string, depth = 0): AsyncGenerator<Walked> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = depth === 0 ? await stat(path) : await lstat(path);
  } catch (e) {
    yield {
      path,
      error: { reason: "unreadable", message: `cannot read: ${(e as NodeJS.ErrnoException).code ?? String(e)}` },
    };
    return;
  }
  if (info.isSymbolicLink()) {
    const target = await stat(path).catch(() => undefined);
    if (target?.isFile()) yield { path, size: target.size };
    return;
  }
  if (info.isFile()) {
    yield { path, size: info.size };
    return;
  }
  if (!info.isDirectory() || depth > 64) return;
  let names: string[];
  try {
    names = (await readdir(path)).sort();
  } catch (e) {
    yield {
      path,
      error: { reason: "unreadable", message: `cannot list: ${(e as NodeJS.ErrnoException).code ?? String(e)}` },
    };
    return;
  }
  const maildir = names.includes("cur") && names.includes("new");
  for (const name of names) {
    if (maildir && name === "tmp") continue;
    if (MAILDIR_METADATA.test(name)) continue;
    yield* walk(join(path, name), depth + 1);
  }
}
