/**
 * Building the include/redirect tree of a domain's SPF record for static analysis: every record
 * fetched once, every static term's DNS answers gathered concurrently as evidence, loops cut, the
 * size of the tree and the number of questions bounded.
 */
import { formatCidr, makeCidr } from "../common/cidr.ts";
import { failedAnswer, resolveSafely } from "../dns/answer.ts";
import { type DnsEvidence, evidenceOf } from "../dns/evidence.ts";
import type { DnsAnswer, Resolver, RRType } from "../dns/types.ts";
import type { SpfTermAnalysis, SpfTreeNode } from "./analysis-types.ts";
import type { SpfCache } from "./cache.ts";
import { ipv4Records, ipv6Records } from "./evaluation.ts";
import { expandTokens, toTargetName } from "./macro.ts";
import { type CompiledRecord, compileRecord } from "./parse.ts";
import type { CompiledMechanism, CompiledModifier } from "./parse-term.ts";
import { selectSpfRecord, sortedExchanges } from "./record.ts";
import { targetProblem } from "./target-name.ts";
import { DNS_MECHANISMS, type SpfProblem, type SpfProblemCode } from "./types.ts";

/** Options of the tree builder. */
export interface TreeOptions {
  resolver: Resolver;
  signal?: AbortSignal;
  cache?: SpfCache;
  /** Most records expanded. */
  maxNodes: number;
  /** Most DNS questions asked. */
  maxQueries: number;
  /** MX names per mx term (§4.6.4). */
  maxMxNames: number;
}

const NO_VALUES = {
  sender: "",
  local: "",
  senderDomain: "",
  helo: "",
  receiver: "",
  timestamp: 0,
  ip: { family: 4 as const, value: 0 },
};

/** Builds one analysis tree; holds the memoised DNS answers. */
export class TreeBuilder {
  readonly evidence: DnsEvidence[] = [];
  readonly #options: TreeOptions;
  /** The evidence of each answer, made once (terms and nodes share it with `evidence`). */
  readonly #shown = new WeakMap<DnsAnswer, DnsEvidence>();
  readonly #asked = new Map<string, Promise<DnsAnswer>>();
  #nodes = 0;
  #queries = 0;

  constructor(options: TreeOptions) {
    this.#options = options;
  }

  /** Asks once per (name, type); past the question budget, answers "error" without asking. */
  ask<T extends RRType>(name: string, type: T): Promise<DnsAnswer<T>> {
    const key = `${name}|${type}`;
    let pending = this.#asked.get(key);
    if (pending === undefined) {
      const over = ++this.#queries > this.#options.maxQueries;
      pending = (
        over
          ? Promise.resolve(
              failedAnswer(
                name,
                type,
                "error",
                `analysis question budget of ${this.#options.maxQueries} exhausted; not asked`,
              ),
            )
          : resolveSafely(
              this.#options.resolver,
              name,
              type,
              this.#options.signal ? { signal: this.#options.signal } : undefined,
            )
      ).then((answer) => {
        this.evidence.push(this.#evidenceOf(answer));
        return answer;
      });
      this.#asked.set(key, pending);
    }
    return pending as Promise<DnsAnswer<T>>;
  }

  /** The evidence of an answer this builder asked. */
  #evidenceOf(answer: DnsAnswer): DnsEvidence {
    let evidence = this.#shown.get(answer);
    if (evidence === undefined) {
      evidence = evidenceOf(answer);
      this.#shown.set(answer, evidence);
    }
    return evidence;
  }

