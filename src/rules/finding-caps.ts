/**
 * Size limits on one finding. Anyone can publish any TXT record, and a finding copies its evidence:
 * without limits, 50 KB of TXT per answer along a deep include chain made a report of 100 MB. The
 * engine passes every finding through {@link capFinding}: the records that matter are kept, the
 * rest become a count and a size (`omitted`), so a reader always knows something was left out and
 * how much. docs/security.md states these numbers.
 */
import type { DnsEvidence, EvidenceOmission } from "../dns/evidence.ts";
import { type Evidence, isDnsEvidence, type ObservedEvidence } from "../facts/evidence.ts";
import type { Finding } from "./types.ts";

/** The limits of one finding. */
export const FINDING_LIMITS = Object.freeze({
  /** Characters of a message; the rest is cut, and the message says how much. */
  messageChars: 4_096,
  /** Characters of a fix. */
  fixChars: 16_384,
  /** Pieces of evidence shown: the first six and the last two (a path's root and the record concerned). */
  evidence: 8,
  /**
   * Records (DNS) or lines (observations) shown per piece of evidence. When some records start with
   * `v=` (the SPF, DMARC, DKIM... record among others at a name), only those are shown: the record
   * that matters, the rest as a count and a size.
   */
  records: 8,
  /** Records shown when none starts with `v=`. */
  otherRecords: 4,
  /** Lines of an observation (an SMTP transcript, a configuration object) shown, in order. */
  lines: 32,
  /** Characters of one record or line (a 16,384-bit DKIM key record is about 2,800). */
  recordChars: 4_096,
  /** Characters of a name, source or note. */
  labelChars: 1_024,
  /** Names of a CNAME chain. */
  cnameChain: 16,
  /** UTF-8 bytes of record and line text over all the evidence shown (the first piece always shows). */
  evidenceBytes: 16_384,
  /** Findings of one rule about one domain (or one path) listed; the others are counted (`summary.truncated`). */
  perSubject: 10,
});

/** UTF-8 length of a string. */
export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, "utf8");
}

/** `text` cut to `max` characters (never inside a surrogate pair) and the bytes left out. */
export function cutText(text: string, max: number): { text: string; bytes: number } {
  if (text.length <= max) return { text, bytes: 0 };
  let end = max;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return { text: `${text.slice(0, end)}…`, bytes: utf8Bytes(text.slice(end)) };
}

/** A long message or fix, cut with a note of what is left out. */
function cutProse(text: string, max: number): string {
  const cut = cutText(text, max);
  return cut.bytes === 0 ? text : `${cut.text} (${cut.bytes.toLocaleString("en-US")} more bytes not shown)`;
}

/** Records starting `v=` (the SPF, DMARC, DKIM... record among others at a name) come first. */
const MATTERS = /^\s*"?v=/i;

/**
 * Which records are shown, by index: those that matter (starting `v=`, at most 8) or, when none
 * does, the first four. Observations' lines (a transcript, a configuration) are shown in order, at
 * most 32.
 */
function keepItems(items: readonly string[], kind: "records" | "lines"): Set<number> {
  const kept = new Set<number>();
  if (kind === "lines") {
    for (let i = 0; i < Math.min(items.length, FINDING_LIMITS.lines); i++) kept.add(i);
    return kept;
  }
  for (let i = 0; i < items.length && kept.size < FINDING_LIMITS.records; i++)
    if (MATTERS.test(items[i] as string)) kept.add(i);
  if (kept.size === 0) for (let i = 0; i < Math.min(items.length, FINDING_LIMITS.otherRecords); i++) kept.add(i);
  return kept;
}

