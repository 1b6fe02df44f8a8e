/**
 * Writing an output file (`-o FILE`, `--record FILE`) without harming anything else:
 *
 * - never through a symbolic link: a link planted at the output's name (or made by mistake) would
 *   redirect the write to whatever it points at. A link to a device or a pipe (`-o /dev/stdout`) is
 *   written to in place, as the device it is;
 * - never over an input of the same run (the organisation file, the fixture being replayed, the
 *   catalog), whatever name or hard link reaches it: files are compared by device and inode;
 * - never half-written: the text goes to a new file in the same folder (created exclusively, so no
 *   link can be planted there either), which is then renamed over the output (POSIX `rename(2)`
 *   replaces the name, never follows a link at it).
 *
 * A refusal is a {@link CliError}: exit 2. Checked once before the run (so that a long audit is not
 * wasted) and again when writing.
 */
import { constants, type Stats } from "node:fs";
import { chmod, lstat, open, rename, rm, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { CliError, messageOf } from "./errors.ts";

/** What is at an output path. */
export type OutputTarget = "new" | "file" | "device";

function isDevice(s: Stats): boolean {
  return s.isCharacterDevice() || s.isFIFO() || s.isSocket();
}

async function statOrUndefined(path: string, follow: boolean): Promise<Stats | undefined> {
  try {
    return follow ? await stat(path) : await lstat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

/** Whether two stats are the same file. */
function same(a: Stats, b: Stats): boolean {
  return a.dev === b.dev && a.ino === b.ino;
}

/**
 * Checks an output path (absolute) against the rules above; `shown` is the name the user gave,
 * `inputs` the absolute paths of the run's input files. Returns what is there.
 */
export async function checkOutput(path: string, shown: string, inputs: readonly string[]): Promise<OutputTarget> {
  let here: Stats | undefined;
  let target: Stats | undefined;
  try {
    here = await statOrUndefined(path, false);
    target = here?.isSymbolicLink() === true ? await statOrUndefined(path, true) : here;
  } catch (error) {
    throw new CliError(`cannot write ${shown}: ${messageOf(error)}`);
  }
  if (here === undefined) return "new";
  if (here.isSymbolicLink() && (target === undefined || !isDevice(target)))
    throw new CliError(
      `refusing to write ${shown}: it is a symbolic link${target === undefined ? " to nothing" : ""} (write to the file itself, or remove the link)`,
    );
  if (target === undefined) return "new";
  if (target.isDirectory()) throw new CliError(`cannot write ${shown}: it is a folder`);
  for (const input of inputs) {
    const other = await statOrUndefined(input, true).catch(() => undefined);
    if (other !== undefined && same(other, target))
      throw new CliError(
        `refusing to write ${shown}: it is ${input === path ? "" : "the same file as "}an input of this run (${input})`,
      );
  }
  return isDevice(target) ? "device" : "file";
}

/** Refuses two outputs of one run that are the same file (`-o X --record X`). */
export function checkDistinct(outputs: readonly { path: string; shown: string }[]): void {
  for (let i = 0; i < outputs.length; i++)
    for (let j = i + 1; j < outputs.length; j++)
      if (outputs[i]?.path === outputs[j]?.path)
        throw new CliError(`refusing to write ${outputs[i]?.shown} twice: two outputs of this run name the same file`);
}

/** Writes to a device or pipe in place: opened without creating or truncating, and refused if it turned into a file. */
async function writeDevice(path: string, shown: string, text: string): Promise<void> {
  const handle = await open(path, constants.O_WRONLY);
  try {
    if (!isDevice(await handle.stat()))
      throw new CliError(`refusing to write ${shown}: it changed into a file during the run`);
    await handle.writeFile(text);
  } finally {
    await handle.close();
  }
}

/** Writes a new file beside `path` and renames it over `path`. */
async function writeReplacing(path: string, text: string, mode: number | undefined): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${Math.random().toString(36).slice(2, 10)}.tmp`);
  const handle = await open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o666);
  try {
    try {
      await handle.writeFile(text);
      await handle.datasync();
    } finally {
      await handle.close();
    }
    if (mode !== undefined) await chmod(temp, mode & 0o7777);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true }).catch(() => {});
    throw error;
  }
}

/**
 * Writes `text` to the output `path` (absolute), as the module comment says; `shown` names it in
 * messages, `inputs` are the run's input files (absolute). Rejects with a {@link CliError}.
 */
export async function writeOutput(path: string, shown: string, text: string, inputs: readonly string[]): Promise<void> {
  const target = await checkOutput(path, shown, inputs);
  try {
    if (target === "device") return await writeDevice(path, shown, text);
    const mode = target === "file" ? (await stat(path)).mode : undefined;
    await writeReplacing(path, text, mode);
  } catch (error) {
    if (error instanceof CliError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === "ENOENT"
        ? "its folder does not exist"
        : code === "EACCES" || code === "EPERM"
          ? "permission denied"
          : code === "ENOTDIR"
            ? "a part of the path is not a folder"
            : messageOf(error);
    throw new CliError(`cannot write ${shown}: ${why}`);
  }
}
