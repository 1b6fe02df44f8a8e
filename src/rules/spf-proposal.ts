/**
 * One finding's SPF fix: the domain's record with the terms it needs added, as text and as the
 * change that publishes it (the whole TXT RRset, other TXT records kept). The plan (src/plan)
 * merges every path's needs into one record per domain; this is the proposal of one finding,
 * which the audit verifies by re-auditing over it.
 */
import type { DnsChange } from "../dns/overlay-changes.ts";
import type { DomainFacts } from "../facts/types.ts";
import { parseSpf } from "../spf/parse.ts";
import { spfChange } from "./fix-text.ts";

/** Mechanisms that ask DNS (RFC 7208 §4.6.4), and `redirect`. */
const QUERYING = /^[-~?+]?(include|a|mx|ptr|exists)([:/]|$)|^redirect=/i;
const ALL = /^[-~?+]?all$/i;

/** The valid terms of a record, as written (terms with syntax errors are left out). */
export function validTerms(record: string): string[] {
  return parseSpf(record).terms.map((t) => t.text);
}

/**
 * One record from several (RFC 7208 §4.5 allows one), or from one with syntax errors: the valid
 * terms of each, in order, each once; one `all` (`-all` when none survives and there is no `redirect=`).
 */
export function mergeRecords(records: readonly string[]): string {
  const seen = new Set<string>();
  const terms: string[] = [];
  let all: string | undefined;
  for (const record of records)
    for (const term of validTerms(record)) {
      if (ALL.test(term)) {
        all ??= term;
        continue;
      }
      if (seen.has(term.toLowerCase())) continue;
      seen.add(term.toLowerCase());
      terms.push(term);
    }
  const end = all ?? (terms.some((t) => /^redirect=/i.test(t)) ? undefined : "-all");
  return ["v=spf1", ...terms, ...(end !== undefined ? [end] : [])].join(" ");
}

/**
 * `record` with `terms` added: before its `all` (or `redirect=`), or, with `early`, before its
 * first DNS-querying term, so that they are evaluated within the limits of RFC 7208 §4.6.4 even
 * when the record is over them. Without a record, a minimal one ending in `-all`.
 */
export function proposeSpf(record: string | undefined, terms: readonly string[], early = false): string {
  if (record === undefined) return `v=spf1 ${terms.join(" ")} -all`;
  const parts = record.trim().split(/ +/);
  const stop = early
    ? (p: string) => QUERYING.test(p) || ALL.test(p)
    : (p: string) => ALL.test(p) || /^redirect=/i.test(p);
  const at = parts.findIndex((p, i) => i > 0 && stop(p));
  const insertAt = at < 0 ? parts.length : at;
  return [...parts.slice(0, insertAt), ...terms, ...parts.slice(insertAt)].join(" ");
}

/** What a domain's SPF fix starts from: its one valid record (merged and cleaned when it has several, or errors). */
export function baseRecord(domain: DomainFacts | undefined): { record: string | undefined; cleaned: boolean } {
  const s = domain?.spf.selection;
  if (s === undefined || s.status === "none" || s.status === "temperror") return { record: undefined, cleaned: false };
  if (s.status === "multiple") return { record: mergeRecords(s.records), cleaned: true };
  const parsed = parseSpf(s.record);
  return parsed.errors.length > 0
    ? { record: mergeRecords([s.record]), cleaned: true }
    : { record: s.record, cleaned: false };
}

/**
 * The record that authorises `terms` on `domain`, and the change that publishes it. New address
 * terms go early when the tree is over a limit (a later term would never be reached). Undefined
 * when the domain's SPF could not be read (never proposed blind).
 */
export function spfProposal(
  domain: DomainFacts | undefined,
  name: string,
  terms: readonly string[],
): { record: string; change: DnsChange; early: boolean; cleaned: boolean } | undefined {
  const s = domain?.spf.selection;
  if (domain === undefined || s === undefined || s.status === "temperror") return undefined;
  const { record, cleaned } = baseRecord(domain);
  const present = new Set((record === undefined ? [] : validTerms(record)).map((t) => t.toLowerCase()));
  const missing = terms.filter((t) => !present.has(t.toLowerCase()));
  const a = domain.spf.analysis;
  const early = a.lookups.exceeded || a.voidLookups.exceeded;
  const text = proposeSpf(record, missing, early);
  return { record: text, change: spfChange(name, domain.spf.answer, text), early, cleaned };
}
