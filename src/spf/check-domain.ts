/**
 * check_host() for one domain (RFC 7208 §4.3-§4.7): initial processing, record lookup and
 * selection, term evaluation left to right, include (§5.2) and redirect (§6.1) recursion, and the
 * explanation on "fail" (§6.2).
 */
import type { Evaluation } from "./evaluation.ts";
import { explain } from "./explanation.ts";
import { SpfStop } from "./limits.ts";
import { evaluateA, evaluateAll, evaluateExists, evaluateIp, evaluateMx, evaluatePtr, type TermOutcome } from "./mechanisms.ts";
import type { CompiledMechanism } from "./parse-term.ts";
import { selectSpfRecord } from "./record.ts";
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

/** Evaluates one domain's SPF record. Limit and DNS failures end the whole evaluation ({@link SpfStop}). */
export async function checkDomain(ev: Evaluation, domain: string, depth: number, role: Role): Promise<DomainOutcome> {
  const problem = targetProblem(domain);
  if (problem !== undefined) {
    const reason = `"${domain}" is malformed: ${problem}`;
    ev.trace.push({ step: "record", domain, depth, outcome: "none", reason });
    return { result: "none", problem: { code: "malformed-domain", message: reason, domain, rfc: "RFC 7208 §4.3" } };
  }
  const answer = await ev.ask(domain, "TXT", domain);
  const selection = selectSpfRecord(answer);
  switch (selection.status) {
    case "none":
      ev.trace.push({ step: "record", domain, depth, outcome: "none", reason: selection.reason });
      return { result: "none", problem: { code: "no-record", message: selection.reason, domain, rfc: "RFC 7208 §4.5" } };
    case "multiple":
      ev.trace.push({ step: "record", domain, depth, outcome: "permerror", reason: selection.reason });
      throw new SpfStop("permerror", { code: "multiple-records", message: selection.reason, domain, rfc: "RFC 7208 §4.5" });
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

  for (const mech of record.mechanisms) {
    const outcome = await evaluateMechanism(ev, mech, domain, depth);
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
    if (!outcome.match) continue;
    const matched: SpfMatch = { term: mech.term.text, domain, position: mech.term.position };
    if (outcome.via !== undefined) matched.via = outcome.via;
    const result: DomainOutcome = { result: mech.result, matched };
    // §6.2: the explanation is computed on "fail", never for a record reached through include.
    if (mech.result === "fail" && role !== "include") result.explanation = await explain(ev, record, domain);
    return result;
  }

  // §6.1: "Any "redirect" modifier MUST be ignored if there is an "all" mechanism anywhere in the record."
  const redirect = record.redirect;
  if (redirect !== undefined && !record.hasAll) {
    const term = redirect.term.text;
    ev.counters.countTerm(domain, term);
    const target = await ev.target(redirect.spec, domain);
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
    const sub = await checkDomain(ev, target, depth + 1, role === "include" ? "include" : "redirect");
    if (sub.result === "none") {
      // §6.1: "If no SPF record is found, or if the <target-name> is malformed, the result is a
      // "permerror" rather than "none"."
      throw new SpfStop("permerror", {
        code: "redirect-none",
        message: `redirect=${target}: ${sub.problem?.message ?? "no SPF record"}`,
        domain,
        term,
        rfc: "RFC 7208 §6.1",
      });
    }
    return sub;
  }
  // §4.7: "If none of the mechanisms match and there is no "redirect" modifier, then the
  // check_host() returns a result of "neutral", just as if "?all" were specified as the last directive."
  return { result: "neutral" };
}

type MechanismOutcome = TermOutcome & { via?: SpfMatch["via"] };

async function evaluateMechanism(ev: Evaluation, mech: CompiledMechanism, domain: string, depth: number): Promise<MechanismOutcome> {
  switch (mech.term.mechanism) {
    case "all":
      return evaluateAll();
    case "ip4":
    case "ip6":
      return evaluateIp(ev, mech);
    default:
      break;
  }
  // §4.6.4: include, a, mx, ptr, exists (and redirect) count toward the limit of 10, before their query.
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
      return evaluateInclude(ev, mech, domain, depth);
  }
}

/**
 * include (§5.2): a recursive check_host() on the target-name. pass matches; fail, softfail and
 * neutral do not; temperror and permerror end the evaluation; none is permerror.
 */
async function evaluateInclude(ev: Evaluation, mech: CompiledMechanism, domain: string, depth: number): Promise<MechanismOutcome> {
  const term = mech.term.text;
  const target = await ev.target(mech.spec, domain);
  const sub = await checkDomain(ev, target, depth + 1, "include");
  switch (sub.result) {
    case "pass": {
      const inner = sub.matched;
      const via = inner === undefined ? [] : [{ term: inner.term, domain: inner.domain, position: inner.position }, ...(inner.via ?? [])];
      return { match: true, reason: `${target} returned pass`, via };
    }
    case "fail":
    case "softfail":
    case "neutral":
      return { match: false, reason: `${target} returned ${sub.result}: include does not match` };
    case "none":
      throw new SpfStop("permerror", {
        code: "include-none",
        message: `include:${target}: ${sub.problem?.message ?? "no SPF record"} (an include of a domain without an SPF record is permerror)`,
        domain,
        term,
        rfc: "RFC 7208 §5.2",
      });
    default:
      // permerror and temperror are thrown by the nested evaluation and never returned.
      throw new SpfStop(sub.result === "temperror" ? "temperror" : "permerror", sub.problem ?? { code: "include-error", message: `include:${target} failed`, domain, term, rfc: "RFC 7208 §5.2" });
  }
}
