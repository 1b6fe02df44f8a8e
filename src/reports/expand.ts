/**
 * Opening containers until reports come out: gzip (node:zlib, nested layers too), zip (yauzl),
 * mail (postal-mime), mbox. Each input yields documents (an aggregate report's XML or a TLS
 * report's JSON, as a byte stream) and refusals, each with the chain of names that led to it
 * (`mail.eml › google.com!example.com!1549929600!1550015999.zip › ….xml`).
 *
 * A caller reads (or abandons) one document's stream before asking for the next item.
 */
import { type Budget, type ByteSource, collect, fromBytes, limitOutput, peek } from "./bytes.ts";
import { gunzip } from "./gzip.ts";
import type { ReportLimits } from "./limits.ts";
import { reportParts } from "./mail.ts";
import { mboxMessages } from "./mbox.ts";
import { InputRefusedError, refusalOf } from "./refusal.ts";
import { SNIFF_LENGTH, sniff } from "./sniff.ts";
import type { RefusalError } from "./types.ts";
import { openZip, zipItems } from "./zip.ts";

/** A report document found in an input, or an input (or part of one) that was refused. */
export type InputItem =
  | { type: "document"; file: string; name: string; kind: "aggregate" | "tls"; source: ByteSource }
  | { type: "refused"; file: string; name: string; error: RefusalError };

/** Where one top-level input comes from. */
export interface ExpandContext {
  /** The top-level input's name (a path, or "-" for standard input). */
  file: string;
  limits: ReportLimits;
  budget: Budget;
  /** Size of the top-level input when known (a file on disk). */
  inputSize: number | undefined;
  /** The path of the top-level file, so a zip on disk is read in place, not loaded. */
  zipPath: string | undefined;
}

/** The documents and refusals inside one input. */
export async function* expand(
  name: string,
  source: ByteSource,
  ctx: ExpandContext,
  depth = 0,
): AsyncGenerator<InputItem> {
  const refused = (error: RefusalError, at = name): InputItem => ({ type: "refused", file: ctx.file, name: at, error });
  let peeked: { head: Uint8Array; source: ByteSource };
  try {
    peeked = await peek(source, SNIFF_LENGTH);
  } catch (e) {
    yield refused(refusalOf(e, "unreadable"));
    return;
  }
  const { head } = peeked;
  if (head.byteLength === 0) {
    yield refused({ reason: "empty", message: "the input is empty (0 bytes)" });
    return;
  }
  const kind = sniff(head);
  if ((kind === "gzip" || kind === "zip" || kind === "mbox" || kind === "email") && depth >= ctx.limits.maxDepth) {
    yield refused({
      reason: "too-deep",
      message: `more than ${ctx.limits.maxDepth} container layers (limit maxDepth)`,
    });
    return;
  }
  switch (kind) {
    case "xml":
    case "json":
      yield {
        type: "document",
        file: ctx.file,
        name,
        kind: kind === "xml" ? "aggregate" : "tls",
        source: peeked.source,
      };
      return;
    case "gzip":
      yield* gunzipLayer(name, peeked.source, ctx, depth);
      return;
    case "zip":
      yield* unzip(name, peeked.source, ctx, depth);
      return;
    case "mbox":
      for await (const message of mboxMessages(peeked.source, ctx.limits.maxBufferBytes)) {
        const at = `${name} › message ${message.index + 1}`;
        if ("tooLarge" in message)
          yield refused(
            {
              reason: "too-large",
              message: `the message is larger than ${ctx.limits.maxBufferBytes} bytes (limit maxBufferBytes)`,
            },
            at,
          );
        else yield* mail(at, message.bytes, ctx, depth + 1);
      }
      return;
    case "email": {
      let bytes: Buffer;
      try {
        bytes = await collect(peeked.source, ctx.limits.maxBufferBytes, "the message");
      } catch (e) {
        yield refused(refusalOf(e, "unreadable"));
        return;
      }
      yield* mail(name, bytes, ctx, depth);
      return;
    }
    default:
      await discard(peeked.source);
      yield refused({
        reason: "unsupported",
        message: `not a report: neither XML, JSON, gzip, zip nor mail (starts with ${describe(head)})`,
      });
  }
}

