/**
 * Reading one property value, whatever shape the export gave it: a CLIXML primitive or an object's
 * `<ToString>` text, a JSON string, number, array or `{ "Value": ... }` object. Each kind of
 * property has one reader; a value that does not fit is an error message, never a throw.
 */

import { describeValue, getProp, isPsObject, type PsObject, type PsValue } from "./ps-value.ts";
import type { AddressSpace } from "./types-onprem.ts";
import type { ByteSize, UnlimitedCount } from "./types-shared.ts";

/** A property's kind: how its value is read. */
export type Kind =
  | { kind: "string"; keys?: readonly string[]; compose?: (o: PsObject) => string | undefined }
  | { kind: "strings"; keys?: readonly string[]; compose?: (o: PsObject) => string | undefined }
  | { kind: "bool" }
  | { kind: "int" }
  | { kind: "size" }
  | { kind: "unlimited" }
  | { kind: "enum"; values?: Readonly<Record<number, string>> }
  | { kind: "flags"; bits: Readonly<Record<number, string>> }
  | { kind: "date" }
  | { kind: "addressSpaces" }
  | { kind: "credential" };

/** A read value, or why it could not be read. */
export type ReadValue<T> = { ok: true; value: T } | { ok: false; error: string };

const ok = <T>(value: T): ReadValue<T> => ({ ok: true, value });
const fail = (expected: string, value: PsValue | undefined): ReadValue<never> => ({
  ok: false,
  error: `expected ${expected}, found ${describeValue(value)}`,
});

/** Keys tried, in order, to read an object as a string when its kind names none. */
const STRING_KEYS = [
  "Value",
  "RawIdentity",
  "IPAddressToString",
  "Name",
  "Domain",
  "DomainName",
  "Address",
  "Expression",
  "SmtpAddress",
  "AddressString",
  "DistinguishedName",
] as const;

/** The primitive an object stands for: its `ToString`, its inner primitive, or its `Value`. */
function scalar(value: PsValue, depth = 0): PsValue {
  if (!isPsObject(value) || depth > 4) return value;
  if (value.text !== undefined) return value.text;
  if (value.inner !== undefined && !Array.isArray(value.inner)) return scalar(value.inner, depth + 1);
  const inner = getProp(value, "Value");
  return inner === undefined ? value : scalar(inner, depth + 1);
}

function readString(
  value: PsValue,
  keys: readonly string[] = STRING_KEYS,
  compose?: (o: PsObject) => string | undefined,
  depth = 0,
): ReadValue<string> {
  if (typeof value === "string") return ok(value);
  if (typeof value === "number") return ok(String(value));
  if (isPsObject(value) && depth <= 4) {
    if (value.text !== undefined) return ok(value.text);
    const composed = compose?.(value);
    if (composed !== undefined) return ok(composed);
    if (value.inner !== undefined && !Array.isArray(value.inner))
      return readString(value.inner, keys, compose, depth + 1);
    for (const key of keys) {
      const v = getProp(value, key);
      if (v !== undefined && v !== null) {
        const r = readString(v, keys, compose, depth + 1);
        if (r.ok) return r;
      }
    }
  }
  return fail("text", value);
}

/** The items of a multi-valued property (a single value is a list of one). */
export function listOf(value: PsValue): PsValue[] {
  if (Array.isArray(value)) return value;
  if (isPsObject(value) && Array.isArray(value.inner)) return value.inner;
  return [value];
}

function readStrings(value: PsValue, keys?: readonly string[], compose?: (o: PsObject) => string | undefined) {
  const out: string[] = [];
  for (const item of listOf(value)) {
    if (item === null) continue;
    const r = readString(item, keys, compose);
    if (!r.ok) return fail("a list of text values", item);
    out.push(r.value);
  }
  return ok(out);
}

function readBool(value: PsValue): ReadValue<boolean> {
  const v = scalar(value);
  if (typeof v === "boolean") return ok(v);
  if (typeof v === "number" && (v === 0 || v === 1)) return ok(v === 1);
  if (typeof v === "string") {
    const t = v.trim().toLowerCase().replace(/^\$/, "");
    if (t === "true") return ok(true);
    if (t === "false") return ok(false);
  }
  return fail("true or false", value);
}

function readInt(value: PsValue): ReadValue<number> {
  const v = scalar(value);
  if (typeof v === "number" && Number.isSafeInteger(v)) return ok(v);
  if (typeof v === "string" && /^\s*-?\d{1,15}\s*$/.test(v)) return ok(Number(v));
  return fail("an integer", value);
}

function isUnlimited(value: PsValue): boolean {
  const v = isPsObject(value) ? (getProp(value, "IsUnlimited") ?? null) : null;
  if (v === true || (typeof v === "string" && v.toLowerCase() === "true")) return true;
  const s = scalar(value);
  return typeof s === "string" && s.trim().toLowerCase() === "unlimited";
}

