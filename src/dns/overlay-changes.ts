import { dnsOutcome, resolveSafely } from "./answer.ts";
import { nameProblem, normalizeName } from "./names.ts";
import type { DnsAnswer, DnsErrorCause, DnsStatus, RecordOf, ResolveOptions, Resolver, RRType } from "./types.ts";

/** One proposed change: the whole RRset to publish at `name` for `type`, or `records: []` to remove it. */
export interface DnsChange<T extends RRType = RRType> {
  name: string;
  type: T;
  /** The whole RRset after the change (records in the shapes of {@link RecordOf}); `[]` removes it. */
  records: RecordOf<T>[];
  /** TTL of the published RRset, seconds. Default 300. */
  ttl?: number;
}

/**
 * Why a set of changes cannot be published as it is.
 * - `invalid-name`: an owner name or a CNAME target that cannot exist in DNS (RFC 1035 §2.3.4).
 * - `duplicate`: two changes for the same name and type (one change holds the whole RRset).
 * - `multiple-cname`: a CNAME RRset with more than one record (RFC 2181 §10.1).
 * - `cname-and-other-data`: a CNAME and other data at one name (RFC 2181 §10.1, RFC 1034 §3.6.2),
 *   within the changes or between a change and the zone below.
 * - `unverified`: the zone below could not be asked (a timeout, SERVFAIL...), so the change could not
 *   be checked; it is not known to be valid.
 */
export type OverlayConflictKind =
  | "invalid-name"
  | "duplicate"
  | "multiple-cname"
  | "cname-and-other-data"
  | "unverified";

/** One conflict: plain data, for a plan to report. */
export interface OverlayConflict {
  kind: OverlayConflictKind;
  /** The owner name (normalised). */
  name: string;
  /** The record types involved. */
  types: string[];
  /** Indexes (into the list of changes given) of the changes involved. */
  changes: number[];
  /** Whether the other side of the conflict is in the changes or in the zone below. */
  where: "changes" | "below";
  /** What is wrong, in words. */
  message: string;
  /** For `unverified`: the status of the answer that could not be had, and its cause. */
  status?: DnsStatus;
  cause?: DnsErrorCause;
}

/**
 * Types asked below to find data beside a proposed CNAME. DNS has no reliable way to list a name's
 * types (RFC 8482 retired ANY), so the check asks for these.
 */
export const CNAME_PROBE_TYPES: readonly string[] = ["A", "AAAA", "MX", "TXT", "NS", "SOA"];

/** Types that may sit beside a CNAME (RFC 2181 §10.1, RFC 4035 §2.5: DNSSEC records). */
const BESIDE_CNAME: ReadonlySet<string> = new Set(["CNAME", "RRSIG", "NSEC", "NSEC3", "KEY", "SIG", "NXT"]);

export interface IndexedChange {
  change: DnsChange;
  index: number;
}

/** The changes at one name, by type (upper case). */
export type ChangeNode = Map<string, IndexedChange>;

/** Published (non-empty) changes of a node. */
export function published(node: ChangeNode): IndexedChange[] {
  return [...node.values()].filter((c) => c.change.records.length > 0);
}

/** The changes indexed by name and type, with the conflicts that need no DNS to see. */
export class ChangeIndex {
  readonly #nodes = new Map<string, ChangeNode>();
  /** Proper ancestors of names that get data: they exist (empty non-terminals, RFC 8020 §2). */
  readonly #ancestors = new Set<string>();
  readonly conflicts: OverlayConflict[] = [];
  /** Names with a conflict among the changes themselves. */
  readonly conflicted = new Map<string, OverlayConflict>();

