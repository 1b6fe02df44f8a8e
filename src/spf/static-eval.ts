/**
 * check_host() answered from an analysis instead of DNS: the same rules as check-domain.ts (first
 * match, include/redirect mapping, §4.6.4 counters per client), over the answers the analysis
 * gathered. Where the tree is dynamic (macros, ptr) or an answer is missing, it says so, and the
 * caller falls back to checkHost().
 */
import { ipv4PrefixMatch, ipv6PrefixMatch, type ParsedIp } from "../common/cidr.ts";
import { normalizeName } from "../dns/names.ts";
import type { MxRecord } from "../dns/types.ts";
import type { SpfAnalysis, SpfTermAnalysis, SpfTreeNode } from "./analysis-types.ts";
import { ipv4Records, ipv6Records } from "./evaluation.ts";
import type { ResolvedLimits } from "./limits.ts";
import { type CompiledRecord, compileRecord } from "./parse.ts";
import type { CompiledMechanism } from "./parse-term.ts";
import { sortedExchanges } from "./record.ts";
import type { SpfDnsEvidence, SpfMatch, SpfProblem, SpfResult } from "./types.ts";

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

class Stop {
  readonly result: "permerror" | "temperror";
  readonly problem: SpfProblem;
  constructor(result: "permerror" | "temperror", problem: SpfProblem) {
    this.result = result;
    this.problem = problem;
  }
}

const compiledNodes = new WeakMap<SpfTreeNode, Map<number, CompiledMechanism>>();
const answerMaps = new WeakMap<SpfAnalysis, Map<string, SpfDnsEvidence>>();

/** The analysis' answers by "name|TYPE". */
export function answerMap(analysis: SpfAnalysis): Map<string, SpfDnsEvidence> {
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
  lookups = 0;
  voids = 0;
  readonly #ip: ParsedIp;
  readonly #limits: ResolvedLimits;
  readonly #answers: Map<string, SpfDnsEvidence>;
  /** The expanded node of each domain, to follow a loop the way a receiver does (round and round until a limit). */
  readonly #expanded = new Map<string, SpfTreeNode>();

  constructor(ip: ParsedIp, limits: ResolvedLimits, answers: Map<string, SpfDnsEvidence>) {
    this.#ip = ip;
    this.#limits = limits;
    this.#answers = answers;
  }

  #answer(name: string, type: string): SpfDnsEvidence {
    const e = this.#answers.get(`${normalizeName(name)}|${type}`);
    if (e === undefined) throw new Dynamic(`the analysis has no ${type} answer for ${name}`);
    return e;
  }

  #count(node: SpfTreeNode, t: SpfTermAnalysis): void {
    this.lookups++;
    if (this.lookups > this.#limits.maxDnsLookups) {
      throw new Stop("permerror", {
        code: "lookup-limit",
        message: `more than ${this.#limits.maxDnsLookups} DNS-querying terms: "${t.term.text}" in ${node.domain} is number ${this.lookups}`,
        domain: node.domain,
        term: t.term.text,
        rfc: "RFC 7208 §4.6.4",
      });
    }
  }

  #void(node: SpfTreeNode, t: SpfTermAnalysis, e: SpfDnsEvidence): boolean {
    if (e.status !== "nxdomain" && e.status !== "nodata") return false;
    this.voids++;
    if (this.voids > this.#limits.maxVoidLookups) {
      throw new Stop("permerror", {
        code: "void-lookup-limit",
        message: `more than ${this.#limits.maxVoidLookups} void lookups: "${t.term.text}" in ${node.domain} found nothing at ${e.name}`,
        domain: node.domain,
        term: t.term.text,
        rfc: "RFC 7208 §4.6.4",
      });
    }
    return true;
  }

  #failed(node: SpfTreeNode, t: SpfTermAnalysis, e: SpfDnsEvidence): Stop {
    return new Stop("temperror", {
      code: "dns-error",
      message: `${e.type} lookup of ${e.name} failed: ${e.status}`,
      domain: node.domain,
      term: t.term.text,
      rfc: "RFC 7208 §5",
    });
  }

  #matchAddresses(e: SpfDnsEvidence, mech: CompiledMechanism): boolean {
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
        throw new Stop(
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
        throw new Stop(
          "permerror",
          node.problem ?? { code: node.status, message: node.status, domain: node.domain, rfc: "RFC 7208 §4.5" },
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
    this.#count(node, redirect);
    if (redirect.dynamic !== undefined) throw new Dynamic(`redirect of ${node.domain}: ${redirect.dynamic}`);
    if (redirect.child === undefined) throw new Dynamic(`redirect of ${node.domain} was not expanded`);
    const sub = this.node(redirect.child);
    if (sub.result === "none")
      throw new Stop("permerror", {
        code: "redirect-none",
        message: `redirect=${redirect.child.domain}: no SPF record`,
        domain: node.domain,
        term: redirect.term.text,
        rfc: "RFC 7208 §6.1",
      });
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
    this.#count(node, t);
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
        if (e.records.length > this.#limits.maxMxNames) {
          throw new Stop("permerror", {
            code: "mx-limit",
            message: `${target} has ${e.records.length} MX records`,
            domain: node.domain,
            term: t.term.text,
            rfc: "RFC 7208 §4.6.4",
          });
        }
        for (const host of sortedExchanges(e.records as MxRecord[])) {
          const a = this.#answer(host, type);
          if (a.status === "nxdomain" || a.status === "nodata") continue;
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
        if (sub.result === "none")
          throw new Stop("permerror", {
            code: "include-none",
            message: `include:${t.child.domain}: no SPF record`,
            domain: node.domain,
            term: t.term.text,
            rfc: "RFC 7208 §5.2",
          });
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
  try {
    const outcome = ev.node(analysis.root);
    return { kind: "result", ...outcome, dnsLookups: ev.lookups, voidLookups: ev.voids };
  } catch (error) {
    if (error instanceof Dynamic)
      return { kind: "dynamic", reason: error.reason, dnsLookups: ev.lookups, voidLookups: ev.voids };
    if (error instanceof Stop)
      return {
        kind: "result",
        result: error.result,
        problem: error.problem,
        dnsLookups: ev.lookups,
        voidLookups: ev.voids,
      };
    throw error;
  }
}
