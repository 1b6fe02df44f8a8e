/**
 * check_host() for one domain (RFC 7208 §4.3-§4.7): initial processing, record lookup and
 * selection, term evaluation left to right, include (§5.2) and redirect (§6.1) recursion, and the
 * explanation on "fail" (§6.2).
 *
 * The functions here return a value when they can finish without waiting and a promise only when
 * DNS must be asked (see maybe.ts).
 */
import type { Evaluation } from "./evaluation.ts";
import { explain } from "./explanation.ts";
import { inlineStep, matchesInline, runAt, traceRun } from "./ip-runs.ts";
import { SpfStop } from "./limits.ts";
import { andThen, type Maybe } from "./maybe.ts";
import { evaluateA, evaluateExists, evaluateMx, evaluatePtr, type TermOutcome } from "./mechanisms.ts";
import type { CompiledRecord } from "./parse.ts";
import type { CompiledMechanism } from "./parse-term.ts";
import { type SpfSelection, selectSpfRecord } from "./record.ts";
import { includeNone, redirectNone } from "./stops.ts";
import { targetProblem } from "./target-name.ts";
import type { SpfMatch, SpfProblem, SpfResult } from "./types.ts";

/** How a domain's record is being evaluated: as the checked domain, through include, or through redirect. */
export type Role = "top" | "include" | "redirect";

/** The outcome of check_host() for one domain. */
export interface DomainOutcome {
  result: SpfResult;
  matched?: SpfMatch;
  problem?: SpfProblem;
  explanation?: { text: string; source: "exp" | "default" };
}

type MechanismOutcome = TermOutcome & { via?: SpfMatch["via"] };

/**
 * Evaluates one domain's SPF record. Limit and DNS failures end the whole evaluation ({@link SpfStop},
 * thrown or rejected). `problem` is the domain's §4.3 check, when the caller has already made it.
 */
export function checkDomain(
  ev: Evaluation,
  domain: string,
  depth: number,
  role: Role,
  problem = targetProblem(domain),
): Maybe<DomainOutcome> {
  if (problem !== undefined) {
    const reason = `"${domain}" is malformed: ${problem}`;
    ev.trace.push({ step: "record", domain, depth, outcome: "none", reason });
    return { result: "none", problem: { code: "malformed-domain", message: reason, domain, rfc: "RFC 7208 §4.3" } };
  }
  const cache = ev.setup.cache;
  const cached = cache?.lookup(domain, ev.cacheNow());
  if (cached !== undefined) {
    // Answered from the record cache within its TTL: shown as evidence, not asked again.
    ev.traceCached(cached.step);
    if (cached.compiled?.parsed.ok) {
      ev.trace.push(
        (cached.recordSteps[depth] ??= Object.freeze({
          step: "record",
          domain,
          depth,
          record: cached.compiled.parsed.record,
        })),
      );
      return evaluateTerms(ev, cached.compiled, domain, depth, role, 0);
    }
    return evaluateRecord(ev, domain, depth, role, cached.selection);
  }
  return andThen(ev.ask(domain, "TXT", domain), (answer) => {
    if (cache === undefined) return evaluateRecord(ev, domain, depth, role, selectSpfRecord(answer));
    const { selection, step } = cache.select(domain, answer);
    if (step !== undefined) ev.markShown(step);
    return evaluateRecord(ev, domain, depth, role, selection);
  });
}

