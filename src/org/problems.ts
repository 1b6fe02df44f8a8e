/**
 * Turns JSON Schema problems into {@link OrgProblem}s that name the exact field, what was found and
 * what was expected, in words (`must be a domain name in ASCII form such as contoso.example`,
 * not `must match pattern "^(?=..."`).
 */

import { pointerTokens, pointerToPath, type SchemaProblem } from "../common/json-schema.ts";
import { didYouMean } from "../common/suggest.ts";
import { PATTERN_DESCRIPTIONS, SETTING_NAME_PATTERN } from "../providers/patterns.ts";
import { ID_PATTERN, orgSchema } from "./schema.ts";
import type { OrgProblem } from "./types.ts";

const PATTERNS: Readonly<Record<string, string>> = {
  ...PATTERN_DESCRIPTIONS,
  [ID_PATTERN]: "an id of letters, digits, dots, hyphens and underscores (at most 63 characters), such as edge-relay",
};

const TYPE_WORDS: Readonly<Record<string, string>> = {
  string: "a string",
  boolean: "true or false",
  array: "a list",
  object: "an object (a map of fields)",
  number: "a number",
  integer: "an integer",
  null: "null",
};

/** Builds a problem at a pointer, with its readable path. */
export function problemAt(pointer: string, message: string, found?: unknown, expected?: string): OrgProblem {
  const problem: OrgProblem = { path: pointerToPath(pointer), pointer, message };
  if (found !== undefined) problem.found = renderValue(found);
  if (expected !== undefined) problem.expected = expected;
  return problem;
}

/** Escapes one JSON Pointer token (RFC 6901 §3). */
export function pointerToken(token: string | number): string {
  return String(token).replace(/~/g, "~0").replace(/\//g, "~1");
}

/** The value at a JSON Pointer, or undefined. */
export function valueAt(root: unknown, pointer: string): unknown {
  let node: unknown = root;
  for (const token of pointerTokens(pointer)) {
    if (typeof node !== "object" || node === null || !Object.hasOwn(node, token)) return undefined;
    node = (node as Record<string, unknown>)[token];
  }
  return node;
}

/** JSON text of a value, shortened to 100 characters. */
export function renderValue(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 100 ? `${text.slice(0, 97)}...` : text;
}

type SchemaNode = Readonly<Record<string, unknown>>;

function asNode(value: unknown): SchemaNode | undefined {
  return typeof value === "object" && value !== null ? (value as SchemaNode) : undefined;
}

/** The subschema of `orgSchema` that describes the value at a pointer, or undefined. */
export function schemaAt(pointer: string): SchemaNode | undefined {
  let node: SchemaNode | undefined = orgSchema;
  for (const token of pointerTokens(pointer)) {
    if (node === undefined) return undefined;
    if (node.type === "array") {
      node = asNode(node.items);
      continue;
    }
    const properties = asNode(node.properties);
    if (properties !== undefined && Object.hasOwn(properties, token)) {
      node = asNode(properties[token]);
      continue;
    }
    const patterns = asNode(node.patternProperties);
    const match =
      patterns === undefined ? undefined : Object.keys(patterns).find((p) => new RegExp(p, "u").test(token));
    node = match === undefined || patterns === undefined ? undefined : asNode(patterns[match]);
  }
  return node;
}

function describedAs(pointer: string): string | undefined {
  const description = schemaAt(pointer)?.description;
  return typeof description === "string" ? description : undefined;
}

function quote(values: readonly string[]): string {
  return values.map((v) => JSON.stringify(v)).join(", ");
}

const VIA = /^\/paths\/\d+\/via$/;
const SETTINGS = /^\/providers\/\d+\/settings$/;

/** Converts the problems of `orgSchema` for a value into {@link OrgProblem}s. */
export function fromSchemaProblems(problems: readonly SchemaProblem[], root: unknown): OrgProblem[] {
  const out: OrgProblem[] = [];
  const unknownFieldAt = new Set<string>();
  for (const p of problems) if (p.message.startsWith("unknown field ")) unknownFieldAt.add(p.pointer);

  for (const p of problems) {
    const value = valueAt(root, p.pointer);
    let m: RegExpExecArray | null;
    if ((m = /^unknown field (".*")$/.exec(p.message)) !== null) {
      const field = JSON.parse(m[1] as string) as string;
      const pointer = `${p.pointer}/${pointerToken(field)}`;
      if (SETTINGS.test(p.pointer)) {
        out.push(
          problemAt(
            pointer,
            `setting name ${JSON.stringify(field)} is not camelCase`,
            field,
            PATTERNS[SETTING_NAME_PATTERN],
          ),
        );
        continue;
      }
      const known = Object.keys(asNode(schemaAt(p.pointer)?.properties) ?? {}).filter(
        (k) => !k.startsWith("$") || p.pointer === "",
      );
      out.push(
        problemAt(
          pointer,
          `unknown field ${JSON.stringify(field)}${didYouMean(field, known)}`,
          field,
          `one of ${quote(known)}`,
        ),
      );
    } else if ((m = /^missing required field (".*")$/.exec(p.message)) !== null) {
      const field = JSON.parse(m[1] as string) as string;
      const pointer = `${p.pointer}/${pointerToken(field)}`;
      out.push(problemAt(pointer, `missing required field ${JSON.stringify(field)}`, undefined, describedAs(pointer)));
    } else if (VIA.test(p.pointer) && /propert/.test(p.message)) {
      if (unknownFieldAt.has(p.pointer)) continue; // the unknown field is the real problem
      const keys = typeof value === "object" && value !== null ? Object.keys(value) : [];
      const message =
        keys.length === 0
          ? "names no way out: give one of smartHost, provider or direct"
          : `names ${quote(keys)}: give only one of them`;
      out.push(problemAt(p.pointer, message, value, "exactly one of smartHost, provider or direct"));
    } else if ((m = /^must match pattern "(.*)"$/.exec(p.message)) !== null) {
      const words = PATTERNS[m[1] as string] ?? describedAs(p.pointer) ?? `a value matching /${m[1]}/`;
      out.push(problemAt(p.pointer, `must be ${words}`, value, words));
    } else if (p.message === "must be ip") {
      out.push(problemAt(p.pointer, "must be an IPv4 or IPv6 address", value, "an IPv4 or IPv6 address"));
    } else if (
      (m = /^must be ((?:string|boolean|array|object|number|integer|null)(?: or \w+)*)$/.exec(p.message)) !== null
    ) {
      const words = (m[1] as string)
        .split(" or ")
        .map((t) => TYPE_WORDS[t] ?? t)
        .join(" or ");
      const where = p.pointer === "" ? "the organisation description" : "";
      out.push(problemAt(p.pointer, `${where}${where ? " " : ""}must be ${words}`, value, words));
    } else if (/fewer than 1 (items|characters)/.test(p.message)) {
      out.push(problemAt(p.pointer, "must not be empty", value, describedAs(p.pointer)));
    } else {
      out.push(problemAt(p.pointer, p.message, value, describedAs(p.pointer)));
    }
  }
  return out;
}
