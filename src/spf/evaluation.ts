/**
 * The state of one check_host() evaluation (RFC 7208 §4): the client, the §4.6.4 counters, the
 * trace, and the one way DNS is asked (memoised per evaluation, bounded in time).
 */
import { formatIPv4, formatIPv6, type ParsedIp, parseIPv4, parseIPv6 } from "../common/cidr.ts";
import { resolveSafely } from "../dns/answer.ts";
import { evidenceOf } from "../dns/evidence.ts";
import { nameProblem, normalizeName, reverseName } from "../dns/names.ts";
import type { DnsAnswer, Resolver, RRType } from "../dns/types.ts";
import type { SpfCache } from "./cache.ts";
import { Stopper } from "./deadline.ts";
import type { CompiledDomainSpec } from "./domain-spec.ts";
import { LookupCounters, type ResolvedLimits, SpfStop } from "./limits.ts";
import { expandTokens, type MacroValues, toTargetName } from "./macro.ts";
import type { Maybe } from "./maybe.ts";
import { type CompiledRecord, compileRecord } from "./parse.ts";
import { targetProblem } from "./target-name.ts";
import type { SpfTraceStep } from "./types.ts";

/** What the evaluation is given. */
export interface EvaluationSetup {
  resolver: Resolver;
  /** The client address (IPv4-mapped IPv6 already converted to IPv4, §5). */
  ip: ParsedIp;
  sender: string;
  local: string;
  senderDomain: string;
  helo: string;
  receiver: string;
  timestamp: number;
  limits: ResolvedLimits;
  /** The default explanation (a macro-string, §6.2). */
  defaultExplanation: string;
  cache?: SpfCache;
  /** The elapsed-time limit, milliseconds (§4.6.4). */
  timeoutMs: number;
  /** The caller's signal. */
  signal?: AbortSignal;
}

/** The client's validated names (§5.5), with the status of the PTR lookup. */
export interface ValidatedNames {
  status: DnsAnswer["status"];
  names: string[];
}

/** Parsed address records, per records array (answers from a cache share their arrays). */
const parsedV4 = new WeakMap<readonly unknown[], number[]>();
const parsedV6 = new WeakMap<readonly unknown[], bigint[]>();

/** Each record parsed with `parse` (unparsable ones dropped), once per records array. */
function parsedOnce<T>(
  memo: WeakMap<readonly unknown[], T[]>,
  records: readonly unknown[],
  parse: (text: string) => T | undefined,
): T[] {
  let parsed = memo.get(records);
  if (parsed === undefined) {
    parsed = [];
    for (const r of records) {
      const v = typeof r === "string" ? parse(r) : undefined;
      if (v !== undefined) parsed.push(v);
    }
    memo.set(records, parsed);
  }
  return parsed;
}

/** The IPv4 addresses of an A answer's records. */
export function ipv4Records(records: readonly unknown[]): number[] {
  return parsedOnce(parsedV4, records, parseIPv4);
}

/** The IPv6 addresses of an AAAA answer's records. */
export function ipv6Records(records: readonly unknown[]): bigint[] {
  return parsedOnce(parsedV6, records, parseIPv6);
}

/** One evaluation of check_host() with all its nested include/redirect evaluations. */
export class Evaluation {
  readonly setup: EvaluationSetup;
  readonly counters: LookupCounters;
  readonly trace: SpfTraceStep[] = [];
  #asked: Map<string, Promise<DnsAnswer>> | undefined;
  /** The cache clock, read once per evaluation. */
  #now: number | undefined;
  /** Cached answers already in the trace (each appears once, as a question asked would). */
  #shown: Readonly<SpfTraceStep>[] | undefined;
  #validated: Promise<ValidatedNames> | undefined;
  /** Made when the evaluation first waits for DNS: an evaluation served from the cache needs none. */
  #stopper: Stopper | undefined;

  constructor(setup: EvaluationSetup) {
    this.setup = setup;
    this.counters = new LookupCounters(setup.limits);
  }

  /** The default explanation template. */
  get explanationTemplate(): string {
    return this.setup.defaultExplanation;
  }

  /** The address family's record type for address lookups (§5: A for IPv4, AAAA for IPv6). */
  get addressType(): "A" | "AAAA" {
    return this.setup.ip.family === 4 ? "A" : "AAAA";
  }

  /** Throws the time-limit temperror when the evaluation has been stopped. */
  checkStopped(domain: string): void {
    const reason = this.#stopper?.reason;
    if (reason !== undefined)
      throw new SpfStop("temperror", { code: "time-limit", message: reason, domain, rfc: "RFC 7208 §4.6.4" });
  }