  constructor(changes: readonly DnsChange[]) {
    changes.forEach((change, index) => {
      const name = normalizeName(change.name);
      const type = String(change.type).toUpperCase();
      const problem = nameProblem(name);
      if (problem !== undefined) {
        this.#add({
          kind: "invalid-name",
          name,
          types: [type],
          changes: [index],
          where: "changes",
          message: `${JSON.stringify(name)} cannot be a DNS name: ${problem}`,
        });
        return;
      }
      let node = this.#nodes.get(name);
      if (node === undefined) {
        node = new Map();
        this.#nodes.set(name, node);
      }
      const twin = node.get(type);
      if (twin !== undefined) {
        this.#add({
          kind: "duplicate",
          name,
          types: [type],
          changes: [twin.index, index],
          where: "changes",
          message: `two changes for ${name} ${type}: give the whole RRset in one change`,
        });
        return;
      }
      node.set(type, { change: { ...change, name, type, records: [...change.records] }, index });
      if (change.records.length > 0) {
        const labels = name.split(".");
        for (let i = 1; i < labels.length; i++) this.#ancestors.add(labels.slice(i).join("."));
      }
      if (type === "CNAME") this.#checkCname(name, change, index);
    });
    for (const [name, node] of this.#nodes) {
      const alias = node.get("CNAME");
      if (alias === undefined || alias.change.records.length === 0) continue;
      const others = published(node).filter((c) => !BESIDE_CNAME.has(String(c.change.type)));
      if (others.length > 0)
        this.#add({
          kind: "cname-and-other-data",
          name,
          types: ["CNAME", ...others.map((c) => String(c.change.type))],
          changes: [alias.index, ...others.map((c) => c.index)],
          where: "changes",
          message:
            `${name} gets a CNAME and other data (${others.map((c) => c.change.type).join(", ")}); ` +
            "a CNAME cannot coexist with other data (RFC 2181 §10.1)",
        });
    }
  }

  #checkCname(name: string, change: DnsChange, index: number): void {
    if (change.records.length > 1)
      this.#add({
        kind: "multiple-cname",
        name,
        types: ["CNAME"],
        changes: [index],
        where: "changes",
        message: `${name} gets ${change.records.length} CNAME records; a name has at most one (RFC 2181 §10.1)`,
      });
    const target = change.records[0];
    if (target !== undefined) {
      const problem = typeof target === "string" ? nameProblem(target) : "not a name";
      if (problem !== undefined)
        this.#add({
          kind: "invalid-name",
          name,
          types: ["CNAME"],
          changes: [index],
          where: "changes",
          message: `the CNAME target of ${name} cannot be a DNS name: ${problem}`,
        });
    }
  }

  #add(conflict: OverlayConflict): void {
    this.conflicts.push(conflict);
    if (!this.conflicted.has(conflict.name)) this.conflicted.set(conflict.name, conflict);
  }

  get size(): number {
    return this.#nodes.size;
  }

  node(name: string): ChangeNode | undefined {
    return this.#nodes.get(name);
  }

  nodes(): IterableIterator<[string, ChangeNode]> {
    return this.#nodes.entries();
  }

  /** Does a published change sit below `name` (which then exists)? */
  hasDataBelow(name: string): boolean {
    return this.#ancestors.has(name);
  }
}

/**
 * The conflicts between the changes at one name and the zone below: a proposed CNAME where the
 * zone has other data ({@link CNAME_PROBE_TYPES}) that the changes do
 * not remove, or proposed data where the zone has a CNAME the changes do not remove. Asks `ask`.
 */
export async function conflictsBelow(
  name: string,
  node: ChangeNode,
  ask: <T extends RRType>(name: string, type: T) => Promise<DnsAnswer<T>>,
): Promise<OverlayConflict[]> {
  const alias = node.get("CNAME");
  const data = published(node).filter((c) => !BESIDE_CNAME.has(String(c.change.type)));
  const unverified = (type: string, answer: DnsAnswer): OverlayConflict => {
    const conflict: OverlayConflict = {
      kind: "unverified",
      name,
      types: [type],
      changes: [...node.values()].map((c) => c.index),
      where: "below",
      status: answer.status,
      message:
        `could not check ${name} ${type} in the zone: ${answer.status}` + (answer.detail ? ` (${answer.detail})` : ""),
    };
    if (answer.cause !== undefined) conflict.cause = answer.cause;
    return conflict;
  };
  if (alias !== undefined && alias.change.records.length > 0) {
    const types = CNAME_PROBE_TYPES.filter((t) => !node.has(t));
    const answers = await Promise.all(types.map((t) => ask(name, t)));
    const found: string[] = [];
    const out: OverlayConflict[] = [];
    answers.forEach((answer, i) => {
      const type = types[i] ?? "";
      if (dnsOutcome(answer) === "unknown") out.push(unverified(type, answer));
      // Data at the name itself (not reached through an alias there, which the CNAME replaces).
      else if (answer.status === "ok" && answer.cnameChain.length === 0) found.push(type);
    });
    if (found.length > 0)
      out.unshift({
        kind: "cname-and-other-data",
        name,
        types: ["CNAME", ...found],
        changes: [alias.index],
        where: "below",
        message:
          `${name} gets a CNAME but the zone has ${found.join(", ")} there; ` +
          `remove ${found.length === 1 ? "it" : "them"} in the same change (RFC 2181 §10.1)`,
      });
    return out;
  }
  if (data.length > 0 && alias === undefined) {
    const answer = await ask(name, "CNAME");
    if (dnsOutcome(answer) === "unknown") return [unverified("CNAME", answer)];
    if (answer.status === "ok")
      return [
        {
          kind: "cname-and-other-data",
          name,
          types: ["CNAME", ...data.map((c) => String(c.change.type))],
          changes: data.map((c) => c.index),
          where: "below",
          message:
            `${name} is a CNAME in the zone; publishing ${data.map((c) => c.change.type).join(", ")} there ` +
            "needs the CNAME removed (RFC 2181 §10.1)",
        },
      ];
  }
  return [];
}

/** All conflicts of `changes`, with `below` asked for what the changes do not say (when given). */
export async function findConflicts(
  changes: readonly DnsChange[],
  below?: Resolver,
  options?: ResolveOptions,
): Promise<OverlayConflict[]> {
  const index = new ChangeIndex(changes);
  const out = [...index.conflicts];
  if (below === undefined) return out;
  const ask = <T extends RRType>(n: string, t: T) => resolveSafely(below, n, t, options);
  for (const [name, node] of index.nodes()) {
    if (index.conflicted.has(name)) continue;
    out.push(...(await conflictsBelow(name, node, ask)));
  }
  return out;
}