/** §4.5 outcomes of the record selection, then §4.6 evaluation of the record. */
function evaluateRecord(
  ev: Evaluation,
  domain: string,
  depth: number,
  role: Role,
  selection: SpfSelection,
): Maybe<DomainOutcome> {
  switch (selection.status) {
    case "none":
      ev.trace.push({ step: "record", domain, depth, outcome: "none", reason: selection.reason });
      return {
        result: "none",
        problem: { code: "no-record", message: selection.reason, domain, rfc: "RFC 7208 §4.5" },
      };
    case "multiple":
      ev.trace.push({ step: "record", domain, depth, outcome: "permerror", reason: selection.reason });
      throw new SpfStop("permerror", {
        code: "multiple-records",
        message: selection.reason,
        domain,
        rfc: "RFC 7208 §4.5",
      });
    case "temperror":
      ev.trace.push({ step: "record", domain, depth, outcome: "temperror", reason: selection.reason });
      throw new SpfStop("temperror", { code: "dns-error", message: selection.reason, domain, rfc: "RFC 7208 §4.4" });
    case "found":
      break;
  }
  const record = ev.compile(selection.record);
  ev.trace.push({ step: "record", domain, depth, record: selection.record });
  if (!record.parsed.ok) {
    // §4.6: "If there are any syntax errors anywhere in the record, check_host() returns
    // immediately with the result "permerror", without further interpretation or evaluation."
    const errors = record.parsed.errors;
    const first = errors[0];
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : "";
    throw new SpfStop("permerror", {
      code: "syntax-error",
      message: `syntax error in the record of ${domain}: ${first?.message ?? "invalid"}${more}`,
      domain,
      ...(first?.term !== undefined ? { term: first.term } : {}),
      rfc: first?.rfc ?? "RFC 7208 §4.6",
    });
  }
  return evaluateTerms(ev, record, domain, depth, role, 0);
}

/** The mechanisms from `start`, left to right (§4.6.2): the first match decides. */
function evaluateTerms(
  ev: Evaluation,
  record: CompiledRecord,
  domain: string,
  depth: number,
  role: Role,
  start: number,
): Maybe<DomainOutcome> {
  const mechanisms = record.mechanisms;
  for (let i = start; i < mechanisms.length; i++) {
    const mech = mechanisms[i] as CompiledMechanism;
    const name = mech.term.mechanism;
    if (name === "all" || name === "ip4" || name === "ip6") {
      if (ev.setup.cache === undefined) {
        // A record parsed for this check only: term by term.
        const match = matchesInline(ev.setup.ip, mech);
        ev.trace.push(inlineStep(mech, domain, depth, ev.setup.ip.family, match));
        if (match) return matched(ev, record, domain, role, mech, undefined);
        continue;
      }
      // A cached record: its run of terms that ask nothing is indexed once; one lookup finds the
      // first that matches, and the trace steps are shared (ip-runs.ts).
      const run = runAt(record, i);
      const hit = traceRun(run, record, ev.trace, ev.setup.ip, domain, depth);
      if (hit >= 0) return matched(ev, record, domain, role, mechanisms[hit] as CompiledMechanism, undefined);
      i = run.end - 1;
      continue;
    }
    const outcome = evaluateMechanism(ev, mech, domain, depth);
    if (outcome instanceof Promise) {
      return outcome.then((o) =>
        afterTerm(ev, mech, domain, depth, o)
          ? matched(ev, record, domain, role, mech, o.via)
          : evaluateTerms(ev, record, domain, depth, role, i + 1),
      );
    }
    if (afterTerm(ev, mech, domain, depth, outcome)) return matched(ev, record, domain, role, mech, outcome.via);
  }
  return afterMechanisms(ev, record, domain, depth, role);
}

/** Traces a DNS-querying term; true when it matched. */
function afterTerm(
  ev: Evaluation,
  mech: CompiledMechanism,
  domain: string,
  depth: number,
  outcome: MechanismOutcome,
): boolean {
  ev.trace.push({
    step: "term",
    domain,
    depth,
    term: mech.term.text,
    position: mech.term.position,
    outcome: outcome.match ? "match" : "no-match",
    reason: outcome.reason,
    dnsLookups: ev.counters.lookups,
    voidLookups: ev.counters.voids,
  });
  return outcome.match;
}

