/** Reading a file with a size limit: never more than the limit (plus one byte) in memory. */
import { open } from "node:fs/promises";

/**
 * Reads at most `max + 1` bytes of a file: a result longer than `max` means the file is too large
 * (the caller says so; the rest of the file is never read).
 */
export async function readBounded(path: string, max: number): Promise<Buffer> {
  const handle = await open(path, "r");
  try {
    const chunks: Buffer[] = [];
    let size = 0;
    while (size <= max) {
      const chunk = Buffer.alloc(Math.min(1024 * 1024, max + 1 - size));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      size += bytesRead;
    }
    return Buffer.concat(chunks, size);
  } finally {
    await handle.close();
  }
}