  /** Traces an answer served by the SpfCache, once per evaluation. */
  traceCached(step: Readonly<SpfTraceStep>): void {
    if (this.#wasShown(step)) return;
    this.markShown(step);
    this.trace.push(step);
  }

  /** The answer behind this cached step was already traced (asked in this evaluation). */
  markShown(step: Readonly<SpfTraceStep>): void {
    (this.#shown ??= []).push(step);
  }

  // A short list, scanned: an evaluation shows a handful of cached answers, and comparing a few
  // references is cheaper than hashing frozen objects into a Set.
  #wasShown(step: Readonly<SpfTraceStep>): boolean {
    return this.#shown?.includes(step) === true;
  }

  /** The SpfCache clock at the start of the evaluation (entries fresh then are used throughout). */
  cacheNow(): number {
    this.#now ??= this.setup.cache?.clock() ?? 0;
    return this.#now;
  }

  /** The time limit and the caller's signal, started on first use. */
  stopper(): Stopper {
    this.#stopper ??= new Stopper(this.setup.timeoutMs, this.setup.signal);
    return this.#stopper;
  }

  /** The evaluation is over: release its timer entry and signal listener. */
  done(): void {
    this.#stopper?.done();
  }

  /**
   * Asks DNS once per (name, type) per evaluation; every answer is a trace step. An answer the
   * SpfCache holds is returned at once (and traced as `cached`). Never rejects; once the evaluation
   * is stopped (time limit, caller's signal) it asks nothing more and throws {@link SpfStop}
   * (temperror, §4.6.4).
   */
  ask<T extends RRType>(name: string, type: T, domain: string): Maybe<DnsAnswer<T>> {
    this.checkStopped(domain);
    const key = `${name}|${type}`;
    const pending = this.#asked?.get(key);
    if (pending !== undefined) return pending as Promise<DnsAnswer<T>>;
    const cache = this.setup.cache;
    if (cache !== undefined) {
      const cached = cache.answer(name, type, this.cacheNow());
      if (cached !== undefined) {
        this.traceCached(cached.step);
        return cached.answer as DnsAnswer<T>;
      }
    }
    const fetching = this.#fetch(name, type);
    (this.#asked ??= new Map()).set(key, fetching);
    return fetching as Promise<DnsAnswer<T>>;
  }

  async #fetch(name: string, type: RRType): Promise<DnsAnswer> {
    const stopper = this.stopper();
    const answer = await resolveSafely(this.setup.resolver, name, type, { signal: stopper.signal });
    if (stopper.reason !== undefined) return answer;
    this.trace.push({ step: "dns", ...evidenceOf(answer) });
    const step = this.setup.cache?.remember(name, type, answer);
    if (step !== undefined) this.markShown(step);
    return answer;
  }

  /** The compiled record for a text, from the cache when there is one. */
  compile(text: string): CompiledRecord {
    return this.setup.cache?.get(text) ?? compileRecord(text);
  }

  /** The macro values with <domain> set (§7.2). */
  values(domain: string, validatedName?: string): MacroValues {
    const s = this.setup;
    const values: MacroValues = {
      sender: s.sender,
      local: s.local,
      senderDomain: s.senderDomain,
      domain,
      ip: s.ip,
      helo: s.helo,
      receiver: s.receiver,
      timestamp: s.timestamp,
    };
    if (validatedName !== undefined) values.validatedName = validatedName;
    return values;
  }

  /**
   * The <target-name> of a domain-spec (§4.8), or `domain` when there is none, with the reason it
   * cannot be asked (§4.3 criteria) if any. Macros are expanded; %{p} asks DNS (§7.3).
   */
  target(
    spec: CompiledDomainSpec | undefined,
    domain: string,
  ): { name: string; problem?: string } | Promise<{ name: string; problem?: string }> {
    // <domain> itself was checked before its record was fetched.
    if (spec === undefined) return { name: domain };
    if (spec.staticTarget !== undefined) {
      spec.resolved ??= Object.freeze(
        spec.staticProblem === undefined
          ? { name: spec.staticTarget }
          : { name: spec.staticTarget, problem: spec.staticProblem },
      );
      return spec.resolved;
    }
    return this.#expand(spec, domain);
  }

  async #expand(spec: CompiledDomainSpec, domain: string): Promise<{ name: string; problem?: string }> {
    const p = spec.letters.includes("p") ? await this.validatedName(domain) : undefined;
    const name = toTargetName(expandTokens(spec.tokens, this.values(domain, p)));
    const problem = targetProblem(name);
    return problem === undefined ? { name } : { name, problem };
  }

  /**
   * The validated domain names of the client (§5.5): PTR names (the first 10, §4.6.4) whose
   * address records include <ip>. A DNS error on the PTR lookup gives no names; an error on one
   * name's address lookup skips that name (§5.5). Asked once per evaluation.
   */
  validatedNames(domain: string): Promise<ValidatedNames> {
    this.#validated ??= this.#validate(domain);
    return this.#validated;
  }

  async #validate(domain: string): Promise<ValidatedNames> {
    const { ip, limits } = this.setup;
    const reverse = reverseName(ip.family === 4 ? formatIPv4(ip.value) : formatIPv6(ip.value));
    if (reverse === undefined) return { status: "error", names: [] };
    const ptr = await this.ask(reverse, "PTR", domain);
    if (ptr.status !== "ok") return { status: ptr.status, names: [] };
    // §4.6.4: "If this limit is exceeded, all records other than the first 10 MUST be ignored."
    const candidates = ptr.records.slice(0, limits.maxPtrNames).map((n) => normalizeName(n));
    const checks = await Promise.all(
      candidates.map(async (name) => {
        if (nameProblem(name) !== undefined) return false;
        const answer = await this.ask(name, this.addressType, domain);
        if (answer.status !== "ok") return false;
        return ip.family === 4
          ? ipv4Records(answer.records).includes(ip.value)
          : ipv6Records(answer.records).includes(ip.value);
      }),
    );
    return { status: "ok", names: candidates.filter((_, i) => checks[i]) };
  }

  /**
   * %{p} (§7.2, §7.3): "If the <domain> is present in the list of validated domains, it SHOULD be
   * used. Otherwise, if a subdomain of the <domain> is present, it SHOULD be used. Otherwise, any
   * name from the list can be used. If there are no validated domain names or if a DNS error
   * occurs, the string "unknown" is used."
   */
  async validatedName(domain: string): Promise<string> {
    const { names } = await this.validatedNames(domain);
    const d = normalizeName(domain);
    return names.find((n) => n === d) ?? names.find((n) => n.endsWith(`.${d}`)) ?? names[0] ?? "unknown";
  }
}
