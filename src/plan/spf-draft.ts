/**
 * An SPF record being composed for a plan: its terms by kind, each once, rendered with every
 * `ip4:`/`ip6:` term before the first DNS-querying term (they cost no lookup, so they are always
 * evaluated within the limits of RFC 7208 §4.6.4), then the DNS-querying terms the described paths
 * need, then the others, then modifiers and `all` (or `redirect=`).
 */
import { parseSpf } from "../spf/parse.ts";
import type { SpfTerm } from "../spf/types.ts";

/** One term of a draft. */
export interface DraftTerm {
  text: string;
  /** A described path needs it (never removed to meet the limits). */
  needed: boolean;
}

/** A record in the making. */
export interface SpfDraft {
  /** `ip4:`/`ip6:` terms. */
  ips: DraftTerm[];
  /** `include`, `a`, `mx`, `ptr`, `exists`. */
  lookups: DraftTerm[];
  /** `exp=` and unknown modifiers. */
  modifiers: string[];
  redirect?: string;
  all?: string;
  /** Terms of the record that were dropped on reading (syntax errors, duplicates), in words. */
  dropped: string[];
}

const key = (text: string) => text.toLowerCase().replace(/^\+/, "");

function sort(draft: SpfDraft, term: SpfTerm): void {
  if (term.kind === "modifier") {
    if (term.name === "redirect") draft.redirect ??= term.text;
    else if (!draft.modifiers.some((m) => key(m) === key(term.text))) draft.modifiers.push(term.text);
    return;
  }
  if (term.mechanism === "all") {
    draft.all ??= term.text;
    return;
  }
  const list = term.mechanism === "ip4" || term.mechanism === "ip6" ? draft.ips : draft.lookups;
  if (list.some((t) => key(t.text) === key(term.text))) {
    draft.dropped.push(`\`${term.text}\` appeared twice; it is kept once`);
    return;
  }
  list.push({ text: term.text, needed: false });
}

/** A draft from a domain's current SPF records (none, one, or several to merge), valid terms only. */
export function draftOf(records: readonly string[]): SpfDraft {
  const draft: SpfDraft = { ips: [], lookups: [], modifiers: [], dropped: [] };
  for (const record of records) {
    const parsed = parseSpf(record);
    for (const e of parsed.errors) draft.dropped.push(`dropped what did not parse: ${e.message}`);
    for (const term of parsed.terms) sort(draft, term);
  }
  if (records.length > 1)
    draft.dropped.push(`merged ${records.length} SPF records into one (RFC 7208 §4.5 allows one)`);
  return draft;
}

/** Adds a term the described paths need (or marks it needed when present). */
export function need(draft: SpfDraft, text: string): void {
  const term = parseSpf(`v=spf1 ${text}`).terms[0];
  if (term === undefined) return;
  const list =
    term.kind === "mechanism" && (term.mechanism === "ip4" || term.mechanism === "ip6") ? draft.ips : draft.lookups;
  const present = list.find((t) => key(t.text) === key(text));
  if (present !== undefined) present.needed = true;
  else list.push({ text, needed: true });
}

/** The record text: address terms first, needed DNS-querying terms, the others, modifiers, then all/redirect. */
export function render(draft: SpfDraft): string {
  const lookups = [...draft.lookups.filter((t) => t.needed), ...draft.lookups.filter((t) => !t.needed)];
  const end = draft.all !== undefined ? [draft.all] : draft.redirect !== undefined ? [draft.redirect] : [];
  return ["v=spf1", ...draft.ips.map((t) => t.text), ...lookups.map((t) => t.text), ...draft.modifiers, ...end].join(
    " ",
  );
}

/** A copy without one DNS-querying term. */
export function without(draft: SpfDraft, text: string): SpfDraft {
  return { ...draft, ips: [...draft.ips], lookups: draft.lookups.filter((t) => t.text !== text) };
}
