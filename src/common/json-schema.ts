import { isIP } from "node:net";
import type { ErrorObject, ValidateFunction } from "ajv/dist/2020.js";
import { Ajv2020 } from "ajv/dist/2020.js";

/** One validation problem: where (a JSON Pointer and a readable path) and what. */
export interface SchemaProblem {
  /** JSON Pointer (RFC 6901) of the offending value, `""` for the root. */
  pointer: string;
  /** The same location as a readable JSON path (`$.records["a.example"].MX[0]`). */
  path: string;
  /** What was wrong and what was expected. */
  message: string;
}

let ajv: Ajv2020 | undefined;

/** One shared Ajv instance with the formats our schemas use (ipv4, ipv6, hostname-ish). */
function sharedAjv(): Ajv2020 {
  if (ajv === undefined) {
    ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
    ajv.addFormat("ipv4", (value: string) => isIP(value) === 4);
    ajv.addFormat("ipv6", (value: string) => isIP(value) === 6);
    ajv.addFormat("ip", (value: string) => isIP(value) !== 0);
  }
  return ajv;
}

/** Compiles a schema once (lazily, on first use) and returns a validator giving {@link SchemaProblem}s. */
export function lazyValidator(schema: object): (value: unknown) => SchemaProblem[] {
  let validate: ValidateFunction | undefined;
  return (value) => {
    validate ??= sharedAjv().compile(schema);
    if (validate(value)) return [];
    return simplifyErrors(validate.errors ?? []);
  };
}

/** Decodes a JSON Pointer into its reference tokens (RFC 6901 §4). */
export function pointerTokens(pointer: string): string[] {
  if (pointer === "") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((t) => t.replace(/~1/g, "/").replace(/~0/g, "~"));
}

/** Renders a JSON Pointer as a readable JSON path. */
export function pointerToPath(pointer: string): string {
  let out = "$";
  for (const token of pointerTokens(pointer)) {
    if (/^\d+$/.test(token)) out += `[${token}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(token)) out += `.${token}`;
    else out += `[${JSON.stringify(token)}]`;
  }
  return out;
}

function describe(error: ErrorObject): string {
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "additionalProperties":
      return `unknown field ${JSON.stringify(p.additionalProperty)}`;
    case "required":
      return `missing required field ${JSON.stringify(p.missingProperty)}`;
    case "enum":
      return `must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`;
    case "const":
      return `must be ${JSON.stringify(p.allowedValue)}`;
    case "type":
      return `must be ${String(p.type)}`;
    case "format":
      return `must be ${String(p.format)}`;
    default:
      return error.message ?? error.keyword;
  }
}

/**
 * Ajv reports every branch of an `anyOf`/`oneOf`; keep the errors of the deepest location (the
 * branch that got furthest) so that a message names the actual field, then one line per problem.
 */
function simplifyErrors(errors: ErrorObject[]): SchemaProblem[] {
  const concrete = errors.filter((e) => e.keyword !== "anyOf" && e.keyword !== "oneOf" && e.keyword !== "if");
  const byLocation = new Map<string, ErrorObject[]>();
  for (const e of concrete.length > 0 ? concrete : errors) {
    const list = byLocation.get(e.instancePath) ?? [];
    list.push(e);
    byLocation.set(e.instancePath, list);
  }
  // An unknown or missing field is always specific. Other errors at a location with errors deeper
  // below it come from the anyOf branches that did not fit; the deeper ones name the real field.
  // Every ancestor of a location with errors, collected once (comparing every pair was quadratic).
  const ancestors = new Set<string>();
  for (const loc of byLocation.keys()) {
    if (loc !== "") ancestors.add("");
    for (let i = loc.lastIndexOf("/"); i > 0; i = loc.lastIndexOf("/", i - 1)) {
      const ancestor = loc.slice(0, i);
      if (ancestors.has(ancestor)) break;
      ancestors.add(ancestor);
    }
  }
  const hasDeeper = (loc: string) => ancestors.has(loc);
  const problems: SchemaProblem[] = [];
  for (const [loc, all] of byLocation) {
    const list = hasDeeper(loc)
      ? all.filter((e) => e.keyword === "additionalProperties" || e.keyword === "required")
      : all;
    // Within one location, "must be X" alternatives from anyOf branches read best joined.
    const typeErrors = list.filter((e) => e.keyword === "type");
    const messages = new Set(list.filter((e) => e.keyword !== "type").map(describe));
    if (typeErrors.length > 0) {
      const kinds = [...new Set(typeErrors.map((e) => String((e.params as { type: unknown }).type)))];
      messages.add(`must be ${kinds.join(" or ")}`);
    }
    for (const message of messages) problems.push({ pointer: loc, path: pointerToPath(loc), message });
  }
  return problems;
}
