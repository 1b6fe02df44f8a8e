/**
 * Runs of consecutive all/ip4/ip6 mechanisms (most of every provider's record), compiled once per
 * record into sorted segments that give, for any client address, the first mechanism of the run
 * that matches it (RFC 7208 §4.6.2: left to right, the first match wins; §5.1, §5.6). A check then
 * costs one binary search per run instead of one comparison per term, and its trace steps are
 * made once and shared.
 */
import { ipv4PrefixMatch, ipv6PrefixMatch, type ParsedIp } from "../common/cidr.ts";
import type { CompiledRecord } from "./parse.ts";
import type { CompiledMechanism } from "./parse-term.ts";
import type { SpfTraceStep } from "./types.ts";

/** Segment k covers [bounds[k], bounds[k + 1]); `first[k]` is the first matching mechanism index, or -1. */
interface Segments<T> {
  bounds: T[];
  first: Int32Array;
}

/** The trace steps of a run for one domain, depth and client family (shared, frozen). */
interface RunSteps {
  domain: string;
  depth: number;
  family: 4 | 6;
  noMatch: Readonly<SpfTraceStep>[];
  match: (Readonly<SpfTraceStep> | undefined)[];
}

/** A run of inline mechanisms: indices [start, end) of the record's mechanisms. */
export interface IpRun {
  start: number;
  end: number;
  v4: Segments<number>;
  v6: Segments<bigint>;
  steps: RunSteps[];
}

const inline = (m: CompiledMechanism) =>
  m.term.mechanism === "all" || m.term.mechanism === "ip4" || m.term.mechanism === "ip6";

/** True for the mechanisms a run is made of. */
export function isInline(m: CompiledMechanism): boolean {
  return inline(m);
}

function segments<T extends number | bigint>(
  intervals: { from: T; to: T; index: number }[],
  zero: T,
  next: (v: T) => T,
): Segments<T> {
  const points = new Set<T>([zero]);
  for (const iv of intervals) {
    points.add(iv.from);
    points.add(next(iv.to));
  }
  const bounds = [...points].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const first = new Int32Array(bounds.length).fill(-1);
  for (const [k, b] of bounds.entries()) {
    for (const iv of intervals) {
      if (iv.from <= b && b <= iv.to) {
        first[k] = iv.index;
        break; // intervals are in mechanism order
      }
    }
  }
  return { bounds, first };
}

function build(record: CompiledRecord, start: number): IpRun {
  const mechanisms = record.mechanisms;
  let end = start;
  while (end < mechanisms.length && inline(mechanisms[end] as CompiledMechanism)) end++;
  const v4: { from: number; to: number; index: number }[] = [];
  const v6: { from: bigint; to: bigint; index: number }[] = [];
  for (let i = start; i < end; i++) {
    const m = mechanisms[i] as CompiledMechanism;
    if (m.term.mechanism === "all") {
      v4.push({ from: 0, to: 0xffffffff, index: i });
      v6.push({ from: 0n, to: (1n << 128n) - 1n, index: i });
    } else if (m.term.mechanism === "ip4") {
      const size = 2 ** (32 - m.cidr4);
      const from = Math.floor((m.ip4 as number) / size) * size;
      v4.push({ from, to: from + size - 1, index: i });
    } else {
      const size = 1n << BigInt(128 - m.cidr6);
      const from = ((m.ip6 as bigint) / size) * size;
      v6.push({ from, to: from + size - 1n, index: i });
    }
  }
  return { start, end, v4: segments(v4, 0, (v) => v + 1), v6: segments(v6, 0n, (v) => v + 1n), steps: [] };
}

const runsOf = new WeakMap<CompiledRecord, (IpRun | undefined)[]>();

/** The run starting at mechanism `start` (built on first use, kept with the compiled record). */
export function runAt(record: CompiledRecord, start: number): IpRun {
  let runs = runsOf.get(record);
  if (runs === undefined) {
    runs = [];
    runsOf.set(record, runs);
  }
  return (runs[start] ??= build(record, start));
}