/** The record's result when `mech` matched (§4.6.2), with the explanation on "fail" (§6.2). */
function matched(
  ev: Evaluation,
  record: CompiledRecord,
  domain: string,
  role: Role,
  mech: CompiledMechanism,
  via: SpfMatch["via"],
): Maybe<DomainOutcome> {
  const m: SpfMatch = { term: mech.term.text, domain, position: mech.term.position };
  if (via !== undefined) m.via = via;
  const result: DomainOutcome = { result: mech.result, matched: m };
  // §6.2: the explanation is computed on "fail", never for a record reached through include.
  if (mech.result !== "fail" || role === "include") return result;
  return andThen(explain(ev, record, domain), (explanation) => {
    result.explanation = explanation;
    return result;
  });
}

/** No mechanism matched: the redirect (§6.1), or the default result (§4.7). */
function afterMechanisms(
  ev: Evaluation,
  record: CompiledRecord,
  domain: string,
  depth: number,
  role: Role,
): Maybe<DomainOutcome> {
  // §6.1: "Any "redirect" modifier MUST be ignored if there is an "all" mechanism anywhere in the record."
  const redirect = record.redirect;
  if (redirect === undefined || record.hasAll) {
    // §4.7: "If none of the mechanisms match and there is no "redirect" modifier, then the
    // check_host() returns a result of "neutral", just as if "?all" were specified as the last directive."
    return { result: "neutral" };
  }
  const term = redirect.term.text;
  ev.counters.countTerm(domain, term);
  return andThen(ev.target(redirect.spec, domain), ({ name: target, problem }) => {
    ev.trace.push({
      step: "term",
      domain,
      depth,
      term,
      position: redirect.term.position,
      outcome: "match",
      reason: `no mechanism matched: the result is that of ${target}`,
      dnsLookups: ev.counters.lookups,
      voidLookups: ev.counters.voids,
    });
    return andThen(checkDomain(ev, target, depth + 1, role === "include" ? "include" : "redirect", problem), (sub) => {
      if (sub.result !== "none") return sub;
      throw redirectNone(target, domain, term, sub.problem?.message);
    });
  });
}

/** include, a, mx, ptr, exists: counted toward the limit of 10 before their query (§4.6.4). */
function evaluateMechanism(
  ev: Evaluation,
  mech: CompiledMechanism,
  domain: string,
  depth: number,
): Maybe<MechanismOutcome> {
  ev.counters.countTerm(domain, mech.term.text);
  switch (mech.term.mechanism) {
    case "a":
      return evaluateA(ev, mech, domain);
    case "mx":
      return evaluateMx(ev, mech, domain);
    case "ptr":
      return evaluatePtr(ev, mech, domain);
    case "exists":
      return evaluateExists(ev, mech, domain);
    default:
      // include (§5.2): a recursive check_host() on the target-name.
      // ev.target() has already checked the target-name (§4.3 criteria).
      return andThen(ev.target(mech.spec, domain), ({ name: target, problem }) =>
        andThen(checkDomain(ev, target, depth + 1, "include", problem), (sub) =>
          includeOutcome(sub, target, domain, mech.term.text),
        ),
      );
  }
}

/**
 * §5.2's table: pass matches; fail, softfail and neutral do not; temperror and permerror end the
 * evaluation; none is permerror.
 */
function includeOutcome(sub: DomainOutcome, target: string, domain: string, term: string): MechanismOutcome {
  switch (sub.result) {
    case "pass": {
      const inner = sub.matched;
      const via =
        inner === undefined
          ? []
          : [{ term: inner.term, domain: inner.domain, position: inner.position }, ...(inner.via ?? [])];
      return { match: true, reason: `${target} returned pass`, via };
    }
    case "fail":
    case "softfail":
    case "neutral":
      return { match: false, reason: `${target} returned ${sub.result}: include does not match` };
    case "none":
      throw includeNone(target, domain, term, sub.problem?.message);
    default:
      // permerror and temperror are thrown by the nested evaluation and never returned.
      throw new SpfStop(
        sub.result === "temperror" ? "temperror" : "permerror",
        sub.problem ?? {
          code: "include-error",
          message: `include:${target} failed`,
          domain,
          term,
          rfc: "RFC 7208 §5.2",
        },
      );
  }
}
