/**
 * Normalising the values of an aggregate report: trimmed strings, lower-cased enumerations
 * (reporters write `Pass` and `None`, parsedmarc issue #288), epoch seconds to ISO dates.
 */
import type {
  AlignmentMode,
  Disposition,
  DkimAuthResult,
  EvaluatedResult,
  PolicyValue,
  SpfAuthResult,
  SpfScope,
} from "./types.ts";

/** The allowed values of each enumeration (RFC 7489 Appendix C; RFC 9990 §3 schema). */
export const ENUMS = {
  policy: ["none", "quarantine", "reject"] as readonly PolicyValue[],
  alignment: ["r", "s"] as readonly AlignmentMode[],
  disposition: ["none", "pass", "quarantine", "reject"] as readonly Disposition[],
  evaluated: ["pass", "fail"] as readonly EvaluatedResult[],
  dkimResult: ["none", "pass", "fail", "policy", "neutral", "temperror", "permerror"] as readonly DkimAuthResult[],
  spfResult: [
    "none",
    "neutral",
    "pass",
    "fail",
    "softfail",
    "temperror",
    "permerror",
    "policy",
  ] as readonly SpfAuthResult[],
  spfScope: ["helo", "mfrom"] as readonly SpfScope[],
  testing: ["y", "n"] as readonly ("y" | "n")[],
  discovery: ["psl", "treewalk"] as readonly ("psl" | "treewalk")[],
} as const;

/** Trimmed text, or null when empty. */
export function text(value: string): string | null {
  const t = value.trim();
  return t === "" ? null : t;
}

/**
 * A lower-cased enumeration value; `undefined` when the text is not one of `allowed` (the caller
 * records a problem), null when empty.
 */
export function enumValue<T extends string>(value: string, allowed: readonly T[]): T | null | undefined {
  const t = value.trim().toLowerCase();
  if (t === "") return null;
  // Some reporters write the DMARC tag form: "p=none" or "reject;".
  const bare = t.replace(/^[a-z]+=/, "").replace(/;$/, "");
  return (allowed as readonly string[]).includes(bare) ? (bare as T) : undefined;
}

/** A non-negative integer (a count or pct), or undefined when the text is not one. */
export function nonNegativeInteger(value: string): number | undefined {
  const t = value.trim();
  if (!/^\+?\d{1,15}$/.test(t)) return undefined;
  return Number(t);
}

/**
 * A `date_range` bound as ISO 8601: epoch seconds (RFC 7489 Appendix C `xs:integer`), or a
 * date string some reporters write instead. Undefined when neither.
 */
export function isoDate(value: string): string | undefined {
  const t = value.trim();
  if (/^-?\d{1,12}(\.\d+)?$/.test(t)) {
    const ms = Math.floor(Number(t)) * 1000;
    const d = new Date(ms);
    return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
  }
  if (!/^\d{4}-\d{2}-\d{2}/.test(t)) return undefined;
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

/** A domain from the report: trimmed, lower-cased, trailing dot removed. */
export function domainName(value: string): string | null {
  const t = value.trim().toLowerCase().replace(/\.$/, "");
  return t === "" ? null : t;
}

/** The domain part of an address such as `noreply-dmarc-support@google.com` (or `mailto:` URI). */
export function emailDomain(email: string): string | null {
  const at = email.lastIndexOf("@");
  if (at < 0) return null;
  return domainName(email.slice(at + 1).replace(/[>\s].*$/, ""));
}
