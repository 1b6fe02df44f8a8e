/**
 * The networks an SPF tree gives each result, first match winning (RFC 7208 §4.6.2), includes
 * resolved (§5.2: only the included record's "pass" matches), redirects followed (§6.1), as sets
 * per address family. Also marks the terms that can never match because earlier terms of the
 * same record already decide every address they cover.
 */
import { type IpFamily, parseCidr } from "../common/cidr.ts";
import {
  difference,
  emptySet,
  fullSet,
  type IpSet,
  intersection,
  isEmpty,
  setFromCidrs,
  setToStrings,
  union,
} from "../common/ip-set.ts";
import type { SpfAnalysis, SpfTermAnalysis, SpfTreeNode } from "./analysis-types.ts";

type Decided = "pass" | "fail" | "softfail" | "neutral";
const QUALIFIED: Record<string, Decided> = { "+": "pass", "-": "fail", "~": "softfail", "?": "neutral" };

/** A record's outcome per address set, for one family. */
interface NodeSets {
  results: Record<Decided, IpSet>;
  /** Addresses no term matched (default result or a redirect's). */
  rest: IpSet;
  /** What the record's "all" caught, and its result. */
  allCatch?: { result: Decided; set: IpSet };
  /** Does the record (or a record below it) have a dynamic term? */
  dynamic: boolean;
}

/** Per term and family: did the term match addresses nothing earlier decided? */
type TermFate = "effective" | "shadowed" | "empty";

/**
 * Records made only of all/ip4/ip6 (most provider records) give the same sets wherever they
 * appear: computed once per record text and family. Treat the shared sets as immutable.
 */
const PURE = new Map<string, { sets: NodeSets; fates: (TermFate | undefined)[] }>();
const PURE_SIZE = 2_000;

function pureKey(node: SpfTreeNode, family: IpFamily): string | undefined {
  if (node.status !== "ok" || node.record === undefined) return undefined;
  for (const t of node.terms) {
    if (t.term.kind === "modifier") {
      if (t.term.name === "redirect") return undefined;
    } else if (t.term.mechanism !== "all" && t.term.mechanism !== "ip4" && t.term.mechanism !== "ip6") {
      return undefined;
    }
  }
  return `${family}|${node.record}`;
}

class NetworkWalk {
  readonly #family: IpFamily;
  readonly #memo = new Map<SpfTreeNode, NodeSets>();
  readonly fates = new Map<SpfTermAnalysis, TermFate>();

  constructor(family: IpFamily) {
    this.#family = family;
  }

  #termSet(t: SpfTermAnalysis): { set: IpSet; dynamic: boolean } | undefined {
    if (t.dynamic !== undefined) return undefined;
    const term = t.term;
    if (term.kind !== "mechanism") return undefined;
    if (term.mechanism === "all") return { set: fullSet(this.#family), dynamic: false };
    if (term.mechanism === "include") {
      if (t.child === undefined) return { set: emptySet(this.#family), dynamic: false };
      const sub = this.node(t.child);
      return { set: sub.results.pass, dynamic: sub.dynamic };
    }
    const list = this.#family === 4 ? t.networks?.ipv4 : t.networks?.ipv6;
    const cidrs = (list ?? []).map((n) => parseCidr(n)).filter((c) => c !== undefined);
    return { set: setFromCidrs(this.#family, cidrs), dynamic: false };
  }

  /** The partition of every address by one record (memoised per node, and per record text for records of all/ip4/ip6 only). */
  node(node: SpfTreeNode): NodeSets {
    const memo = this.#memo.get(node);
    if (memo !== undefined) return memo;
    const key = pureKey(node, this.#family);
    const shared = key === undefined ? undefined : PURE.get(key);
    if (shared !== undefined) {
      shared.fates.forEach((fate, i) => {
        const t = node.terms[i];
        if (fate !== undefined && t !== undefined) this.fates.set(t, fate);
      });
      this.#memo.set(node, shared.sets);
      return shared.sets;
    }
    const out = this.#compute(node);
    if (key !== undefined) {
      if (PURE.size >= PURE_SIZE) PURE.clear();
      PURE.set(key, { sets: out, fates: node.terms.map((t) => this.fates.get(t)) });
    }
    return out;
  }

  #compute(node: SpfTreeNode): NodeSets {
    const empty = emptySet(this.#family);
    const out: NodeSets = {
      results: { pass: empty, fail: empty, softfail: empty, neutral: empty },
      rest: fullSet(this.#family),
      dynamic: false,
    };
    this.#memo.set(node, out); // loops see an empty record
    for (const t of node.terms) {
      if (!t.reachable) continue;
      if (t.term.kind === "modifier") {
        if (t.term.name !== "redirect") continue;
        if (t.dynamic !== undefined) {
          out.dynamic = true;
          continue;
        }
        if (t.child === undefined) continue;
        const sub = this.node(t.child);
        out.dynamic ||= sub.dynamic;
        for (const r of Object.keys(out.results) as Decided[])
          out.results[r] = union(out.results[r], intersection(sub.results[r], out.rest));
        if (sub.allCatch !== undefined)
          out.allCatch = { result: sub.allCatch.result, set: intersection(sub.allCatch.set, out.rest) };
        out.rest = intersection(out.rest, sub.rest);
        continue;
      }
      const found = this.#termSet(t);
      if (found === undefined) {
        out.dynamic = true;
        continue;
      }
      out.dynamic ||= found.dynamic;
      const effective = intersection(found.set, out.rest);
      this.fates.set(t, isEmpty(found.set) ? "empty" : isEmpty(effective) ? "shadowed" : "effective");
      const result = QUALIFIED[t.term.qualifier] as Decided;
      out.results[result] = union(out.results[result], effective);
      out.rest = difference(out.rest, effective);
      if (t.term.mechanism === "all") out.allCatch = { result, set: effective };
    }
    return out;
  }
}

/** The networks of an analysis, and marks on the terms that can never match. */
export function computeNetworks(root: SpfTreeNode): SpfAnalysis["networks"] {
  const walks = [new NetworkWalk(4), new NetworkWalk(6)] as const;
  const sets = walks.map((w) => w.node(root));
  const otherwise: Decided = sets[0]?.allCatch?.result ?? "neutral";
  const lists = (r: Decided) => {
    const [v4, v6] = sets.map((s) =>
      s.allCatch !== undefined && s.allCatch.result === r ? difference(s.results[r], s.allCatch.set) : s.results[r],
    );
    return { ipv4: setToStrings(v4 as IpSet), ipv6: setToStrings(v6 as IpSet) };
  };
  markNeverMatching(walks);
  return {
    pass: lists("pass"),
    fail: lists("fail"),
    softfail: lists("softfail"),
    neutral: lists("neutral"),
    otherwise,
  };
}

/** A term covered by earlier terms in both families (where it has addresses) never matches. */
function markNeverMatching(walks: readonly [NetworkWalk, NetworkWalk]): void {
  const [w4, w6] = walks;
  for (const [t, fate4] of w4.fates) {
    if (t.neverMatches !== undefined) continue;
    const fate6 = w6.fates.get(t);
    const fates = [fate4, fate6].filter((f) => f !== undefined && f !== "empty");
    if (fates.length > 0 && fates.every((f) => f === "shadowed")) {
      t.neverMatches = "every address it covers is already decided by earlier terms of the record";
    }
  }
}
