import {
  abortedAnswer,
  DEFAULT_TTL,
  errorAnswer,
  failedAnswer,
  invalidNameAnswer,
  isAborted,
  MAX_CNAME_CHAIN,
  recordsAnswer,
  resolveSafely,
} from "./answer.ts";
import { normalizeName } from "./names.ts";
import {
  ChangeIndex,
  type ChangeNode,
  conflictsBelow,
  type DnsChange,
  findConflicts,
  type OverlayConflict,
  published,
} from "./overlay-changes.ts";
import type { DnsAnswer, RecordOf, ResolveOptions, Resolver, RRType } from "./types.ts";

/** Asks the resolver below: the first question as itself, every further one through the caller's account. */
class Below {
  readonly resolver: Resolver;
  readonly options: ResolveOptions | undefined;
  #asked = 0;

  constructor(resolver: Resolver, options: ResolveOptions | undefined) {
    this.resolver = resolver;
    this.options = options;
  }

  ask<T extends RRType>(name: string, type: T): Promise<DnsAnswer<T>> {
    const account = this.options?.account;
    const run = () => resolveSafely(this.resolver, name, type, this.options);
    return this.#asked++ === 0 || account === undefined ? run() : account(name, type, run);
  }
}

/**
 * A {@link Resolver} that answers as the zone would after proposed changes (whole RRsets published
 * or removed, per name and type) and passes every other question to the resolver below. It is how
 * a plan re-runs the audit over its own proposal before showing it (issue 13).
 *
 * Semantics (documented in docs/dns.md):
 * - a published RRset answers its type at its name; `records: []` answers NODATA (the name is not
 *   made to vanish: a removal never turns a name into NXDOMAIN);
 * - a name that gets data exists: its other types are NODATA, and its ancestors are empty
 *   non-terminals (NODATA, RFC 8020 §2) where the zone below said NXDOMAIN;
 * - CNAMEs are followed through the overlay and below, in both directions, at most 8 long;
 * - owner names are literal: a published `*.x` is not expanded as a wildcard;
 * - a name whose changes conflict (RFC 2181 §10.1: a CNAME beside other data, two CNAMEs, within
 *   the changes or with the zone below) answers `error` with cause `conflict`; when the zone below
 *   could not be asked to check, the answer is that failure (unknown, never present or absent);
 * - answers that involve proposed data are never `authenticated` (nothing signed them).
 *
 * Check a proposal before using it with {@link OverlayResolver.conflicts} (or `validate()`).
 */
export class OverlayResolver implements Resolver {
  readonly #below: Resolver;
  readonly #index: ChangeIndex;
  readonly #changes: readonly DnsChange[];
  /** Conflict checks against the zone below, per name (asked once per overlay). */
  readonly #checked = new Map<string, Promise<OverlayConflict[]>>();

  constructor(below: Resolver, changes: readonly DnsChange[]) {
    this.#below = below;
    this.#changes = changes.map((c) => ({ ...c, records: [...c.records] }));
    this.#index = new ChangeIndex(this.#changes);
  }

  /**
   * Every conflict of `changes`: among themselves, and (when `below` is given) with the zone below,
   * which is asked for the types a check needs. An empty list means the changes can be published.
   */
  static conflicts(
    changes: readonly DnsChange[],
    below?: Resolver,
    options?: ResolveOptions,
  ): Promise<OverlayConflict[]> {
    return findConflicts(changes, below, options);
  }

