/**
 * What DMARC aggregate reports say about the organisation, reconciled with its description: every
 * source address seen sending as one of its domains, classified against the described paths.
 * Plain JSON (`GatheredFacts.reports`).
 */
import type { PtrInfo } from "../reports/ptr.ts";
import type { ReportStore } from "../reports/store-types.ts";
import type { AggregateReport } from "../reports/types.ts";

/**
 * How a source relates to the description:
 * - `path`: a described path (its addresses or networks, its DKIM signatures, its provider's
 *   confirmed PTR names or bounce domain);
 * - `provider`: a known provider (catalog) no path describes for this From domain;
 * - `forwarder`: a forwarder or mailing list relaying the organisation's mail (the receiver gave a
 *   `forwarded`, `trusted_forwarder` or `mailing_list` reason, or a described path's DKIM signature
 *   passes from outside its addresses while SPF fails);
 * - `unknown`: none of these: an undescribed server of the organisation, or spoofing.
 */
export type SourceClass = "path" | "provider" | "forwarder" | "unknown";

export const SOURCE_CLASSES: readonly SourceClass[] = ["path", "provider", "forwarder", "unknown"];

/** Reports given to `audit()`: parsed reports, or an opened store, with an optional time window. */
export interface ReportsInput {
  /** Parsed aggregate reports (`parseAggregateReport(...).report`), or a store (`openSqliteReportStore`). */
  source: readonly AggregateReport[] | ReportStore;
  /** Only reports whose date range ends after this instant (ISO 8601 or a Date). */
  since?: string | Date;
  /** Only reports whose date range begins before this instant. */
  until?: string | Date;
  /** Most distinct source addresses whose PTR names are looked up, most voluminous first (default 64). */
  maxPtrLookups?: number;
  /** Most distinct (From domain, address) sources kept (default 50,000); the rest are counted, not classified. */
  maxSources?: number;
}

/** An identifier seen in `auth_results` for a source, with the messages it covered. */
export interface SeenAuth {
  domain: string;
  /** DKIM selector or SPF scope; null when the reporter left it out. */
  detail: string | null;
  result: string | null;
  messages: number;
}

/** Reverse DNS of a source. */
export type SourcePtr = PtrInfo;

/** How a source was matched to a path. */
export type PathMatch = "address" | "network" | "dkim" | "ptr" | "envelope";

/** The sums of one source address sending as one From domain over the window. */
export interface SourceSums {
  /** `header_from` (the report's policy domain when the reporter left it out). */
  fromDomain: string;
  policyDomain: string;
  ip: string;
  messages: number;
  /** Messages that passed DMARC (aligned DKIM or aligned SPF passed). */
  dmarcPass: number;
  dkimAligned: number;
  spfAligned: number;
  /** Messages the receiver quarantined or rejected. */
  quarantined: number;
  rejected: number;
  /** Policy override reasons, in messages. */
  reasons: Record<string, number>;
  dkim: SeenAuth[];
  spf: SeenAuth[];
  /** Messages per UTC day (of each report's begin). */
  days: Record<string, number>;
  reporters: string[];
}

/** One source address sending as one From domain over the window, classified. */
export interface ReportSource extends SourceSums {
  ptr: SourcePtr;
  class: SourceClass;
  /** For `path`: the path (and From domain) and how it was recognised. */
  path?: { id: string; fromDomain: string; by: PathMatch; fromListed: boolean };
  /** Every described path this source could be (same addresses or signatures). */
  candidates?: string[];
  /** The provider the source likely belongs to, and what says so. */
  provider?: { id: string; name: string; by: string };
  /** One line: why this class. */
  why: string;
}

/** What a path's real traffic looks like. */
export interface PathTraffic {
  pathId: string;
  fromDomain: string;
  messages: number;
  dmarcPass: number;
  dkimAligned: number;
  spfAligned: number;
  sources: number;
  /** The most voluminous addresses (at most 5). */
  topSources: string[];
  /**
   * Whether the reports could show this path at all: `true` when its addresses or its DKIM
   * selectors are known; `unknown` when neither is (its provider's networks could not be read and
   * no selector is given), so no traffic proves nothing.
   */
  recognisable: true | "unknown";
  /** Why it is not recognisable. */
  reason?: string;
}

/** A domain reports cover that the description does not list. */
export interface UnlistedDomain {
  domain: string;
  messages: number;
  dmarcPass: number;
  sources: number;
  topSources: { ip: string; messages: number }[];
  reporters: string[];
}

/** Messages per class on one UTC day. */
export interface ClassDay {
  day: string;
  path: number;
  provider: number;
  forwarder: number;
  unknown: number;
}

/** What the reports say, reconciled with the description. */
export interface ReportFacts {
  /** The window asked for (null: open) and the span the reports actually cover. */
  window: { since: string | null; until: string | null; first: string | null; last: string | null };
  /** Aggregate reports read (in the window). */
  reports: number;
  reporters: string[];
  records: number;
  messages: number;
  /** Policy domains covered by reports, with their report counts. */
  policyDomains: { domain: string; reports: number; messages: number }[];
  /** Every source of the organisation's domains, most messages first. */
  sources: ReportSource[];
  /** Sources beyond `maxSources`: counted, not classified. */
  overflow: { sources: number; messages: number };
  paths: PathTraffic[];
  unlistedDomains: UnlistedDomain[];
  days: ClassDay[];
  ptr: { asked: number; limit: number; notAsked: number; failed: number };
}