/** Caps a list of records or lines; returns what is shown and what is not. */
function capLines(items: readonly string[], kind: "records" | "lines"): { shown: string[]; omitted: EvidenceOmission } {
  const omitted = { count: 0, bytes: 0 };
  const few = kind === "lines" ? FINDING_LIMITS.lines : FINDING_LIMITS.otherRecords;
  if (items.length <= few && items.every((r) => r.length <= FINDING_LIMITS.recordChars))
    return { shown: [...items], omitted };
  const kept = keepItems(items, kind);
  const shown: string[] = [];
  items.forEach((item, i) => {
    if (!kept.has(i)) {
      omitted.count++;
      omitted.bytes += utf8Bytes(item);
      return;
    }
    const cut = cutText(item, FINDING_LIMITS.recordChars);
    omitted.bytes += cut.bytes;
    shown.push(cut.text);
  });
  return { shown, omitted };
}

function label(text: string): string {
  return cutText(text, FINDING_LIMITS.labelChars).text;
}

/** One piece of evidence within the limits, and the bytes of record text it shows. */
export function capEvidence(e: Evidence): { evidence: Evidence; bytes: number } {
  const { shown, omitted } = isDnsEvidence(e) ? capLines(e.records, "records") : capLines(e.lines, "lines");
  const bytes = shown.reduce((sum, s) => sum + utf8Bytes(s), 0);
  const previous = e.omitted ?? { count: 0, bytes: 0 };
  const lost =
    omitted.count + omitted.bytes > 0
      ? { count: previous.count + omitted.count, bytes: previous.bytes + omitted.bytes }
      : e.omitted;
  if (isDnsEvidence(e)) {
    const out: DnsEvidence = { ...e, name: label(e.name), type: label(e.type), records: shown };
    if (e.note !== undefined) out.note = label(e.note);
    if (e.cnameChain !== undefined) out.cnameChain = e.cnameChain.slice(0, FINDING_LIMITS.cnameChain).map(label);
    if (lost !== undefined) out.omitted = lost;
    return { evidence: out, bytes };
  }
  const out: ObservedEvidence = { ...e, source: label(e.source), lines: shown };
  if (e.note !== undefined) out.note = label(e.note);
  if (lost !== undefined) out.omitted = lost;
  return { evidence: out, bytes };
}

/** The size a piece of evidence stands for when it is left out: its record or line text. */
export function evidenceBytes(e: Evidence): number {
  const items = isDnsEvidence(e) ? e.records : e.lines;
  return items.reduce((sum, s) => sum + utf8Bytes(s), 0) + (e.omitted?.bytes ?? 0);
}

/** Which pieces of a finding's evidence are shown: the first six and the last two. */
function pickEvidence(count: number): Set<number> {
  const max = FINDING_LIMITS.evidence;
  if (count <= max) return new Set(Array.from({ length: count }, (_, i) => i));
  const head = max - 2;
  return new Set([...Array.from({ length: head }, (_, i) => i), count - 2, count - 1]);
}

/**
 * A finding within {@link FINDING_LIMITS}: message and fix cut, at most eight pieces of evidence
 * (each with at most eight records, `v=` records first, each at most 4,096 characters), and no more
 * than 16 KiB of record text in all. What is left out is counted in `omittedEvidence` and each
 * piece's `omitted`. A finding within the limits is returned as it is.
 */
export function capFinding(f: Finding): Finding {
  const picked = pickEvidence(f.evidence.length);
  const shown: Evidence[] = [];
  let total = 0;
  const left = { count: f.omittedEvidence?.count ?? 0, bytes: f.omittedEvidence?.bytes ?? 0 };
  f.evidence.forEach((e, i) => {
    if (!picked.has(i)) {
      left.count++;
      left.bytes += evidenceBytes(e);
      return;
    }
    const capped = capEvidence(e);
    if (shown.length > 0 && total + capped.bytes > FINDING_LIMITS.evidenceBytes) {
      left.count++;
      left.bytes += evidenceBytes(e);
      return;
    }
    total += capped.bytes;
    shown.push(capped.evidence);
  });
  const out: Finding = {
    ...f,
    message: cutProse(f.message, FINDING_LIMITS.messageChars),
    fix: cutProse(f.fix, FINDING_LIMITS.fixChars),
    evidence: shown,
  };
  if (left.count > 0) out.omittedEvidence = left;
  else delete out.omittedEvidence;
  return out;
}
