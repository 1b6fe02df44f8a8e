/**
 * Organisation descriptions as text: JSON or YAML (1.2, core schema, so `no` stays a string).
 * Syntax errors become problems with the line and column; duplicate keys are errors in both
 * formats (JSON.parse would silently keep the last one). The text is bounded (ORG_LIMITS: 4 MiB of
 * JSON, 2 MiB of YAML, 100 YAML aliases expanded).
 */
import { parseDocument, type YAMLError } from "yaml";
import { jsonDuplicateKeys } from "./json-keys.ts";
import { ORG_LIMITS } from "./limits.ts";
import { problemAt } from "./problems.ts";
import type { OrgProblem } from "./types.ts";
import { yamlNestingProblem } from "./yaml-guard.ts";

export type OrgFormat = "json" | "yaml";

/** A JSON syntax error is also located with the YAML parser, but only in text this short and shallow (it costs time). */
const LOCATE_WITH_YAML = 64 * 1024;

export type ParseResult = { ok: true; value: unknown } | { ok: false; problems: OrgProblem[] };

/** `json` when the text starts (after white space) with `{` or `[`, otherwise `yaml`. */
export function detectFormat(text: string): OrgFormat {
  return /^\s*[{[]/.test(stripBom(text)) ? "json" : "yaml";
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Line and column (from 1) of a character offset. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lines = before.split("\n");
  return { line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1 };
}

function syntaxProblem(format: OrgFormat, message: string, where?: { line: number; column: number }): OrgProblem {
  const problem = problemAt("", `invalid ${format === "json" ? "JSON" : "YAML"}: ${message}`);
  if (where !== undefined) {
    problem.line = where.line;
    problem.column = where.column;
  }
  return problem;
}

function yamlProblem(format: OrgFormat, error: YAMLError): OrgProblem {
  const first = error.message.split("\n")[0] ?? error.message;
  const pos = error.linePos?.[0];
  return syntaxProblem(
    format,
    first.replace(/ at line \d+, column \d+:?$/, ""),
    pos === undefined ? undefined : { line: pos.line, column: pos.col },
  );
}

/** Where the YAML parser sees the first error in a text, if anywhere. */
function yamlPosition(text: string): { line: number; column: number } | undefined {
  const pos = parseDocument(text, { prettyErrors: true }).errors[0]?.linePos?.[0];
  return pos === undefined ? undefined : { line: pos.line, column: pos.col };
}

/** Parses description text. Never throws (a parser that fails on hostile input is a problem too). */
export function parseOrgText(input: string, format: OrgFormat = detectFormat(input)): ParseResult {
  try {
    return parseText(input, format);
  } catch (e) {
    return { ok: false, problems: [syntaxProblem(format, `the text cannot be parsed: ${(e as Error).message}`)] };
  }
}

function parseText(input: string, format: OrgFormat): ParseResult {
  const max = format === "json" ? ORG_LIMITS.jsonBytes : ORG_LIMITS.yamlBytes;
  if (input.length > max) {
    const what = format === "json" ? "JSON" : "YAML";
    return {
      ok: false,
      problems: [
        problemAt(
          "",
          `the ${what} text is longer than ${max.toLocaleString("en-US")} characters`,
          undefined,
          `a ${what} description of at most ${max.toLocaleString("en-US")} characters`,
        ),
      ],
    };
  }
  const text = stripBom(input);
  if (format === "json") {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      const message = (e as Error).message;
      const offset = /at position (\d+)/.exec(message);
      // Newer engines leave the position out; the YAML parser usually finds the same place.
      const where = offset
        ? lineColumn(text, Number(offset[1]))
        : /Unexpected end of JSON input/.test(message)
          ? lineColumn(text, text.length)
          : text.length <= LOCATE_WITH_YAML && yamlNestingProblem(text) === undefined
            ? yamlPosition(text)
            : undefined;
      return { ok: false, problems: [syntaxProblem("json", message, where)] };
    }
    // JSON.parse keeps the last of duplicate keys silently; one linear pass finds them.
    const duplicates = jsonDuplicateKeys(text);
    if (duplicates.length > 0) {
      return {
        ok: false,
        problems: duplicates.map((d) =>
          syntaxProblem("json", `duplicate key ${JSON.stringify(d.key)} in an object`, d),
        ),
      };
    }
    return { ok: true, value };
  }
  const deep = yamlNestingProblem(text);
  if (deep !== undefined)
    return {
      ok: false,
      problems: [syntaxProblem("yaml", `the text nests too deeply: ${deep.message}`, { line: deep.line, column: 1 })],
    };
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: true, version: "1.2" });
  if (doc.errors.length > 0) return { ok: false, problems: doc.errors.map((e) => yamlProblem("yaml", e)) };
  try {
    return { ok: true, value: doc.toJS({ maxAliasCount: ORG_LIMITS.aliases }) };
  } catch (e) {
    return { ok: false, problems: [syntaxProblem("yaml", (e as Error).message)] };
  }
}