  /** The conflicts of this overlay's changes, checked against its resolver below. */
  validate(options?: ResolveOptions): Promise<OverlayConflict[]> {
    return findConflicts(this.#changes, this.#below, options);
  }

  /** The changes this overlay applies (copies). */
  get changes(): DnsChange[] {
    return this.#changes.map((c) => ({ ...c, records: [...c.records] }));
  }

  /** The first conflict at `name` (among the changes, or with the zone below), or undefined. */
  async #conflictAt(name: string, node: ChangeNode, below: Below): Promise<OverlayConflict | undefined> {
    const own = this.#index.conflicted.get(name);
    if (own !== undefined) return own;
    if (published(node).length === 0) return undefined;
    let found: OverlayConflict[] = [];
    // Twice at most: a check that another question's abort cut short is asked again.
    for (let attempt = 0; attempt < 2; attempt++) {
      let pending = this.#checked.get(name);
      if (pending === undefined) {
        pending = conflictsBelow(name, node, (n, t) => below.ask(n, t));
        this.#checked.set(name, pending);
      }
      found = await pending;
      if (!found.some((c) => c.cause === "aborted")) break;
      // An aborted check says nothing about the zone: do not keep it.
      if (this.#checked.get(name) === pending) this.#checked.delete(name);
      if (below.options?.signal?.aborted) break;
    }
    return found[0];
  }

  async resolve<T extends RRType>(name: string, type: T, options?: ResolveOptions): Promise<DnsAnswer<T>> {
    const qname = normalizeName(name);
    const qtype = type.toUpperCase() as T;
    if (options?.signal?.aborted) return abortedAnswer(qname, qtype, options.signal);
    const invalid = invalidNameAnswer(qname, qtype);
    if (invalid !== undefined) return invalid;
    if (this.#index.size === 0) return resolveSafely(this.#below, qname, qtype, options);
    const below = new Below(this.#below, options);
    const chain: string[] = [];
    let ttl = Number.POSITIVE_INFINITY;
    let current = qname;
    const tooLong = () =>
      failedAnswer(qname, qtype, "servfail", `CNAME chain longer than ${MAX_CNAME_CHAIN} or looping`, {
        cnameChain: chain,
      });
    for (let step = 0; step <= MAX_CNAME_CHAIN + 1; step++) {
      const node = this.#index.node(current);
      let answer: DnsAnswer<T>;
      if (node !== undefined) {
        const conflict = await this.#conflictAt(current, node, below);
        if (options?.signal?.aborted) return abortedAnswer(qname, qtype, options.signal);
        if (conflict !== undefined) {
          if (conflict.kind !== "unverified")
            return errorAnswer(qname, qtype, "conflict", conflict.message, { cnameChain: chain });
          const status = conflict.status === undefined || conflict.status === "ok" ? "error" : conflict.status;
          return failedAnswer(qname, qtype, status, conflict.message, {
            cnameChain: chain,
            cause: conflict.cause ?? "transport",
          });
        }
        const alias = node.get("CNAME");
        const target = alias?.change.records[0];
        if (qtype !== "CNAME" && typeof target === "string") {
          const next = normalizeName(target);
          ttl = Math.min(ttl, alias?.change.ttl ?? DEFAULT_TTL);
          if (next === qname || chain.includes(next) || chain.length >= MAX_CNAME_CHAIN) {
            chain.push(next);
            return tooLong();
          }
          chain.push(next);
          current = next;
          continue;
        }
        const own = node.get(qtype);
        if (own !== undefined) {
          const owned = Math.min(ttl, own.change.ttl ?? DEFAULT_TTL);
          if (own.change.records.length === 0)
            return failedAnswer(qname, qtype, "nodata", `${current} ${qtype}: removed by the proposed changes`, {
              ttl: owned,
              cnameChain: chain,
            });
          return recordsAnswer(qname, qtype, [...own.change.records] as RecordOf<T>[], owned, [...chain]);
        }
        answer = await below.ask(current, qtype);
        if (isAborted(answer)) return abortedAnswer(qname, qtype, options?.signal);
        // The alias at this name is removed: nothing is left to follow.
        if (alias !== undefined && answer.cnameChain.length > 0)
          return failedAnswer(qname, qtype, "nodata", `${current}: its CNAME is removed by the proposed changes`, {
            ttl: Math.min(ttl, DEFAULT_TTL),
            cnameChain: chain,
          });
        if (answer.status === "nxdomain" && answer.cnameChain.length === 0 && published(node).length > 0)
          return failedAnswer(
            qname,
            qtype,
            "nodata",
            `${current} has no ${qtype} records (it exists through the proposed changes)`,
            {
              ttl: Math.min(ttl, DEFAULT_TTL),
              cnameChain: chain,
            },
          );
      } else {
        answer = await below.ask(current, qtype);
      }
      // Continue in the overlay at the first name of the chain below that the changes touch.
      const hop = answer.cnameChain.findIndex((t) => this.#index.node(t) !== undefined);
      if (hop >= 0) {
        const next = answer.cnameChain[hop] ?? current;
        chain.push(...answer.cnameChain.slice(0, hop + 1));
        if (chain.length > MAX_CNAME_CHAIN || new Set(chain).size !== chain.length || chain.includes(qname))
          return tooLong();
        current = next;
        continue;
      }
      return this.#merge(qname, answer, chain, ttl);
    }
    return tooLong();
  }

  /** The answer from below, seen from the question's name through the overlay's part of the chain. */
  #merge<T extends RRType>(qname: string, answer: DnsAnswer<T>, chain: string[], ttl: number): DnsAnswer<T> {
    const cnameChain = [...chain, ...answer.cnameChain];
    if (cnameChain.length > MAX_CNAME_CHAIN)
      return failedAnswer(qname, answer.type, "servfail", `CNAME chain longer than ${MAX_CNAME_CHAIN}`, { cnameChain });
    const final = cnameChain[cnameChain.length - 1] ?? qname;
    let merged: DnsAnswer<T> = { ...answer, name: qname, cnameChain };
    const emptyNonTerminal = answer.status === "nxdomain" && this.#index.hasDataBelow(final);
    if (emptyNonTerminal)
      merged = failedAnswer(
        qname,
        answer.type,
        "nodata",
        `${final}: empty non-terminal (names below it get data from the proposed changes)`,
        {
          ttl: Math.min(ttl, DEFAULT_TTL),
          cnameChain,
        },
      );
    else if (chain.length > 0 && (answer.status === "ok" || answer.status === "nodata" || answer.status === "nxdomain"))
      merged.ttl = Math.min(ttl, answer.ttl);
    if ((chain.length > 0 || emptyNonTerminal) && answer.authenticated !== undefined) merged.authenticated = false;
    return merged;
  }
}