  #compile(text: string): CompiledRecord {
    return this.#options.cache?.get(text) ?? compileRecord(text);
  }

  /** Builds the node of `domain` and, concurrently, everything below it. */
  async node(domain: string, via: SpfTreeNode["via"], parentPath: readonly string[]): Promise<SpfTreeNode> {
    const node: SpfTreeNode = {
      domain,
      via,
      depth: parentPath.length,
      path: [...parentPath, domain],
      status: "ok",
      terms: [],
    };
    if (parentPath.includes(domain)) {
      node.status = "loop";
      node.problem = problem(
        "include-loop",
        `${[...parentPath, domain].join(" -> ")}: ${domain} is already being evaluated; a receiver recurses until the lookup limit (permerror)`,
        domain,
        "RFC 7208 §4.6.4",
      );
      return node;
    }
    if (++this.#nodes > this.#options.maxNodes) {
      node.status = "not-expanded";
      node.problem = problem(
        "tree-too-large",
        `the analysis stops after ${this.#options.maxNodes} records`,
        domain,
        "RFC 7208 §4.6.4",
      );
      return node;
    }
    const bad = targetProblem(domain);
    if (bad !== undefined) {
      node.status = "malformed";
      node.problem = problem("malformed-domain", `"${domain}" is malformed: ${bad}`, domain, "RFC 7208 §4.3");
      return node;
    }
    const txt = await this.ask(domain, "TXT");
    node.txt = this.#evidenceOf(txt);
    const selection = selectSpfRecord(txt);
    if (selection.status === "none") {
      node.status = "none";
      node.problem = problem("no-record", selection.reason, domain, "RFC 7208 §4.5");
      return node;
    }
    if (selection.status === "temperror") {
      node.status = "temperror";
      node.problem = problem("dns-error", selection.reason, domain, "RFC 7208 §4.4");
      return node;
    }
    if (selection.status === "multiple") {
      node.status = "multiple";
      node.records = selection.records;
      node.problem = problem("multiple-records", selection.reason, domain, "RFC 7208 §4.5");
      return node;
    }
    node.record = selection.record;
    node.size = recordSize(domain, txt);
    const compiled = this.#compile(selection.record);
    node.parse = compiled.parsed;
    if (!compiled.parsed.ok) {
      node.status = "syntax-error";
      const first = compiled.parsed.errors[0];
      node.problem = problem(
        "syntax-error",
        `syntax error in the record of ${domain}: ${first?.message ?? ""}`,
        domain,
        first?.rfc ?? "RFC 7208 §4.6",
      );
    }
    node.terms = await this.#terms(node, compiled);
    return node;
  }

  async #terms(node: SpfTreeNode, compiled: CompiledRecord): Promise<SpfTermAnalysis[]> {
    const mechanisms = new Map(compiled.mechanisms.map((m) => [m.term, m] as const));
    let afterAll = false;
    const work: Promise<SpfTermAnalysis>[] = [];
    for (const term of compiled.parsed.terms) {
      const mech = term.kind === "mechanism" ? mechanisms.get(term) : undefined;
      if (mech !== undefined) {
        work.push(this.#mechanism(node, mech, !afterAll));
        if (term.kind === "mechanism" && term.mechanism === "all") afterAll = true;
      } else if (term.kind === "modifier" && compiled.redirect?.term === term) {
        // §6.1: a redirect beside "all" is ignored.
        work.push(this.#redirect(node, compiled.redirect, !compiled.hasAll));
      } else {
        work.push(Promise.resolve({ term, countsLookup: false, reachable: true, evidence: [] }));
      }
    }
    return Promise.all(work);
  }

  /** The static target of a spec for this node, or the reason it is dynamic. */
  #target(
    node: SpfTreeNode,
    mech: { spec?: CompiledMechanism["spec"]; term: { macros: string[] } },
  ): { target: string } | { dynamic: string } {
    const spec = mech.spec;
    if (spec === undefined) return { target: node.domain };
    if (spec.staticTarget !== undefined) return { target: spec.staticTarget };
    const letters = mech.term.macros;
    // %{d} is the current domain: known here. Any other letter depends on the message or the client.
    if (letters.every((l) => l === "d"))
      return { target: toTargetName(expandTokens(spec.tokens, { ...NO_VALUES, domain: node.domain })) };
    return {
      dynamic: `its domain-spec uses ${letters
        .filter((l) => l !== "d")
        .map((l) => `%{${l}}`)
        .join(", ")}, which depend on the message (§7)`,
    };
  }

  async #redirect(node: SpfTreeNode, modifier: CompiledModifier, reachable: boolean): Promise<SpfTermAnalysis> {
    const out: SpfTermAnalysis = { term: modifier.term, countsLookup: true, reachable, evidence: [] };
    if (!reachable) {
      out.neverMatches = 'ignored: the record has an "all" mechanism (§6.1)';
      return out;
    }
    const t = this.#target(node, { term: modifier.term, ...(modifier.spec ? { spec: modifier.spec } : {}) });
    if ("dynamic" in t) {
      out.dynamic = t.dynamic;
      return out;
    }
    out.target = t.target;
    out.child = await this.node(t.target, "redirect", node.path);
    return out;
  }

  async #mechanism(node: SpfTreeNode, mech: CompiledMechanism, reachable: boolean): Promise<SpfTermAnalysis> {
    const term = mech.term;
    const out: SpfTermAnalysis = { term, countsLookup: DNS_MECHANISMS.has(term.mechanism), reachable, evidence: [] };
    if (!reachable) {
      out.neverMatches = 'after "all": never evaluated (§5.1)';
      return out;
    }
    switch (term.mechanism) {
      case "all":
        return out;
      case "ip4":
        mech.networkText ??= formatCidr(makeCidr(4, BigInt(mech.ip4 ?? 0), mech.cidr4));
        out.networks = { ipv4: [mech.networkText], ipv6: [] };
        return out;
      case "ip6":
        mech.networkText ??= formatCidr(makeCidr(6, mech.ip6 ?? 0n, mech.cidr6));
        out.networks = { ipv4: [], ipv6: [mech.networkText] };
        return out;
      case "ptr":
        out.dynamic = "ptr depends on the client's PTR records (§5.5)";
        // §4.6.4: the term's own query is the PTR lookup of the client's address; a client without
        // PTR records (the usual unknown sender) gets NXDOMAIN or no answer: a void lookup.
        out.voidLookups = { ipv4: 1, ipv6: 1 };
        out.voidWorstCase = "at worst: the client's PTR lookup is void when the client has no PTR records";
        return out;
      default:
        break;
    }
    const t = this.#target(node, mech);
    if ("dynamic" in t) {
      out.dynamic = t.dynamic;
      if (term.mechanism !== "include") {
        // §4.6.4: the name this term asks depends on the message or the client; for a client that
        // matches nothing it usually has no records (exists: it never has, or the term would match),
        // so a receiver counts a void lookup. Counted at that worst case.
        out.voidLookups = { ipv4: 1, ipv6: 1 };
        out.voidWorstCase =
          term.mechanism === "exists"
            ? `for a client that matches nothing, the name ${term.domainSpec ?? ""} expands to does not exist (exists matches only when it does): a void lookup`
            : `at worst: the name ${term.domainSpec ?? ""} expands to has no ${term.mechanism === "mx" ? "MX" : "address"} records for a client that matches nothing`;
      }
      return out;
    }
    out.target = t.target;
    if (term.mechanism === "include") {
      // A malformed include target is a record with no SPF ("none", §4.3), i.e. permerror.
      out.child = await this.node(t.target, "include", node.path);
      return out;
    }
    const bad = targetProblem(t.target);
    if (bad !== undefined) {
      out.problem = problem(
        "malformed-target",
        `target-name "${t.target}" is malformed (${bad}): treated as non-existent, never matches`,
        node.domain,
        "RFC 7208 §4.3, §4.8",
        term.text,
      );
      return out;
    }
    if (term.mechanism === "exists") {
      const a = await this.ask(t.target, "A");
      out.evidence = [this.#evidenceOf(a)];
      if (isVoid(a)) out.voidLookups = { ipv4: 1, ipv6: 1 };
      else if (a.status !== "ok") out.problem = dnsProblem(a, node.domain, term.text);
      else out.networks = { ipv4: ["0.0.0.0/0"], ipv6: ["::/0"] };
      return out;
    }
    if (term.mechanism === "a") {
      const [a, aaaa] = await Promise.all([this.ask(t.target, "A"), this.ask(t.target, "AAAA")]);
      out.evidence = [this.#evidenceOf(a), this.#evidenceOf(aaaa)];
      out.voidLookups = { ipv4: isVoid(a) ? 1 : 0, ipv6: isVoid(aaaa) ? 1 : 0 };
      out.networks = addressNetworks([a], [aaaa], mech);
      const failed = [a, aaaa].find((x) => !isVoid(x) && x.status !== "ok");
      if (failed !== undefined) out.problem = dnsProblem(failed, node.domain, term.text);
      return out;
    }
    // mx
    const mx = await this.ask(t.target, "MX");
    out.evidence = [this.#evidenceOf(mx)];
    if (isVoid(mx)) {
      out.voidLookups = { ipv4: 1, ipv6: 1 };
      out.mxNames = 0;
      return out;
    }
    if (mx.status !== "ok") {
      out.problem = dnsProblem(mx, node.domain, term.text);
      return out;
    }
    out.mxNames = mx.records.length;
    if (mx.records.length > this.#options.maxMxNames) {
      out.problem = problem(
        "mx-limit",
        `${t.target} has ${mx.records.length} MX records; at most ${this.#options.maxMxNames} may be looked up (receivers give permerror)`,
        node.domain,
        "RFC 7208 §4.6.4",
        term.text,
      );
      return out;
    }
    const hosts = sortedExchanges(mx.records);
    const answers = await Promise.all(hosts.map((h) => Promise.all([this.ask(h, "A"), this.ask(h, "AAAA")])));
    out.evidence.push(...answers.flat().map((x) => this.#evidenceOf(x)));
    out.networks = addressNetworks(
      answers.map(([a]) => a),
      answers.map(([, b]) => b),
      mech,
    );
    const failed = answers.flat().find((x) => !isVoid(x) && x.status !== "ok");
    if (failed !== undefined) out.problem = dnsProblem(failed, node.domain, term.text);
    return out;
  }
}

function isVoid(answer: DnsAnswer): boolean {
  return answer.status === "nxdomain" || answer.status === "nodata";
}

function problem<C extends SpfProblemCode>(
  code: C,
  message: string,
  domain: string,
  rfc: string,
  term?: string,
): SpfProblem<C> {
  return term === undefined ? { code, message, domain, rfc } : { code, message, domain, term, rfc };
}

function dnsProblem(answer: DnsAnswer, domain: string, term: string): SpfProblem<"dns-error"> {
  return problem(
    "dns-error",
    `${answer.type} lookup of ${answer.name} failed: ${answer.status}${answer.detail ? ` (${answer.detail})` : ""} (receivers give temperror)`,
    domain,
    "RFC 7208 §5",
    term,
  );
}

function addressNetworks(
  a: DnsAnswer[],
  aaaa: DnsAnswer[],
  mech: CompiledMechanism,
): { ipv4: string[]; ipv6: string[] } {
  const ipv4 = a.flatMap((x) =>
    x.status === "ok" ? ipv4Records(x.records).map((v) => formatCidr(makeCidr(4, BigInt(v), mech.cidr4))) : [],
  );
  const ipv6 = aaaa.flatMap((x) =>
    x.status === "ok" ? ipv6Records(x.records).map((v) => formatCidr(makeCidr(6, v, mech.cidr6))) : [],
  );
  return { ipv4: [...new Set(ipv4)], ipv6: [...new Set(ipv6)] };
}

/** The DNS sizes of §3.3 and §3.4 for a domain's TXT answer and its SPF record. */
function recordSize(domain: string, answer: DnsAnswer<"TXT">): SpfTreeNode["size"] {
  let answerBytes = Buffer.byteLength(domain);
  let spf: string[] = [];
  for (const rr of answer.records) {
    for (const s of rr) answerBytes += Buffer.byteLength(s);
    if (/^v=spf1(?: |$)/i.test(rr.join(""))) spf = rr;
  }
  const strings = spf.map((s) => Buffer.byteLength(s));
  return { recordBytes: strings.reduce((x, y) => x + y, 0), answerBytes, strings };
}
