/**
 * The provider catalog: the built-in entries, user entries merged over them, look-up by id.
 */
import { lazyValidator, type SchemaProblem } from "../common/json-schema.ts";
import { builtinEntries } from "./catalog/index.ts";
import { entryProblems } from "./check-entry.ts";
import { providerEntrySchema } from "./schema.ts";
import type { ProviderCatalog, ProviderEntry } from "./types.ts";

/** A catalog entry (or list of entries) that does not follow `providerEntrySchema`. */
export class CatalogError extends Error {
  readonly problems: readonly SchemaProblem[];
  constructor(problems: SchemaProblem[]) {
    super("provider catalog entries are invalid:\n" + problems.map((p) => `  - ${p.path}: ${p.message}`).join("\n"));
    this.name = "CatalogError";
    this.problems = problems;
  }
}

const validateSchema = lazyValidator(providerEntrySchema);

/**
 * The problems of one candidate entry (never throws): the JSON Schema first, then what it cannot
 * say (unknown placeholders, conditions on undeclared settings...). Paths start at the entry (`$`).
 */
export function validateProviderEntry(value: unknown): SchemaProblem[] {
  const problems = validateSchema(value);
  if (problems.length > 0) return problems;
  return entryProblems(value as ProviderEntry);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** The built-in catalog (read-only): the 16 providers of the contract. */
export const providerCatalog: ProviderCatalog = deepFreeze({ entries: [...builtinEntries] });

/**
 * A catalog of the built-in entries and the user's own (parsed JSON, validated here). A user entry
 * whose id is a built-in one replaces it (to correct a fact); two user entries may not share an id.
 * Throws {@link CatalogError} naming each problem as `$[index].field`.
 */
export function createCatalog(
  extraEntries: readonly unknown[] = [],
  base: ProviderCatalog = providerCatalog,
): ProviderCatalog {
  if (!Array.isArray(extraEntries)) {
    throw new CatalogError([{ pointer: "", path: "$", message: "must be an array of catalog entries" }]);
  }
  const problems: SchemaProblem[] = [];
  const seen = new Map<string, number>();
  extraEntries.forEach((candidate, i) => {
    for (const p of validateProviderEntry(candidate)) {
      problems.push({ pointer: `/${i}${p.pointer}`, path: `$[${i}]${p.path.slice(1)}`, message: p.message });
    }
    const id = (candidate as { id?: unknown } | null)?.id;
    if (typeof id === "string") {
      const first = seen.get(id);
      if (first !== undefined) {
        problems.push({
          pointer: `/${i}/id`,
          path: `$[${i}].id`,
          message: `duplicate id "${id}" (also at $[${first}])`,
        });
      } else {
        seen.set(id, i);
      }
    }
  });
  if (problems.length > 0) throw new CatalogError(problems);
  const extra = structuredClone(extraEntries) as ProviderEntry[];
  const replaced = new Set(extra.map((e) => e.id));
  const entries = [...base.entries.filter((e) => !replaced.has(e.id)), ...extra];
  return deepFreeze({ entries });
}

/** The entry with this id, or undefined. */
export function getProvider(catalog: ProviderCatalog, id: string): ProviderEntry | undefined {
  return catalog.entries.find((e) => e.id === id);
}