function readUnlimited(value: PsValue): ReadValue<UnlimitedCount> {
  return isUnlimited(value) ? ok("Unlimited" as const) : readInt(value);
}

const UNITS: Readonly<Record<string, number>> = { B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3, TB: 1024 ** 4 };

/**
 * A `ByteQuantifiedSize`: `35 MB (36,700,160 bytes)` (the separators follow the culture, so every
 * non-digit inside the parentheses is dropped), `35MB` (binary multiples, as Exchange reads them),
 * a plain number of bytes, or `Unlimited`.
 */
export function parseByteSize(text: string): ByteSize | undefined {
  const t = text.trim();
  if (/^unlimited$/i.test(t)) return "Unlimited";
  const exact = /\(([\d.,'\s\u00a0\u202f]+)\s*bytes\)/i.exec(t);
  if (exact?.[1] !== undefined) {
    const digits = exact[1].replace(/\D/g, "");
    return digits.length > 0 && digits.length <= 16 ? Number(digits) : undefined;
  }
  const m = /^(\d{1,15}(?:\.\d{1,6})?)\s*(B|KB|MB|GB|TB)?$/i.exec(t);
  if (m?.[1] === undefined) return undefined;
  const unit = UNITS[(m[2] ?? "B").toUpperCase()] ?? 1;
  const bytes = Math.round(Number(m[1]) * unit);
  return Number.isSafeInteger(bytes) ? bytes : undefined;
}

function readSize(value: PsValue): ReadValue<ByteSize> {
  if (isUnlimited(value)) return ok("Unlimited" as const);
  const v = scalar(value);
  if (typeof v === "number" && Number.isSafeInteger(v) && v >= 0) return ok(v);
  if (typeof v === "string") {
    const size = parseByteSize(v);
    if (size !== undefined) return ok(size);
  }
  return fail("a size such as 35 MB (36,700,160 bytes) or Unlimited", value);
}

function enumNumber(n: number, values: Readonly<Record<number, string>> | undefined): ReadValue<string> {
  const name = values?.[n];
  if (name !== undefined) return ok(name);
  return {
    ok: false,
    error: `the enum value ${n} has no known name (export with Export-Clixml, or ConvertTo-Json -EnumsAsStrings, which write the names)`,
  };
}

function readEnum(value: PsValue, values?: Readonly<Record<number, string>>): ReadValue<string> {
  const v = scalar(value);
  if (typeof v === "number" && Number.isInteger(v)) return enumNumber(v, values);
  if (typeof v === "string") {
    const t = v.trim();
    if (/^-?\d+$/.test(t)) return enumNumber(Number(t), values);
    if (t.length > 0) return ok(t);
  }
  return fail("an enum name", value);
}

/** Flags from an integer: each known bit's name; unknown bits are an error (unknown is not absent). */
function flagNames(n: number, bits: Readonly<Record<number, string>>): ReadValue<string[]> {
  if (n === 0) return ok([bits[0] ?? "None"]);
  const names: string[] = [];
  let rest = n;
  for (const [bit, name] of Object.entries(bits)) {
    const b = Number(bit);
    if (b !== 0 && (n & b) === b) {
      names.push(name);
      rest &= ~b;
    }
  }
  if (rest !== 0) {
    return {
      ok: false,
      error: `the flags value ${n} has bits with no known name (${rest}); export with Export-Clixml, which writes the names`,
    };
  }
  return ok(names);
}

function readFlags(value: PsValue, bits: Readonly<Record<number, string>>): ReadValue<string[]> {
  if (Array.isArray(value) || (isPsObject(value) && Array.isArray(value.inner))) {
    const out: string[] = [];
    for (const item of listOf(value)) {
      const r = readFlags(item, bits);
      if (!r.ok) return r;
      out.push(...r.value);
    }
    return ok(out);
  }
  const v = scalar(value);
  if (typeof v === "number" && Number.isInteger(v)) return flagNames(v, bits);
  if (typeof v === "string") {
    const t = v.trim();
    if (/^\d+$/.test(t)) return flagNames(Number(t), bits);
    const names = t.split(/\s*,\s*/).filter((n) => n.length > 0);
    if (names.length > 0) return ok(names);
  }
  return fail("flag names such as Tls, BasicAuth", value);
}

/**
 * A date in UTC ISO 8601 (`2025-05-04T10:11:12.000Z`) when the export says which instant it is (a
 * zone or offset, or Windows PowerShell 5.1's `/Date(1700000000000)/`); a date without a zone
 * (Exchange Online's `2026-07-24T18:59:12.0000000`) is kept as exported.
 */
function readDate(value: PsValue): ReadValue<string> {
  const v = scalar(value);
  if (typeof v !== "string") return fail("a date", value);
  const t = v.trim();
  const ms = /^\/Date\((-?\d{1,15})(?:[+-]\d{4})?\)\/$/.exec(t);
  const d = ms?.[1] !== undefined ? new Date(Number(ms[1])) : /(Z|[+-]\d\d:?\d\d)$/i.test(t) ? new Date(t) : undefined;
  if (d === undefined) return t.length > 0 ? ok(t) : fail("a date", value);
  return Number.isNaN(d.getTime()) ? fail("a date", value) : ok(d.toISOString());
}

/** `Type:Address;Cost` (New-SendConnector `-AddressSpaces`); the type defaults to SMTP, the cost is optional. */
export function parseAddressSpace(text: string): AddressSpace | undefined {
  const t = text.trim();
  if (t.length === 0) return undefined;
  const colon = t.indexOf(":");
  let type = "SMTP";
  let rest = t;
  if (colon > 0 && /^[A-Za-z0-9]+$/.test(t.slice(0, colon))) {
    type = t.slice(0, colon);
    rest = t.slice(colon + 1);
  }
  let cost: number | null = null;
  const semi = rest.lastIndexOf(";");
  if (semi >= 0 && /^\s*\d{1,3}\s*$/.test(rest.slice(semi + 1))) {
    cost = Number(rest.slice(semi + 1));
    rest = rest.slice(0, semi);
  }
  if (rest.length === 0) return undefined;
  const space: AddressSpace = { Type: type.toUpperCase() === "SMTP" ? "SMTP" : type, Address: rest, Cost: cost };
  if (space.Type === "SMTP") space.IncludeSubDomains = rest === "*" || rest.startsWith("*.");
  return space;
}

function readAddressSpace(item: PsValue): ReadValue<AddressSpace> {
  if (isPsObject(item) && item.text === undefined) {
    const address = getProp(item, "Address") ?? getProp(item, "Domain");
    const a = address === undefined || address === null ? undefined : readString(address);
    if (a?.ok) {
      const type = getProp(item, "Type");
      const t = type === undefined || type === null ? undefined : readString(type);
      const cost = getProp(item, "Cost");
      const c = cost === undefined || cost === null ? undefined : readInt(cost);
      const sub = getProp(item, "IncludeSubDomains");
      const s = sub === undefined || sub === null ? undefined : readBool(sub);
      const space: AddressSpace = { Type: t?.ok ? t.value : "SMTP", Address: a.value, Cost: c?.ok ? c.value : null };
      if (s?.ok) space.IncludeSubDomains = s.value;
      else if (space.Type.toUpperCase() === "SMTP")
        space.IncludeSubDomains = a.value === "*" || a.value.startsWith("*.");
      return ok(space);
    }
  }
  const text = readString(item);
  const parsed = text.ok ? parseAddressSpace(text.value) : undefined;
  if (parsed !== undefined && isPsObject(item)) {
    const sub = getProp(item, "IncludeSubDomains");
    if (typeof sub === "boolean") parsed.IncludeSubDomains = sub;
  }
  return parsed === undefined ? fail("an address space such as SMTP:*;1", item) : ok(parsed);
}

function readAddressSpaces(value: PsValue): ReadValue<AddressSpace[]> {
  const out: AddressSpace[] = [];
  for (const item of listOf(value)) {
    if (item === null) continue;
    const r = readAddressSpace(item);
    if (!r.ok) return r;
    out.push(r.value);
  }
  return ok(out);
}

/** A PSCredential: its user name only (the password is never read). */
function readCredential(value: PsValue): ReadValue<string> {
  if (isPsObject(value)) {
    const user = getProp(value, "UserName");
    if (typeof user === "string") return ok(user);
  }
  return typeof value === "string" ? ok(value) : fail("a credential (UserName)", value);
}

/** The value of a property read as a kind; `null` (not set) stays null. */
export function readValue(kind: Kind, value: PsValue): ReadValue<unknown> {
  if (value === null) return ok(null);
  switch (kind.kind) {
    case "string": {
      const v = isPsObject(value) || typeof value !== "object" ? value : null;
      return v === null ? fail("text", value) : readString(v, kind.keys, kind.compose);
    }
    case "strings":
      return readStrings(value, kind.keys, kind.compose);
    case "bool":
      return readBool(value);
    case "int":
      return readInt(value);
    case "size":
      return readSize(value);
    case "unlimited":
      return readUnlimited(value);
    case "enum":
      return readEnum(value, kind.values);
    case "flags":
      return readFlags(value, kind.bits);
    case "date":
      return readDate(value);
    case "addressSpaces":
      return readAddressSpaces(value);
    case "credential":
      return readCredential(value);
  }
}
