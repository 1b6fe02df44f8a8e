/**
 * Loading an organisation description: parse (JSON or YAML), validate with the JSON Schema, then
 * check the cross-references against the provider catalog. Every problem names the JSON path,
 * what was found and what was expected.
 */
import { lazyValidator } from "../common/json-schema.ts";
import { providerCatalog } from "../providers/registry.ts";
import type { ProviderCatalog } from "../providers/types.ts";
import { crossCheck } from "./cross-check.ts";
import { countProblems, problemLines } from "./limits.ts";
import { type OrgFormat, parseOrgText } from "./parse.ts";
import { fromSchemaProblems, problemAt } from "./problems.ts";
import { readOrgFile } from "./read.ts";
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

/**
 * An organisation description that cannot be used; `problems` says each thing wrong and where (the
 * message lists the first 20 and counts the rest: "... and 24,980 more").
 */
export class OrgError extends Error {
  readonly problems: readonly OrgProblem[];
  readonly source: string | undefined;
  constructor(problems: OrgProblem[], source?: string) {
    const where = source === undefined ? "organisation description" : `organisation description ${source}`;
    super(
      `${where} is invalid:\n${problemLines(problems.map(formatProblem))
        .map((line) => `  - ${line}`)
        .join("\n")}`,
    );
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
 * first (an unknown version is one clear problem), then the count limits (ORG_LIMITS), then the
 * schema, then, on a schema-valid description, the cross-references.
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
    const tooMany = countProblems(value);
    if (tooMany.length > 0) return tooMany;
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

/**
 * Reads and loads a description file (`.json`, `.yaml`, `.yml`, or detected; UTF-8 or UTF-16; at
 * most 4 MiB of JSON or 2 MiB of YAML) with {@link readOrgFile}. Rejects with {@link OrgError}.
 */
export async function loadOrgFile(path: string, options: LoadOrgOptions = {}): Promise<Organisation> {
  const source = options.source ?? path;
  const read = await readOrgFile(path, options.format === undefined ? {} : { format: options.format });
  if (!read.ok) throw new OrgError(read.problems, source);
  // Validated as a value: a YAML file holding one string must not be parsed a second time.
  const problems = validateOrg(read.value, options);
  if (problems.length > 0) throw new OrgError(problems, source);
  return read.value as Organisation;
}
