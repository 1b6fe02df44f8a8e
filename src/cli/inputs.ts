/**
 * Reading the CLI's input files: the organisation description (JSON or YAML, through the library's
 * own reader, so the CLI has the same limits and checks), the extra catalog entries (a JSON array)
 * and the domains file (one domain a line), each in UTF-8 or UTF-16 (with or without a byte-order
 * mark). Anything unreadable or malformed is a {@link CliError} (exit 2) that names the file and,
 * where it can, the line.
 */
import { readFile } from "node:fs/promises";
import { isIP } from "node:net";
import { resolve } from "node:path";
import { domainToASCII } from "node:url";
import { readBounded } from "../common/read-bounded.ts";
import { decodeText } from "../common/text-decode.ts";
import { nameProblem, normalizeName } from "../dns/names.ts";
import { problemLines } from "../org/limits.ts";
import { formatProblem } from "../org/load.ts";
import { readOrgFile as readOrg } from "../org/read.ts";
import { CliError, messageOf } from "./errors.ts";

/** Bytes of a `--catalog` file. */
export const MAX_CATALOG_BYTES = 4 * 1024 * 1024;

/** Most domains one domains file may list (a bound on memory and run time). */
export const MAX_DOMAINS = 100_000;

/**
 * An input file's text: UTF-8 (with or without a byte-order mark) or UTF-16 (what Windows
 * PowerShell 5.1 writes with `>`), decoded by `decodeText`; anything else is refused with what it is.
 */
export async function readText(cwd: string, file: string, what: string): Promise<string> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(resolve(cwd, file));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(
      `cannot read the ${what} ${file}: ${code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a folder" : messageOf(error)}`,
    );
  }
  const decoded = decodeText(bytes);
  if (!decoded.ok) throw new CliError(`the ${what} ${file} ${decoded.error}`);
  return decoded.text;
}

/**
 * The organisation file, read and parsed by the library's {@link readOrg} (size limits, UTF-8 or
 * UTF-16, duplicate keys refused, YAML aliases bounded; `.json`, `.yaml`/`.yml` or detected). Its
 * problems (the first 20, then a count) make a {@link CliError}.
 */
export async function readOrgFile(cwd: string, file: string): Promise<{ data: unknown; text: string }> {
  const read = await readOrg(resolve(cwd, file));
  if (!read.ok) {
    const [first] = read.problems;
    const unreadable = /^cannot read the file: (.*)$/.exec(first?.message ?? "");
    if (read.problems.length === 1 && unreadable)
      throw new CliError(`cannot read the organisation file ${file}: ${unreadable[1]}`);
    const syntax = /^invalid (JSON|YAML): /.exec(first?.message ?? "");
    const n = read.problems.length;
    throw new CliError(
      syntax
        ? `${file} is not valid ${syntax[1]}:`
        : `${file} is not a valid organisation description (${n.toLocaleString("en-US")} problem${n === 1 ? "" : "s"}):`,
      problemLines(read.problems.map(formatProblem)),
    );
  }
  return { data: read.value, text: read.text };
}

/** `--catalog FILE`: a JSON array of extra provider catalog entries (UTF-8 or UTF-16, at most 4 MiB). */
export async function readCatalogFile(cwd: string, file: string): Promise<unknown[]> {
  let bytes: Uint8Array;
  try {
    bytes = await readBounded(resolve(cwd, file), MAX_CATALOG_BYTES);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(
      `cannot read the catalog file ${file}: ${code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a folder" : messageOf(error)}`,
    );
  }
  if (bytes.length > MAX_CATALOG_BYTES)
    throw new CliError(`${file}: the catalog file is larger than ${MAX_CATALOG_BYTES.toLocaleString("en-US")} bytes`);
  const decoded = decodeText(bytes);
  if (!decoded.ok) throw new CliError(`${file} ${decoded.error}`);
  const text = decoded.text;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new CliError(`${file} is not valid JSON: ${messageOf(error)}`);
  }
  if (!Array.isArray(data)) throw new CliError(`${file}: a catalog file is a JSON array of provider entries`);
  return data;
}

/** Why `text` is not a domain name we can check, or undefined; the name in ASCII (IDNA) form otherwise. */
export function checkDomainName(text: string): { name: string } | { problem: string } {
  const trimmed = normalizeName(text.trim());
  if (trimmed === "") return { problem: "empty name" };
  if (isIP(trimmed) !== 0) return { problem: "an IP address, not a domain name" };
  const ascii = domainToASCII(trimmed);
  if (ascii === "" || !/^[a-z0-9_.-]+$/.test(ascii)) return { problem: "not a domain name" };
  const problem = nameProblem(ascii);
  return problem === undefined ? { name: ascii } : { problem };
}

/** One line of a domains file: the domain, or why it cannot be checked. */
export interface DomainLine {
  domain: string;
  line: number;
  problem?: string;
}

/** Parses a domains file: one domain a line, `#` starts a comment, blank lines skipped, duplicates dropped. */
export function parseDomainsFile(text: string): DomainLine[] {
  const out: DomainLine[] = [];
  const seen = new Set<string>();
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const content = (lines[i] ?? "").replace(/#.*$/, "").trim();
    if (content === "") continue;
    const checked = checkDomainName(content);
    const domain = "name" in checked ? checked.name : content;
    if (seen.has(domain)) continue;
    seen.add(domain);
    out.push("problem" in checked ? { domain, line: i + 1, problem: checked.problem } : { domain, line: i + 1 });
    if (out.length > MAX_DOMAINS)
      throw new CliError(`the domains file lists more than ${MAX_DOMAINS} domains; split it`);
  }
  return out;
}

/** Reads and parses `--domains-file FILE`. */
export async function readDomainsFile(cwd: string, file: string): Promise<DomainLine[]> {
  return parseDomainsFile(await readText(cwd, file, "domains file"));
}
