/**
 * check_host() answered from an analysis instead of DNS: the same rules as check-domain.ts (first
 * match, include/redirect mapping), over the answers the analysis gathered, with the same §4.6.4
 * counters ({@link LookupCounters}) and the same stops (stops.ts) as checkHost(). Where the tree is
 * dynamic (macros, ptr) or an answer is missing, it says so, and the caller falls back to
 * checkHost().
 */
import { ipv4PrefixMatch, ipv6PrefixMatch, type ParsedIp } from "../common/cidr.ts";
import type { DnsEvidence } from "../dns/evidence.ts";
import { normalizeName } from "../dns/names.ts";
import type { SpfAnalysis, SpfTermAnalysis, SpfTreeNode } from "./analysis-types.ts";
import { ipv4Records, ipv6Records } from "./evaluation.ts";
import { mxRecordsOf } from "./evidence-answer.ts";
import { LookupCounters, type ResolvedLimits, SpfStop } from "./limits.ts";
import { type CompiledRecord, compileRecord } from "./parse.ts";
import type { CompiledMechanism } from "./parse-term.ts";
import { sortedExchanges } from "./record.ts";
import { dnsFailure, includeNone, isVoidStatus, mxLimit, redirectNone } from "./stops.ts";
import type { SpfMatch, SpfProblem, SpfResult } from "./types.ts";

/** The outcome of a static evaluation. */
export type StaticOutcome =
  | { kind: "result"; result: SpfResult; matched?: SpfMatch; problem?: SpfProblem }
  | { kind: "dynamic"; reason: string };

class Dynamic {
  readonly reason: string;
  constructor(reason: string) {
    this.reason = reason;
  }
}

const compiledNodes = new WeakMap<SpfTreeNode, Map<number, CompiledMechanism>>();
const answerMaps = new WeakMap<SpfAnalysis, Map<string, DnsEvidence>>();

/** The analysis' answers by "name|TYPE". */
export function answerMap(analysis: SpfAnalysis): Map<string, DnsEvidence> {
  let map = answerMaps.get(analysis);
  if (map === undefined) {
    map = new Map(analysis.dns.map((e) => [`${e.name}|${e.type}`, e] as const));
    answerMaps.set(analysis, map);
  }
  return map;
}

function mechanismsOf(node: SpfTreeNode): Map<number, CompiledMechanism> {
  let map = compiledNodes.get(node);
  if (map === undefined) {
    const compiled: CompiledRecord = compileRecord(node.record ?? "");
    map = new Map(compiled.mechanisms.map((m) => [m.term.position, m] as const));
    compiledNodes.set(node, map);
  }
  return map;
}

type Outcome = { result: SpfResult; matched?: SpfMatch; problem?: SpfProblem };

class StaticEvaluation {
  readonly counters: LookupCounters;
  readonly #ip: ParsedIp;
  readonly #limits: ResolvedLimits;
  readonly #answers: Map<string, DnsEvidence>;
  /** The expanded node of each domain, to follow a loop the way a receiver does (round and round until a limit). */
  readonly #expanded = new Map<string, SpfTreeNode>();

  constructor(ip: ParsedIp, limits: ResolvedLimits, answers: Map<string, DnsEvidence>) {
    this.#ip = ip;
    this.#limits = limits;
    this.#answers = answers;
    this.counters = new LookupCounters(limits);
  }

