/**
 * Sets of addresses of one family as sorted, disjoint, non-adjacent ranges, with union, difference
 * and conversion to the shortest list of CIDR networks. Used to merge the networks an SPF tree
 * authorises and to tell which terms are covered by earlier ones.
 */
import { type Cidr, cidrRange, familyBits, familyMax, formatCidr, type IpFamily, makeCidr, parseCidr } from "./cidr.ts";

/** An inclusive range of addresses. */
export type IpRange = readonly [start: bigint, end: bigint];

/** A set of addresses of one family: sorted, disjoint, non-adjacent ranges. Treat as immutable. */
export interface IpSet {
  family: IpFamily;
  ranges: readonly IpRange[];
}

/** The empty set of a family. */
export function emptySet(family: IpFamily): IpSet {
  return { family, ranges: [] };
}

/** Every address of a family. */
export function fullSet(family: IpFamily): IpSet {
  return { family, ranges: [[0n, familyMax(family)]] };
}

/** Normalises arbitrary ranges: sorted, merged where they overlap or touch. */
function normalise(family: IpFamily, ranges: IpRange[]): IpSet {
  if (ranges.length <= 1) return { family, ranges };
  const sorted = [...ranges].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const out: [bigint, bigint][] = [];
  for (const [s, e] of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && s <= last[1] + 1n) {
      if (e > last[1]) last[1] = e;
    } else {
      out.push([s, e]);
    }
  }
  return { family, ranges: out };
}

/** The set of the given networks (of `family`; others are ignored). */
export function setFromCidrs(family: IpFamily, cidrs: readonly Cidr[]): IpSet {
  return normalise(
    family,
    cidrs.filter((c) => c.family === family).map((c) => cidrRange(c)),
  );
}

/** Union of two sets of the same family (a linear merge of the sorted ranges). */
export function union(a: IpSet, b: IpSet): IpSet {
  if (a.ranges.length === 0) return b;
  if (b.ranges.length === 0) return a;
  const out: [bigint, bigint][] = [];
  let i = 0;
  let j = 0;
  while (i < a.ranges.length || j < b.ranges.length) {
    const x = a.ranges[i];
    const y = b.ranges[j];
    const takeA = y === undefined || (x !== undefined && x[0] <= y[0]);
    const next = takeA ? (x as IpRange) : y;
    if (takeA) i++;
    else j++;
    const last = out[out.length - 1];
    if (last !== undefined && next[0] <= last[1] + 1n) {
      if (next[1] > last[1]) last[1] = next[1];
    } else {
      out.push([next[0], next[1]]);
    }
  }
  return { family: a.family, ranges: out };
}

/** The addresses of `a` that are not in `b`. */
export function difference(a: IpSet, b: IpSet): IpSet {
  if (a.ranges.length === 0 || b.ranges.length === 0) return a;
  const out: IpRange[] = [];
  let j = 0;
  for (const [start, end] of a.ranges) {
    let s = start;
    while (j < b.ranges.length && (b.ranges[j] as IpRange)[1] < s) j++;
    let k = j;
    let alive = true;
    while (k < b.ranges.length) {
      const [bs, be] = b.ranges[k] as IpRange;
      if (bs > end) break;
      if (bs > s) out.push([s, bs - 1n]);
      if (be >= end) {
        alive = false;
        break;
      }
      s = be + 1n;
      k++;
    }
    if (alive && s <= end) out.push([s, end]);
  }
  return { family: a.family, ranges: out };
}

/** The addresses in both sets (a two-pointer walk of the sorted ranges). */
export function intersection(a: IpSet, b: IpSet): IpSet {
  if (a.ranges.length === 0) return a;
  if (b.ranges.length === 0) return b;
  const out: IpRange[] = [];
  let i = 0;
  let j = 0;
  while (i < a.ranges.length && j < b.ranges.length) {
    const [as, ae] = a.ranges[i] as IpRange;
    const [bs, be] = b.ranges[j] as IpRange;
    const s = as > bs ? as : bs;
    const e = ae < be ? ae : be;
    if (s <= e) out.push([s, e]);
    if (ae < be) i++;
    else j++;
  }
  return { family: a.family, ranges: out };
}

/** Is the set empty? */
export function isEmpty(set: IpSet): boolean {
  return set.ranges.length === 0;
}

/** Is every address of `a` in `b`? */
export function isSubset(a: IpSet, b: IpSet): boolean {
  return isEmpty(difference(a, b));
}

/** Does the set contain the address? (binary search) */
export function setContains(set: IpSet, address: bigint): boolean {
  let lo = 0;
  let hi = set.ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [s, e] = set.ranges[mid] as IpRange;
    if (address < s) hi = mid - 1;
    else if (address > e) lo = mid + 1;
    else return true;
  }
  return false;
}

/** Counts the trailing zero bits of a non-negative bigint (`limit` for zero). */
function trailingZeros(value: bigint, limit: number): number {
  if (value === 0n) return limit;
  // The lowest set bit alone, then its position.
  return (value & -value).toString(2).length - 1;
}

/** The shortest list of networks that covers exactly the set, in address order. */
export function setToCidrs(set: IpSet): Cidr[] {
  const bits = familyBits(set.family);
  const out: Cidr[] = [];
  for (const [start, end] of set.ranges) {
    let s = start;
    while (s <= end) {
      // The largest aligned block starting at s that fits before end.
      let size = trailingZeros(s, bits);
      while (size > 0 && s + (1n << BigInt(size)) - 1n > end) size--;
      out.push(makeCidr(set.family, s, bits - size));
      s += 1n << BigInt(size);
    }
  }
  return out;
}

/** Merges networks given as text (`192.0.2.0/25`, `2001:db8::/32`, bare addresses) into the shortest sorted list per family. Malformed entries are skipped. */
export function mergeCidrs(networks: readonly string[]): { ipv4: string[]; ipv6: string[] } {
  const parsed = networks.map((n) => parseCidr(n)).filter((c): c is Cidr => c !== undefined);
  return {
    ipv4: setToCidrs(setFromCidrs(4, parsed)).map(formatCidr),
    ipv6: setToCidrs(setFromCidrs(6, parsed)).map(formatCidr),
  };
}

/** The set as CIDR text. */
export function setToStrings(set: IpSet): string[] {
  return setToCidrs(set).map(formatCidr);
}
