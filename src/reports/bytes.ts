/**
 * Byte streams for the container readers: peeking at the first bytes, counting what a
 * decompression layer produces against the limits, and collecting a stream into memory under a cap.
 */
import { InputRefusedError } from "./refusal.ts";

/** A byte source: an async iterable of chunks (a file stream, a zlib stream, a single buffer). */
export type ByteSource = AsyncIterable<Uint8Array>;

/** The bytes read so far from one top-level input, shared by every layer inside it. */
export interface Budget {
  /** Bytes read from the input itself (compressed). */
  inputBytes: number;
  /** Bytes produced by every decompression layer, added up. */
  producedBytes: number;
}

/** The first `n` bytes of `source` (fewer if it ends), and a source that replays them. */
export async function peek(source: ByteSource, n: number): Promise<{ head: Uint8Array; source: ByteSource }> {
  const iterator = source[Symbol.asyncIterator]();
  const taken: Uint8Array[] = [];
  let size = 0;
  let done = false;
  while (size < n) {
    const next = await iterator.next();
    if (next.done === true) {
      done = true;
      break;
    }
    taken.push(next.value);
    size += next.value.byteLength;
  }
  const head = Buffer.concat(taken).subarray(0, n);
  async function* replay(): AsyncGenerator<Uint8Array> {
    for (const chunk of taken) yield chunk;
    if (done) return;
    while (true) {
      const next = await iterator.next();
      if (next.done === true) return;
      yield next.value;
    }
  }
  return { head, source: replay() };
}

/** Counts the bytes of `source` as read from the input (compressed side). */
export async function* countInput(source: ByteSource, budget: Budget): AsyncGenerator<Uint8Array> {
  for await (const chunk of source) {
    budget.inputBytes += chunk.byteLength;
    yield chunk;
  }
}

/** Limits of one decompression layer. */
export interface LayerLimits {
  maxBytes: number;
  maxRatio: number;
  ratioFloorBytes: number;
  /** Known size of the whole input (a file on disk); else the bytes read so far. */
  inputSize: number | undefined;
  what: string;
}

/**
 * Passes decompressed chunks through, refusing once the layer produces more than `maxBytes`
 * or once everything produced from this input exceeds `maxRatio` times its compressed size.
 */
export async function* limitOutput(
  source: ByteSource,
  budget: Budget,
  limits: LayerLimits,
): AsyncGenerator<Uint8Array> {
  let produced = 0;
  for await (const chunk of source) {
    produced += chunk.byteLength;
    budget.producedBytes += chunk.byteLength;
    if (produced > limits.maxBytes)
      throw new InputRefusedError(
        "too-large",
        `${limits.what} decompresses to more than ${limits.maxBytes} bytes (limit maxDocumentBytes)`,
      );
    const input = Math.max(limits.inputSize ?? budget.inputBytes, 1);
    if (budget.producedBytes > limits.ratioFloorBytes && budget.producedBytes / input > limits.maxRatio)
      throw new InputRefusedError(
        "ratio-exceeded",
        `${limits.what} expands more than ${limits.maxRatio} times its compressed size (limit maxRatio): a compression bomb?`,
      );
    yield chunk;
  }
}

/** Reads `source` into one buffer, refusing past `maxBytes`. */
export async function collect(source: ByteSource, maxBytes: number, what: string): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of source) {
    size += chunk.byteLength;
    if (size > maxBytes)
      throw new InputRefusedError("too-large", `${what} is larger than ${maxBytes} bytes (limit maxBufferBytes)`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}

/** A one-chunk source. */
export async function* fromBytes(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  if (bytes.byteLength > 0) yield bytes;
}
