/**
 * Reading `ConvertTo-Json` output and Exchange Online's REST responses. JSON loses the type names,
 * so objects are recognised by their properties later. Shapes met in the wild:
 * - an array of objects, or one object (`ConvertTo-Json` of a single result);
 * - `{ "value": [...], "@odata.context": ... }` (the admin REST API);
 * - `{ "value": [...], "Count": n }`, Windows PowerShell 5.1's rendering of a list that carries
 *   extended members, anywhere in a document;
 * - `{ "value": "/Date(...)/", "DateTime": "..." }`, the same for a date;
 * - side keys such as `Selector1KeySize@odata.type` or `WhenChanged@data.type`, ignored;
 * - a bundle `{ "Get-SendConnector": [...], "Get-AcceptedDomain": [...] }`, each key naming the
 *   cmdlet of its objects.
 */
import { DepthError, type ExportItem, type ExportLimits, type ParsedExport } from "./clixml.ts";
import { type PsValue, psObject, setProp } from "./ps-value.ts";

const CMDLET_KEY = /^Get-[A-Za-z]+$/;

function visibleKeys(obj: Record<string, unknown>): string[] {
  return Object.keys(obj).filter((k) => !k.includes("@"));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function convert(value: unknown, depth: number, maxDepth: number): PsValue {
  if (depth > maxDepth) throw new DepthError();
  if (value === null || typeof value === "boolean" || typeof value === "number" || typeof value === "string") {
    return value;
  }
  if (Array.isArray(value)) return value.map((v) => convert(v, depth + 1, maxDepth));
  if (!isRecord(value)) return null;
  const keys = visibleKeys(value);
  const lower = keys.map((k) => k.toLowerCase()).sort();
  const valueKey = keys.find((k) => k.toLowerCase() === "value");
  if (valueKey !== undefined && lower.length === 2) {
    const inner = value[valueKey];
    if (lower[0] === "count" && Array.isArray(inner)) return convert(inner, depth + 1, maxDepth);
    if (lower[0] === "datetime") return convert(inner, depth + 1, maxDepth);
  }
  const obj = psObject();
  for (const key of keys) setProp(obj, key, convert(value[key], depth + 1, maxDepth));
  return obj;
}

/** The top-level items of a parsed document, with bundle hints. */
function topItems(doc: unknown): { value: unknown; hint?: string }[] {
  if (Array.isArray(doc)) return doc.map((value) => ({ value }));
  if (!isRecord(doc)) return [{ value: doc }];
  const keys = visibleKeys(doc);
  const valueKey = keys.find((k) => k.toLowerCase() === "value");
  if (keys.length === 1 && valueKey !== undefined && Array.isArray(doc[valueKey])) {
    return (doc[valueKey] as unknown[]).map((value) => ({ value }));
  }
  if (keys.length > 0 && keys.every((k) => CMDLET_KEY.test(k))) {
    return keys.flatMap((hint) => {
      const v = doc[hint];
      const list = Array.isArray(v) ? v : v === null || v === undefined ? [] : [v];
      return list.map((value) => ({ value, hint }));
    });
  }
  return [{ value: doc }];
}

/** Whether text looks like JSON (its first non-blank character is `[` or `{`). */
export function looksLikeJson(text: string): boolean {
  return /^\s*[[{]/.test(text);
}

/** Reads the objects of a JSON export. Never throws. */
export function parseJsonExport(text: string, limits: ExportLimits): ParsedExport {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `is not valid JSON (${(e as Error).message}); truncated or edited?` };
  }
  try {
    const all = topItems(doc);
    const warnings: string[] = [];
    if (all.length > limits.maxObjects) {
      warnings.push(`holds ${all.length} objects; only the first ${limits.maxObjects} were read`);
    }
    const items: ExportItem[] = all.slice(0, limits.maxObjects).map(({ value, hint }) => {
      const item: ExportItem = { value: convert(value, 1, limits.maxDepth) };
      if (hint !== undefined) item.hint = hint;
      return item;
    });
    return { ok: true, items, warnings };
  } catch (e) {
    if (e instanceof DepthError || e instanceof RangeError) {
      return { ok: false, error: `nests values deeper than ${limits.maxDepth} levels` };
    }
    return { ok: false, error: `could not be read: ${(e as Error).message}` };
  }
}
