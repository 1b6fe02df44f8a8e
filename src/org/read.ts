import { extname } from "node:path";
import { readBounded } from "../common/read-bounded.ts";
import { decodeText, type TextEncodingName } from "../common/text-decode.ts";
import { ORG_LIMITS } from "./limits.ts";
import { detectFormat, type OrgFormat, parseOrgText } from "./parse.ts";
import { problemAt } from "./problems.ts";
import type { OrgProblem } from "./types.ts";

/** A file read and parsed (not yet validated), or why it could not be. */
export type ReadOrgResult =
  | { ok: true; value: unknown; text: string; format: OrgFormat; encoding: TextEncodingName }
  | { ok: false; problems: OrgProblem[] };

/** The format a file name suggests, or undefined to detect it from the text. */
export function formatOf(path: string): OrgFormat | undefined {
  const ext = extname(path).toLowerCase();
  if (ext === ".json") return "json";
  if (ext === ".yaml" || ext === ".yml") return "yaml";
  return undefined;
}

function why(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return "no such file";
  if (code === "EISDIR") return "is a folder";
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  return (error as Error).message;
}

/**
 * Reads, decodes and parses a description file. The format comes from `format`, else the file's
 * extension (`.json`, `.yaml`, `.yml`), else the text (`{` first means JSON). The size limit is
 * {@link ORG_LIMITS} (4 MiB of JSON, 2 MiB of YAML).
 */
export async function readOrgFile(path: string, options: { format?: OrgFormat } = {}): Promise<ReadOrgResult> {
  let bytes: Uint8Array;
  try {
    bytes = await readBounded(path, ORG_LIMITS.jsonBytes);
  } catch (error) {
    return { ok: false, problems: [problemAt("", `cannot read the file: ${why(error)}`)] };
  }
  if (bytes.length > ORG_LIMITS.jsonBytes) {
    return {
      ok: false,
      problems: [
        problemAt(
          "",
          `the file is larger than ${ORG_LIMITS.jsonBytes.toLocaleString("en-US")} bytes`,
          undefined,
          "a description of at most 4 MiB (JSON) or 2 MiB (YAML)",
        ),
      ],
    };
  }
  const decoded = decodeText(bytes);
  if (!decoded.ok) return { ok: false, problems: [problemAt("", `the file ${decoded.error}`)] };
  const format = options.format ?? formatOf(path) ?? detectFormat(decoded.text);
  const parsed = parseOrgText(decoded.text, format);
  if (!parsed.ok) return parsed;
  return { ok: true, value: parsed.value, text: decoded.text, format, encoding: decoded.encoding };
}
