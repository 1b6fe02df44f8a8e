/**
 * Summing DMARC report records per source: one tally per (From domain, source address) for the
 * organisation's listed domains, one per domain for the others. Memory grows with the number of
 * distinct sources (bounded by `maxSources`), never with the number of records.
 */
import type { AggregateRecord } from "../reports/types.ts";
import type { SeenAuth, SourceSums, UnlistedDomain } from "./report-types.ts";

/** Per-source lists are bounded (a source using thousands of DKIM domains is summarised, not listed). */
const MAX_AUTH = 20;
const MAX_REPORTERS = 20;
const MAX_DAYS = 400;
const MAX_OVERFLOW_KEYS = 100_000;

/** What a tally needs of a record's report (an `ObservedRecord` has it all). */
export interface TallyReport {
  reporter: string;
  policyDomain: string;
  /** The report's begin (ISO 8601); its UTC day dates the record. */
  begin: string;
}

/** The sums of one source. */
export type SourceTally = SourceSums;

function seen(list: SeenAuth[], domain: string, detail: string | null, result: string | null, n: number): void {
  for (const x of list) {
    if (x.domain === domain && x.detail === detail && x.result === result) {
      x.messages += n;
      return;
    }
  }
  if (list.length < MAX_AUTH) list.push({ domain, detail, result, messages: n });
}

/** Accumulates records; {@link Tally.add} is called once per record. */
export class Tally {
  /** From domain → source address → sums (nested: no key string is built per record). */
  readonly #sources = new Map<string, Map<string, SourceTally>>();
  #size = 0;
  readonly unlisted = new Map<string, UnlistedDomain & { ips: Map<string, number> }>();
  readonly overflow = { sources: 0, messages: 0 };
  readonly #listed: ReadonlySet<string>;
  readonly #max: number;
  readonly #overflowKeys = new Set<string>();
  /** Days kept per source (bounded by MAX_DAYS), counted apart so that adding a record allocates nothing. */
  readonly #dayCounts = new Map<SourceTally, number>();
  /** Reporters seen per source (the source's `reporters` list is bounded; this set is what is checked). */
  readonly #reporters = new Map<SourceTally, Set<string>>();
  /** Report begin → its UTC day (reports repeat a handful of days; no string is cut per record). */
  readonly #days = new Map<string, string>();
  /** Lower-cased From domains, as written → lower case (reporters repeat a handful of spellings). */
  readonly #lower = new Map<string, string>();
  records = 0;
  messages = 0;

  /** `listed`: the description's domains, lower case. */
  constructor(listed: ReadonlySet<string>, maxSources: number) {
    this.#listed = listed;
    this.#max = maxSources;
  }

  /** Adds one record of report `of` (for a store's `ObservedRecord`, the record itself). */
  add(r: AggregateRecord, of: TallyReport): void {
    const count = r.count;
    this.records++;
    this.messages += count;
    const written = r.headerFrom ?? of.policyDomain;
    let from = this.#lower.get(written);
    if (from === undefined) {
      from = written.toLowerCase();
      if (this.#lower.size < 10_000) this.#lower.set(written, from);
    }
    const pass = r.dkim === "pass" || r.spf === "pass";
    if (!this.#listed.has(from)) {
      this.#addUnlisted(from, r, of.reporter, pass);
      return;
    }
    let byIp = this.#sources.get(from);
    if (byIp === undefined) {
      byIp = new Map();
      this.#sources.set(from, byIp);
    }
    let t = byIp.get(r.sourceIp);
    if (t === undefined) {
      if (this.#size >= this.#max) {
        const key = `${from}|${r.sourceIp}`;
        // Bounded: a new source beyond the limit is counted, not kept (distinct keys counted up to 100,000).
        if (this.#overflowKeys.size < MAX_OVERFLOW_KEYS) {
          if (!this.#overflowKeys.has(key)) this.overflow.sources++;
          this.#overflowKeys.add(key);
        }
        this.overflow.messages += count;
        return;
      }
      t = {
        fromDomain: from,
        policyDomain: of.policyDomain,
        ip: r.sourceIp,
        messages: 0,
        dmarcPass: 0,
        dkimAligned: 0,
        spfAligned: 0,
        quarantined: 0,
        rejected: 0,
        reasons: {},
        dkim: [],
        spf: [],
        days: {},
        reporters: [],
      };
      byIp.set(r.sourceIp, t);
      this.#size++;
    }
    t.messages += count;
    if (pass) t.dmarcPass += count;
    if (r.dkim === "pass") t.dkimAligned += count;
    if (r.spf === "pass") t.spfAligned += count;
    if (r.disposition === "quarantine") t.quarantined += count;
    else if (r.disposition === "reject") t.rejected += count;
    for (const reason of r.reasons) {
      const type = reason.type ?? "unknown";
      t.reasons[type] = (t.reasons[type] ?? 0) + count;
    }
    for (const a of r.authResults.dkim) seen(t.dkim, a.domain, a.selector, a.result, count);
    for (const a of r.authResults.spf) seen(t.spf, a.domain, a.scope, a.result, count);
    let day = this.#days.get(of.begin);
    if (day === undefined) {
      day = of.begin.slice(0, 10);
      if (this.#days.size < 100_000) this.#days.set(of.begin, day);
    }
    const known = t.days[day];
    if (known !== undefined) t.days[day] = known + count;
    else {
      const days = this.#dayCounts.get(t) ?? 0;
      if (days < MAX_DAYS) {
        t.days[day] = count;
        this.#dayCounts.set(t, days + 1);
      }
    }
    if (t.reporters.length < MAX_REPORTERS) {
      let seenBy = this.#reporters.get(t);
      if (seenBy === undefined) {
        seenBy = new Set();
        this.#reporters.set(t, seenBy);
      }
      if (!seenBy.has(of.reporter)) {
        seenBy.add(of.reporter);
        t.reporters.push(of.reporter);
      }
    }
  }

  #addUnlisted(domain: string, r: AggregateRecord, reporter: string, pass: boolean): void {
    let u = this.unlisted.get(domain);
    if (u === undefined) {
      if (this.unlisted.size >= 1000) return;
      u = { domain, messages: 0, dmarcPass: 0, sources: 0, topSources: [], reporters: [], ips: new Map() };
      this.unlisted.set(domain, u);
    }
    u.messages += r.count;
    if (pass) u.dmarcPass += r.count;
    if (u.ips.size < 10_000 || u.ips.has(r.sourceIp)) u.ips.set(r.sourceIp, (u.ips.get(r.sourceIp) ?? 0) + r.count);
    if (u.reporters.length < MAX_REPORTERS && !u.reporters.includes(reporter)) u.reporters.push(reporter);
  }

  /** Every source kept. */
  sources(): SourceTally[] {
    return [...this.#sources.values()].flatMap((m) => [...m.values()]);
  }

  /** The unlisted domains, most messages first, each with its top sources. */
  unlistedDomains(): UnlistedDomain[] {
    return [...this.unlisted.values()]
      .map(({ ips, ...u }) => ({
        ...u,
        sources: ips.size,
        topSources: [...ips.entries()]
          .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
          .slice(0, 5)
          .map(([ip, messages]) => ({ ip, messages })),
      }))
      .sort((a, b) => b.messages - a.messages || a.domain.localeCompare(b.domain));
  }
}
