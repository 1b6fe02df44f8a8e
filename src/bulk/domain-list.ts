/**
 * Domain lists of any length, read as a stream (never the whole file in one string): one domain a
 * line, `#` starts a comment, blank lines and duplicates skipped. UTF-8 (with or without a byte
 * order mark) and UTF-16 LE/BE with a BOM (what Windows PowerShell 5.1 writes) are read; a file
 * with NUL bytes or invalid UTF-8 is refused as not text.
 *
 * A list is read twice: once to count it and collect the distinct names still to check (so that
 * progress can say "of 100,000"), once to hand them out in file order. Only the set of names
 * still to check is held, and it shrinks as names are handed out.
 */
import { createReadStream } from "node:fs";
import { isIP } from "node:net";
import { domainToASCII } from "node:url";
import { TextDecoder } from "node:util";
import { nameProblem, normalizeName } from "../dns/names.ts";

/** A domain to check, with where it came from and, if it cannot be checked, why. */
export interface DomainInput {
  domain: string;
  /** Its line in the domains file. */
  line?: number;
  /** Why the name is not a domain name (it is then reported "not checked", never asked). */
  problem?: string;
}

/** Most distinct names one list may hold (a bound on the memory of the set of names to check). */
export const MAX_LIST_DOMAINS = 2_000_000;

const NOT_TEXT = "it is not a text file (it contains NUL bytes)";

/** Longest line read, characters (a domain name has at most 253). */
const MAX_LINE = 4096;

/** Why `text` is not a domain name we can check, or its ASCII (IDNA) form. */
export function checkDomainName(text: string): { name: string } | { problem: string } {
  const trimmed = normalizeName(text.trim());
  if (trimmed === "") return { problem: "empty name" };
  if (isIP(trimmed) !== 0) return { problem: "an IP address, not a domain name" };
  const ascii = domainToASCII(trimmed);
  // The URL host parser reads "123" and "1.2" as IPv4 addresses (0.0.0.123): not domain names either.
  if (isIP(ascii) !== 0) return { problem: "an IP address, not a domain name" };
  if (ascii === "" || !/^[a-z0-9_.-]+$/.test(ascii)) return { problem: "not a domain name" };
  const problem = nameProblem(ascii);
  return problem === undefined ? { name: ascii } : { problem };
}

/** One line of content: comment and surrounding blanks removed. */
interface ContentLine {
  text: string;
  line: number;
}

function encodingOf(head: Buffer): { encoding: "utf-8" | "utf-16le" | "utf-16be"; bom: number } {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: "utf-8", bom: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: "utf-16le", bom: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: "utf-16be", bom: 2 };
  return { encoding: "utf-8", bom: 0 };
}

/** A domains file that cannot be read as text; `message` says why, for the user. */
export class DomainListError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DomainListError";
  }
}

/** The lines with content of a text file, numbered from 1. Throws {@link DomainListError}. */
async function* contentLines(file: string): AsyncGenerator<ContentLine> {
  const stream = createReadStream(file, { highWaterMark: 64 * 1024 });
  let decoder: TextDecoder | undefined;
  let utf8 = true;
  let carry = "";
  let line = 0;
  const lines = function* (text: string, last: boolean): Generator<ContentLine> {
    const parts = (carry + text).split("\n");
    carry = last ? "" : (parts.pop() ?? "");
    if (carry.length > MAX_LINE) throw new DomainListError(`line ${line + 1} is longer than ${MAX_LINE} characters`);
    for (const raw of parts) {
      line++;
      if (raw.includes("\u0000")) throw new DomainListError(NOT_TEXT);
      if (raw.length > MAX_LINE) throw new DomainListError(`line ${line} is longer than ${MAX_LINE} characters`);
      const text = raw.replace(/#[\s\S]*$/, "").trim();
      if (text !== "") yield { text, line };
    }
  };
  try {
    for await (const chunk of stream) {
      let bytes = chunk as Buffer;
      if (decoder === undefined) {
        const { encoding, bom } = encodingOf(bytes);
        decoder = new TextDecoder(encoding, { fatal: true });
        utf8 = encoding === "utf-8";
        bytes = bytes.subarray(bom);
      }
      if (utf8 && bytes.includes(0)) throw new DomainListError(NOT_TEXT);
      yield* lines(decoder.decode(bytes, { stream: true }), false);
    }
    yield* lines(decoder?.decode() ?? "", true);
  } catch (error) {
    if (error instanceof DomainListError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new DomainListError("no such file");
    if (code === "EISDIR") throw new DomainListError("is a folder");
    if (error instanceof TypeError) throw new DomainListError("it is not UTF-8 or UTF-16 text");
    throw new DomainListError((error as Error).message);
  } finally {
    stream.destroy();
  }
}

/** A domains file, counted: iterate it (again) to get the inputs in file order. */
export interface DomainList extends AsyncIterable<DomainInput> {
  /** Distinct names to check (valid or not), after those skipped. */
  readonly total: number;
  /** Distinct valid names skipped (already done, see `skip`). */
  readonly skipped: number;
}

/** Options of {@link readDomainList}. */
export interface ReadDomainListOptions {
  /** Names not to check (a resumed run's done domains). */
  skip?: (domain: string) => boolean;
  /** Most distinct names. Default {@link MAX_LIST_DOMAINS}. */
  maxDomains?: number;
}

/**
 * Reads a domains file: `{ ok: true, list }` to iterate, or `{ ok: false, error }` when the file
 * cannot be read as text or holds too many names. A line that is not a domain name becomes an
 * input with its `problem` and `line` (reported "not checked", never asked).
 */
export async function readDomainList(
  file: string,
  options: ReadDomainListOptions = {},
): Promise<{ ok: true; list: DomainList } | { ok: false; error: string }> {
  const max = options.maxDomains ?? MAX_LIST_DOMAINS;
  const pending = new Set<string>();
  const invalid = new Set<string>();
  const skippedNames = new Set<string>();
  try {
    for await (const { text } of contentLines(file)) {
      const checked = checkDomainName(text);
      if ("problem" in checked) invalid.add(text);
      else if (options.skip?.(checked.name)) skippedNames.add(checked.name);
      else pending.add(checked.name);
      if (pending.size + invalid.size > max) return { ok: false, error: `it lists more than ${max} domains; split it` };
    }
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
  const total = pending.size + invalid.size;
  const skipped = skippedNames.size;
  skippedNames.clear();
  const list: DomainList = {
    total,
    skipped,
    async *[Symbol.asyncIterator]() {
      for await (const { text, line } of contentLines(file)) {
        const checked = checkDomainName(text);
        if ("name" in checked) {
          if (pending.delete(checked.name)) yield { domain: checked.name, line };
        } else if (invalid.delete(text)) {
          yield { domain: text, line, problem: checked.problem };
        }
      }
    },
  };
  return { ok: true, list };
}

/**
 * The inputs of a domains file in one pass, in file order, without counting or removing
 * duplicates (for a consumer that deduplicates itself, like the queue, where the job id is the
 * domain): memory stays constant whatever the file's length. Throws {@link DomainListError} when
 * the file cannot be read as text.
 */
export async function* streamDomainList(file: string): AsyncGenerator<DomainInput> {
  for await (const { text, line } of contentLines(file)) {
    const checked = checkDomainName(text);
    yield "name" in checked ? { domain: checked.name, line } : { domain: text, line, problem: checked.problem };
  }
}
