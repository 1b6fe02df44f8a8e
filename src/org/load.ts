/**
 * Loading an organisation description: parse (JSON or YAML), validate with the JSON Schema, then
 * check the cross-references against the provider catalog. Every problem names the JSON path,
 * what was found and what was expected.
 */
import { readFile } from "node:fs/promises";
import { extname } from "node:path";
import { lazyValidator } from "../common/json-schema.ts";
import { providerCatalog } from "../providers/registry.ts";
import type { ProviderCatalog } from "../providers/types.ts";
import { crossCheck } from "./cross-check.ts";
import { type OrgFormat, parseOrgText } from "./parse.ts";
import { fromSchemaProblems, problemAt } from "./problems.ts";
import { orgSchema } from "./schema.ts";
import type { Organisation, OrgProblem } from "./types.ts";

export interface ValidateOrgOptions {
  /** The provider catalog that `providers[].catalog` refers to (default: the built-in one). */
  catalog?: ProviderCatalog;
  /**
   * The rule ids `accept` may name (the audit passes its rules). When left out, `accept` entries
   * are checked only against the rule id pattern.
   */
  ruleIds?: readonly string[];
}

export interface LoadOrgOptions extends ValidateOrgOptions {
  /** The format of a string input; detected when left out (`{` or `[` first means JSON). */
  format?: OrgFormat;
  /** Where the input comes from (a file name), for error messages. */
  source?: string;
}

/** An organisation description that cannot be used; `problems` says each thing wrong and where. */
export class OrgError extends Error {
  readonly problems: readonly OrgProblem[];
  readonly source: string | undefined;
  constructor(problems: OrgProblem[], source?: string) {
    const where = source === undefined ? "organisation description" : `organisation description ${source}`;
    super(`${where} is invalid:\n${problems.map((p) => `  - ${formatProblem(p)}`).join("\n")}`);
    this.name = "OrgError";
    this.problems = problems;
    this.source = source;
  }
}

/** One line: `$.paths[1].via.provider: unknown provider "sg2" (found "sg2"; expected one of "exo", "sg")`. */
export function formatProblem(p: OrgProblem): string {
  const at = p.line === undefined ? p.path : `line ${p.line}${p.column === undefined ? "" : `, column ${p.column}`}`;
  const details = [
    p.found === undefined ? undefined : `found ${p.found}`,
    p.expected === undefined ? undefined : `expected ${p.expected}`,
  ]
    .filter((d) => d !== undefined)
    .join("; ");
  return `${at}: ${p.message}${details ? ` (${details})` : ""}`;
}

const validateSchema = lazyValidator(orgSchema);

/**
 * The problems of a parsed description (empty when it is valid). Never throws. The version comes
 * first (an unknown version is one clear problem), then the schema, then, on a schema-valid
 * description, the cross-references.
 */
export function validateOrg(value: unknown, options: ValidateOrgOptions = {}): OrgProblem[] {
  try {
    if (typeof value === "object" && value !== null && !Array.isArray(value) && Object.hasOwn(value, "version")) {
      const version = (value as { version: unknown }).version;
      if (version !== 1) {
        return [
          problemAt(
            "/version",
            `unsupported version ${JSON.stringify(version)}; this reader knows version 1`,
            version,
            "1",
          ),
        ];
      }
    }
    const schemaProblems = validateSchema(value);
    if (schemaProblems.length > 0) return fromSchemaProblems(schemaProblems, value);
    return crossCheck(value as Organisation, options.catalog ?? providerCatalog, options.ruleIds);
  } catch (e) {
    // A bug here must not pass an invalid description as valid.
    return [problemAt("", `the description could not be checked: ${(e as Error).message}`)];
  }
}

/**
 * Parses (when given text) and validates a description, returning it as a plain object; throws
 * {@link OrgError} listing every problem.
 */
export function loadOrg(input: string | object, options: LoadOrgOptions = {}): Organisation {
  let value: unknown = input;
  if (typeof input === "string") {
    const parsed = parseOrgText(input, options.format);
    if (!parsed.ok) throw new OrgError(parsed.problems, options.source);
    value = parsed.value;
  }
  const problems = validateOrg(value, options);
  if (problems.length > 0) throw new OrgError(problems, options.source);
  return structuredClone(value) as Organisation;
}

/** The format a file name suggests, or undefined to detect it from the text. */
function formatOf(path: string): OrgFormat | undefined {
  const ext = extname(path).toLowerCase();
  if (ext === ".json") return "json";
  if (ext === ".yaml" || ext === ".yml") return "yaml";
  return undefined;
}

/** Reads and loads a description file (`.json`, `.yaml`, `.yml`, or detected). Rejects with {@link OrgError}. */
export async function loadOrgFile(path: string, options: LoadOrgOptions = {}): Promise<Organisation> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (e) {
    throw new OrgError([problemAt("", `cannot read the file: ${(e as Error).message}`)], path);
  }
  const format = options.format ?? formatOf(path);
  return loadOrg(text, { ...options, ...(format === undefined ? {} : { format }), source: options.source ?? path });
}
