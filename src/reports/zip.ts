/**
 * Zip archives (Google sends `.zip`, some receivers `.xml.zip`) read with yauzl: entries one by
 * one, each as a stream through node:zlib. yauzl checks that an entry inflates to exactly the size
 * its header declares (`validateEntrySizes`), so a forged header cannot hide a bomb; the declared
 * sizes are checked against the limits before anything is inflated.
 */
import type { Readable } from "node:stream";
import yauzl from "yauzl";
import type { ReportLimits } from "./limits.ts";
import { InputRefusedError } from "./refusal.ts";

/** One file in an archive, or why it was not read. */
export type ZipItem =
  | { ok: true; name: string; compressedSize: number; open: () => Promise<Readable> }
  | { ok: false; name: string; error: InputRefusedError };

const OPTIONS: yauzl.Options = {
  lazyEntries: true,
  validateEntrySizes: true,
  decodeStrings: true,
  strictFileNames: false,
};

/** Opens a zip archive from a buffer or a file path. Rejects with an InputRefusedError. */
export function openZip(from: Buffer | string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    const done = (err: Error | null, zip: yauzl.ZipFile) => {
      if (err !== null) reject(new InputRefusedError("bad-archive", `not a readable zip archive: ${err.message}`));
      else resolve(zip);
    };
    try {
      if (typeof from === "string") yauzl.open(from, OPTIONS, done);
      else yauzl.fromBuffer(from, OPTIONS, done);
    } catch (e) {
      reject(new InputRefusedError("bad-archive", `not a readable zip archive: ${(e as Error).message}`));
    }
  });
}

/**
 * The files of an archive, in order. The caller must finish with one item (read or skip its
 * stream) before asking for the next. Directories are skipped; encrypted entries, entries
 * declaring more than `maxDocumentBytes`, or a ratio above `maxRatio`, come back refused.
 */
export async function* zipItems(zip: yauzl.ZipFile, limits: ReportLimits, what: string): AsyncGenerator<ZipItem> {
  let entries = 0;
  try {
    while (true) {
      const entry = await nextEntry(zip);
      if (entry === null) return;
      if (entry.fileName.endsWith("/")) continue;
      entries++;
      if (entries > limits.maxEntries)
        throw new InputRefusedError(
          "too-many-files",
          `${what} has more than ${limits.maxEntries} files (limit maxEntries)`,
        );
      const name = entry.fileName;
      const refused = checkEntry(entry, limits);
      if (refused !== null) {
        yield { ok: false, name, error: refused };
        continue;
      }
      yield {
        ok: true,
        name,
        compressedSize: entry.compressedSize,
        open: () =>
          new Promise<Readable>((resolve, reject) => {
            zip.openReadStream(entry, (err, stream) => {
              if (err !== null) reject(new InputRefusedError("bad-archive", `${name}: ${err.message}`));
              else resolve(stream);
            });
          }),
      };
    }
  } finally {
    zip.close();
  }
}

function checkEntry(entry: yauzl.Entry, limits: ReportLimits): InputRefusedError | null {
  if (entry.isEncrypted()) return new InputRefusedError("unsupported", "the file is encrypted");
  if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8)
    return new InputRefusedError("unsupported", `compression method ${entry.compressionMethod} is not supported`);
  if (entry.uncompressedSize > limits.maxDocumentBytes)
    return new InputRefusedError(
      "too-large",
      `the file declares ${entry.uncompressedSize} bytes, more than ${limits.maxDocumentBytes} (limit maxDocumentBytes)`,
    );
  const ratio = entry.uncompressedSize / Math.max(entry.compressedSize, 1);
  if (entry.uncompressedSize > limits.ratioFloorBytes && ratio > limits.maxRatio)
    return new InputRefusedError(
      "ratio-exceeded",
      `the file expands ${Math.round(ratio)} times (limit maxRatio ${limits.maxRatio}): a zip bomb?`,
    );
  return null;
}

function nextEntry(zip: yauzl.ZipFile): Promise<yauzl.Entry | null> {
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      zip.removeListener("entry", onEntry);
      zip.removeListener("end", onEnd);
      zip.removeListener("error", onError);
    };
    const onEntry = (entry: yauzl.Entry) => {
      cleanup();
      resolve(entry);
    };
    const onEnd = () => {
      cleanup();
      resolve(null);
    };
    const onError = (err: Error) => {
      cleanup();
      reject(new InputRefusedError("bad-archive", `corrupt zip archive: ${err.message}`));
    };
    zip.once("entry", onEntry);
    zip.once("end", onEnd);
    zip.once("error", onError);
    zip.readEntry();
  });
}