async function* gunzipLayer(
  name: string,
  source: ByteSource,
  ctx: ExpandContext,
  depth: number,
): AsyncGenerator<InputItem> {
  const inflated = limitOutput(gunzip(source), ctx.budget, {
    maxBytes: ctx.limits.maxDocumentBytes,
    maxRatio: ctx.limits.maxRatio,
    ratioFloorBytes: ctx.limits.ratioFloorBytes,
    inputSize: ctx.inputSize,
    what: "the gzip stream",
  });
  try {
    yield* expand(`${name} › ${innerName(name, /\.t?gz$/i)}`, inflated, { ...ctx, zipPath: undefined }, depth + 1);
  } finally {
    await inflated.return(undefined);
  }
}

async function* unzip(name: string, source: ByteSource, ctx: ExpandContext, depth: number): AsyncGenerator<InputItem> {
  let zip: Awaited<ReturnType<typeof openZip>>;
  try {
    if (ctx.zipPath !== undefined) {
      await discard(source);
      zip = await openZip(ctx.zipPath);
    } else zip = await openZip(await collect(source, ctx.limits.maxBufferBytes, "the zip archive"));
  } catch (e) {
    yield { type: "refused", file: ctx.file, name, error: refusalOf(e, "bad-archive") };
    return;
  }
  let files = 0;
  try {
    for await (const item of zipItems(zip, ctx.limits, "the zip archive")) {
      const at = `${name} › ${item.name}`;
      files++;
      if (!item.ok) {
        yield { type: "refused", file: ctx.file, name: at, error: item.error.refusal };
        continue;
      }
      const stream = await item.open();
      const inflated = limitOutput(rewrap(stream), ctx.budget, {
        maxBytes: ctx.limits.maxDocumentBytes,
        maxRatio: ctx.limits.maxRatio,
        ratioFloorBytes: ctx.limits.ratioFloorBytes,
        inputSize: ctx.inputSize ?? Math.max(item.compressedSize, 1),
        what: "the zip entry",
      });
      try {
        yield* expand(at, inflated, { ...ctx, zipPath: undefined }, depth + 1);
      } finally {
        stream.destroy();
      }
    }
  } catch (e) {
    yield { type: "refused", file: ctx.file, name, error: refusalOf(e, "bad-archive") };
  }
  if (files === 0)
    yield { type: "refused", file: ctx.file, name, error: { reason: "empty", message: "the zip archive has no file" } };
}

async function* mail(name: string, bytes: Uint8Array, ctx: ExpandContext, depth: number): AsyncGenerator<InputItem> {
  const content = await reportParts(bytes, ctx.limits.maxEntries);
  if (!content.ok) {
    yield { type: "refused", file: ctx.file, name, error: { reason: content.reason, message: content.message } };
    return;
  }
  const inner = { ...ctx, zipPath: undefined };
  for (const part of content.parts) yield* expand(`${name} › ${part.name}`, fromBytes(part.bytes), inner, depth + 1);
}

/** Re-yields a Node stream's chunks, turning its errors into refusals (corrupt compressed data). */
async function* rewrap(stream: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  try {
    for await (const chunk of stream) yield chunk;
  } catch (e) {
    if (e instanceof InputRefusedError) throw e;
    throw new InputRefusedError("bad-compression", `corrupt compressed data: ${(e as Error).message}`);
  }
}

/** Stops reading a source (closing its file or stream). */
async function discard(source: ByteSource): Promise<void> {
  await source[Symbol.asyncIterator]().return?.();
}

/** The name inside a compressed file: `x.xml.gz` → `x.xml`. */
function innerName(name: string, suffix: RegExp): string {
  const last = name.split(" › ").pop() ?? name;
  const base = last.split("/").pop() ?? last;
  const inner = base.replace(suffix, "");
  return inner === base ? `${base} (decompressed)` : inner;
}

function describe(head: Uint8Array): string {
  const printable = Buffer.from(head.subarray(0, 16))
    .toString("latin1")
    .replace(/[^\x20-\x7e]/g, ".");
  return JSON.stringify(printable);
}