  #answer(name: string, type: string): DnsEvidence {
    const e = this.#answers.get(`${normalizeName(name)}|${type}`);
    if (e === undefined) throw new Dynamic(`the analysis has no ${type} answer for ${name}`);
    return e;
  }

  /** A void answer counts (and may stop, §4.6.4) as checkHost() counts it; true when void. */
  #void(node: SpfTreeNode, t: SpfTermAnalysis, e: DnsEvidence): boolean {
    if (!isVoidStatus(e.status)) return false;
    this.counters.countVoid(node.domain, t.term.text, e.name);
    return true;
  }

  #failed(node: SpfTreeNode, t: SpfTermAnalysis, e: DnsEvidence): SpfStop {
    return dnsFailure({ type: e.type, name: e.name, status: e.status, detail: e.note }, node.domain, t.term.text);
  }

  #matchAddresses(e: DnsEvidence, mech: CompiledMechanism): boolean {
    const ip = this.#ip;
    if (ip.family === 4) return ipv4Records(e.records).some((v) => ipv4PrefixMatch(v, ip.value, mech.cidr4));
    return ipv6Records(e.records).some((v) => ipv6PrefixMatch(v, ip.value, mech.cidr6));
  }

  node(node: SpfTreeNode): Outcome {
    switch (node.status) {
      case "loop": {
        const again = this.#expanded.get(node.domain);
        if (again === undefined) throw new Dynamic(`loop at ${node.domain} without its expanded record`);
        return this.node(again);
      }
      case "not-expanded":
        throw new Dynamic(`the analysis did not expand ${node.domain}`);
      case "malformed":
      case "none":
        return { result: "none", ...(node.problem ? { problem: node.problem } : {}) };
      case "temperror":
        throw new SpfStop(
          "temperror",
          node.problem ?? {
            code: "dns-error",
            message: "TXT lookup failed",
            domain: node.domain,
            rfc: "RFC 7208 §4.4",
          },
        );
      case "multiple":
      case "syntax-error":
        throw new SpfStop(
          "permerror",
          node.problem ?? {
            code: node.status === "multiple" ? "multiple-records" : "syntax-error",
            message: node.status,
            domain: node.domain,
            rfc: node.status === "multiple" ? "RFC 7208 §4.5" : "RFC 7208 §4.6",
          },
        );
      case "ok":
        break;
    }
    if (!this.#expanded.has(node.domain)) this.#expanded.set(node.domain, node);
    const mechanisms = mechanismsOf(node);
    for (const t of node.terms) {
      if (t.term.kind !== "mechanism") continue;
      const mech = mechanisms.get(t.term.position);
      if (mech === undefined) throw new Dynamic(`term ${t.term.text} of ${node.domain} could not be recompiled`);
      const hit = this.#term(node, t, mech);
      if (hit === false) continue;
      const matched: SpfMatch = { term: t.term.text, domain: node.domain, position: t.term.position };
      if (hit !== true) matched.via = hit;
      return { result: mech.result, matched };
    }
    const redirect = node.terms.find((t) => t.term.kind === "modifier" && t.term.name === "redirect" && t.reachable);
    if (redirect === undefined) return { result: "neutral" };
    this.counters.countTerm(node.domain, redirect.term.text);
    if (redirect.dynamic !== undefined) throw new Dynamic(`redirect of ${node.domain}: ${redirect.dynamic}`);
    if (redirect.child === undefined) throw new Dynamic(`redirect of ${node.domain} was not expanded`);
    const sub = this.node(redirect.child);
    if (sub.result === "none")
      throw redirectNone(redirect.child.domain, node.domain, redirect.term.text, sub.problem?.message);
    return sub;
  }

  /** true / false for a match, or the `via` list of a matching include. */
  #term(node: SpfTreeNode, t: SpfTermAnalysis, mech: CompiledMechanism): boolean | SpfMatch["via"] {
    const ip = this.#ip;
    switch (mech.term.mechanism) {
      case "all":
        return true;
      case "ip4":
        return ip.family === 4 && ipv4PrefixMatch(mech.ip4 as number, ip.value, mech.cidr4);
      case "ip6":
        return ip.family === 6 && ipv6PrefixMatch(mech.ip6 as bigint, ip.value, mech.cidr6);
      default:
        break;
    }
    this.counters.countTerm(node.domain, t.term.text);
    if (t.dynamic !== undefined) throw new Dynamic(`${t.term.text} in ${node.domain}: ${t.dynamic}`);
    if (t.problem?.code === "malformed-target") return false;
    const target = t.target ?? node.domain;
    const type = ip.family === 4 ? "A" : "AAAA";
    switch (mech.term.mechanism) {
      case "a": {
        const e = this.#answer(target, type);
        if (this.#void(node, t, e)) return false;
        if (e.status !== "ok") throw this.#failed(node, t, e);
        return this.#matchAddresses(e, mech);
      }
      case "exists": {
        const e = this.#answer(target, "A");
        if (this.#void(node, t, e)) return false;
        if (e.status !== "ok") throw this.#failed(node, t, e);
        return true;
      }
      case "mx": {
        const e = this.#answer(target, "MX");
        if (this.#void(node, t, e)) return false;
        if (e.status !== "ok") throw this.#failed(node, t, e);
        const max = this.#limits.maxMxNames;
        if (e.records.length > max) throw mxLimit(target, e.records.length, max, node.domain, t.term.text);
        for (const host of sortedExchanges(mxRecordsOf(e))) {
          const a = this.#answer(host, type);
          // Address lookups of MX hosts are not terms: their empty answers are not void lookups.
          if (isVoidStatus(a.status)) continue;
          if (a.status !== "ok") throw this.#failed(node, t, a);
          if (this.#matchAddresses(a, mech)) return true;
        }
        return false;
      }
      case "include": {
        if (t.child === undefined) throw new Dynamic(`${t.term.text} in ${node.domain} was not expanded`);
        const sub = this.node(t.child);
        if (sub.result === "pass") {
          const inner = sub.matched;
          return inner === undefined
            ? []
            : [{ term: inner.term, domain: inner.domain, position: inner.position }, ...(inner.via ?? [])];
        }
        if (sub.result === "none") throw includeNone(t.child.domain, node.domain, t.term.text, sub.problem?.message);
        return false;
      }
      default:
        throw new Dynamic(`${t.term.text}: ptr depends on the client's PTR records`);
    }
  }
}

/** Evaluates an analysis for one client address (IPv4-mapped already converted). */
export function evaluateStatically(
  analysis: SpfAnalysis,
  ip: ParsedIp,
  limits: ResolvedLimits,
): StaticOutcome & { dnsLookups: number; voidLookups: number } {
  const ev = new StaticEvaluation(ip, limits, answerMap(analysis));
  const counted = () => ({ dnsLookups: ev.counters.lookups, voidLookups: ev.counters.voids });
  try {
    const outcome = ev.node(analysis.root);
    return { kind: "result", ...outcome, ...counted() };
  } catch (error) {
    if (error instanceof Dynamic) return { kind: "dynamic", reason: error.reason, ...counted() };
    if (error instanceof SpfStop) return { kind: "result", result: error.result, problem: error.problem, ...counted() };
    throw error;
  }
}