// Two copies on purpose: one for numbers, one for bigints, so that each comparison stays monomorphic.
function search4(s: Segments<number>, value: number): number {
  const bounds = s.bounds;
  let lo = 0;
  let hi = bounds.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((bounds[mid] as number) <= value) lo = mid;
    else hi = mid - 1;
  }
  return s.first[lo] as number;
}

function search6(s: Segments<bigint>, value: bigint): number {
  const bounds = s.bounds;
  let lo = 0;
  let hi = bounds.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((bounds[mid] as bigint) <= value) lo = mid;
    else hi = mid - 1;
  }
  return s.first[lo] as number;
}

/** The index of the first mechanism of the run that matches the client, or -1. */
export function firstMatch(run: IpRun, ip: ParsedIp): number {
  return ip.family === 4 ? search4(run.v4, ip.value) : search6(run.v6, ip.value);
}

function reason(m: CompiledMechanism, family: 4 | 6, match: boolean): string {
  const name = m.term.mechanism;
  if (name === "all") return "all always matches";
  if (name === "ip4" && family !== 4) return "the client is IPv6; ip4 applies to IPv4 clients only (§5.6)";
  if (name === "ip6" && family !== 6) return "the client is IPv4; ip6 applies to IPv6 clients only (§5.6)";
  const network = `${m.term.network}/${name === "ip4" ? m.cidr4 : m.cidr6}`;
  return match ? `the client is in ${network}` : `the client is not in ${network}`;
}

function step(
  m: CompiledMechanism,
  domain: string,
  depth: number,
  family: 4 | 6,
  match: boolean,
): Readonly<SpfTraceStep> {
  return Object.freeze(inlineStep(m, domain, depth, family, match));
}

/** The trace step of one all/ip4/ip6 term. */
export function inlineStep(
  m: CompiledMechanism,
  domain: string,
  depth: number,
  family: 4 | 6,
  match: boolean,
): SpfTraceStep {
  return {
    step: "term",
    domain,
    depth,
    term: m.term.text,
    position: m.term.position,
    outcome: match ? "match" : "no-match",
    reason: reason(m, family, match),
  };
}

/** Whether one all/ip4/ip6 term matches the client (§5.1, §5.6); an IPv4 client never matches ip6 and vice versa. */
export function matchesInline(ip: ParsedIp, m: CompiledMechanism): boolean {
  switch (m.term.mechanism) {
    case "all":
      return true;
    case "ip4":
      return ip.family === 4 && ipv4PrefixMatch(m.ip4 as number, ip.value, m.cidr4);
    default:
      return ip.family === 6 && ipv6PrefixMatch(m.ip6 as bigint, ip.value, m.cidr6);
  }
}

/**
 * Appends the trace steps of the run's mechanisms from `start` up to the one that matched (or to
 * the end of the run), and returns that mechanism's index or -1.
 */
export function traceRun(
  run: IpRun,
  record: CompiledRecord,
  trace: SpfTraceStep[],
  ip: ParsedIp,
  domain: string,
  depth: number,
): number {
  const hit = firstMatch(run, ip);
  const family = ip.family;
  let steps: RunSteps | undefined;
  for (const s of run.steps) {
    if (s.family === family && s.depth === depth && s.domain === domain) {
      steps = s;
      break;
    }
  }
  if (steps === undefined) {
    const noMatch: Readonly<SpfTraceStep>[] = [];
    for (let i = run.start; i < run.end; i++)
      noMatch.push(step(record.mechanisms[i] as CompiledMechanism, domain, depth, family, false));
    steps = { domain, depth, family, noMatch, match: [] };
    if (run.steps.length < 16) run.steps.push(steps);
  }
  const last = hit < 0 ? run.end : hit;
  for (let i = run.start; i < last; i++) trace.push(steps.noMatch[i - run.start] as Readonly<SpfTraceStep>);
  if (hit >= 0)
    trace.push(
      (steps.match[hit - run.start] ??= step(record.mechanisms[hit] as CompiledMechanism, domain, depth, family, true)),
    );
  return hit;
}
