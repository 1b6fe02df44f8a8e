/**
 * Per-tag value rules of the DMARC policy record: RFC 7489 §6.3/§6.4 and RFC 9989 §4.7/§4.8.
 * Each reader takes the value as written and returns the parsed value or a reason it is invalid.
 */

import { ref } from "./diagnostic.ts";
import type { DmarcMode, DmarcPolicy, DmarcRfcRef, DmarcSpec, DmarcTagName, FailureOption } from "./types.ts";

/** What a tag means to each spec. */
export interface TagInfo {
  /** Defined by RFC 7489 §6.3. */
  rfc7489: boolean;
  /** Defined by RFC 9989 §4.7. */
  rfc9989: boolean;
  /** Where the tag is defined, for diagnostics. */
  refs: DmarcRfcRef[];
}

export const TAG_INFO: Record<DmarcTagName, TagInfo> = {
  v: { rfc7489: true, rfc9989: true, refs: [ref(9989, "4.7"), ref(7489, "6.3")] },
  p: { rfc7489: true, rfc9989: true, refs: [ref(9989, "4.7"), ref(7489, "6.3")] },
  sp: { rfc7489: true, rfc9989: true, refs: [ref(9989, "4.7"), ref(7489, "6.3")] },
  np: { rfc7489: false, rfc9989: true, refs: [ref(9989, "4.7"), ref(9091, "3.2")] },
  adkim: { rfc7489: true, rfc9989: true, refs: [ref(9989, "4.7"), ref(7489, "6.3")] },
  aspf: { rfc7489: true, rfc9989: true, refs: [ref(9989, "4.7"), ref(7489, "6.3")] },
  fo: { rfc7489: true, rfc9989: true, refs: [ref(9989, "4.7"), ref(7489, "6.3")] },
  psd: { rfc7489: false, rfc9989: true, refs: [ref(9989, "4.7")] },
  rua: { rfc7489: true, rfc9989: true, refs: [ref(9989, "4.7"), ref(7489, "6.3")] },
  ruf: { rfc7489: true, rfc9989: true, refs: [ref(9989, "4.7"), ref(7489, "6.3")] },
  t: { rfc7489: false, rfc9989: true, refs: [ref(9989, "4.7")] },
  pct: { rfc7489: true, rfc9989: false, refs: [ref(7489, "6.3"), ref(9989, "A.6")] },
  rf: { rfc7489: true, rfc9989: false, refs: [ref(7489, "6.3"), ref(9989, "C.5.2")] },
  ri: { rfc7489: true, rfc9989: false, refs: [ref(7489, "6.3"), ref(9989, "C.5.2")] },
};

export function isTagName(name: string): name is DmarcTagName {
  return Object.hasOwn(TAG_INFO, name);
}

/** Whether the spec in force defines the tag. */
export function definedBy(name: DmarcTagName, spec: DmarcSpec): boolean {
  return spec === "rfc9989" ? TAG_INFO[name].rfc9989 : TAG_INFO[name].rfc7489;
}

/** A value reader's answer. `lenient` marks a value only lenient mode accepts. */
export type ReadResult<T> = { ok: true; value: T; lenient?: string } | { ok: false; why: string };

const POLICIES: readonly DmarcPolicy[] = ["none", "quarantine", "reject"];

/**
 * `dmarc-request = "none" / "quarantine" / "reject"` (RFC 9989 §4.8). ABNF strings are
 * case-insensitive (RFC 5234 §2.3). Lenient mode also takes a non-empty prefix (`p=n`), as OpenDMARC does.
 */
export function readPolicy(value: string, mode: DmarcMode): ReadResult<DmarcPolicy> {
  const v = value.toLowerCase();
  const exact = POLICIES.find((p) => p === v);
  if (exact !== undefined) return { ok: true, value: exact };
  if (mode === "lenient" && v.length > 0) {
    const prefixed = POLICIES.find((p) => p.startsWith(v));
    if (prefixed !== undefined) return { ok: true, value: prefixed, lenient: `"${value}" read as "${prefixed}"` };
  }
  return { ok: false, why: `"${value}" is not none, quarantine or reject` };
}

/** One of a few single-letter flags (`dmarc-rors`, `dmarc-yorn`, `dmarc-psd`). */
export function readFlag<T extends string>(value: string, allowed: readonly T[]): ReadResult<T> {
  const v = value.toLowerCase();
  const found = allowed.find((a) => a === v);
  if (found !== undefined) return { ok: true, value: found };
  return { ok: false, why: `"${value}" is not one of ${allowed.join(", ")}` };
}

/**
 * `fo` (RFC 9989 §4.8 `dmarc-fo`): colon-separated `0`, `1`, `d`, `s`; `0` and `1` are mutually
 * exclusive and each value appears at most once. RFC 7489 §6.4 allows any sequence of the four.
 */
export function readFo(value: string, spec: DmarcSpec): ReadResult<FailureOption[]> {
  const items = value.split(":").map((s) => s.trim().toLowerCase());
  const out: FailureOption[] = [];
  for (const item of items) {
    if (item !== "0" && item !== "1" && item !== "d" && item !== "s")
      return { ok: false, why: `"${item}" is not 0, 1, d or s` };
    if (spec === "rfc9989" && out.includes(item)) return { ok: false, why: `"${item}" appears twice` };
    if (!out.includes(item)) out.push(item);
  }
  if (spec === "rfc9989" && out.includes("0") && out.includes("1"))
    return { ok: false, why: `"0" and "1" are mutually exclusive` };
  return { ok: true, value: out };
}

/** `pct = 1*3DIGIT`, 0 to 100 (RFC 7489 §6.3, §6.4). */
export function readPct(value: string): ReadResult<number> {
  if (!/^[0-9]{1,3}$/.test(value)) return { ok: false, why: `"${value}" is not an integer of 1 to 3 digits` };
  const n = Number(value);
  if (n > 100) return { ok: false, why: `${n} is above 100` };
  return { ok: true, value: n };
}

/** `ri = 1*DIGIT`, a 32-bit unsigned integer of seconds (RFC 7489 §6.3). */
export function readRi(value: string): ReadResult<number> {
  if (!/^[0-9]{1,10}$/.test(value) || Number(value) > 0xffffffff)
    return { ok: false, why: `"${value}" is not a 32-bit unsigned integer` };
  return { ok: true, value: Number(value) };
}

/**
 * `rf = Keyword *(":" Keyword)` (RFC 7489 §6.4), values from the IANA "DMARC Failure Report
 * Formats" registry, which holds only `afrf` (RFC 7489 §11.5). Unregistered formats are invalid.
 */
export function readRf(value: string): ReadResult<string[]> {
  const items = value.split(":").map((s) => s.trim().toLowerCase());
  for (const item of items) {
    if (!/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/.test(item)) return { ok: false, why: `"${item}" is not a format keyword` };
    if (item !== "afrf") return { ok: false, why: `"${item}" is not a registered failure report format (only "afrf")` };
  }
  return { ok: true, value: items };
}

/** Default values (RFC 9989 §4.7, RFC 7489 §6.3). `p` has none; `sp` and `np` inherit. */
export const DEFAULTS = {
  adkim: "r",
  aspf: "r",
  fo: ["0"],
  psd: "u",
  t: "n",
  pct: 100,
  rf: ["afrf"],
  ri: 86400,
} as const;
