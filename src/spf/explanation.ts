/**
 * The explanation of a "fail" (RFC 7208 §6.2): the exp= modifier's TXT record, macro-expanded,
 * or the default explanation. Its lookup is not counted toward any limit (§4.6.4: the "exp"
 * modifier "only causes a lookup at a later time"), and nothing about it changes the result.
 */
import { joinTxt } from "../dns/answer.ts";
import { nameProblem } from "../dns/names.ts";
import type { DnsAnswer } from "../dns/types.ts";
import type { Evaluation } from "./evaluation.ts";
import { SpfStop } from "./limits.ts";
import { expandTokens, type MacroToken, parseMacroString, usesLetter } from "./macro.ts";
import { andThen, type Maybe } from "./maybe.ts";
import type { CompiledRecord } from "./parse.ts";

/** The explanation used when the record has no usable exp= (a macro-string; §6.2 leaves it to the receiver). */
export const DEFAULT_EXPLANATION = "%{d} does not designate %{c} as a permitted sender";

const defaultTokens = new Map<string, MacroToken[]>();

function tokensOfDefault(text: string): MacroToken[] {
  let tokens = defaultTokens.get(text);
  if (tokens === undefined) {
    const parsed = parseMacroString(text, true);
    tokens = "message" in parsed ? [text] : parsed.tokens;
    if (defaultTokens.size < 100) defaultTokens.set(text, tokens);
  }
  return tokens;
}

/** Expands explanation tokens for `domain`, resolving %{p} when used. */
function expandExplanation(ev: Evaluation, tokens: MacroToken[], domain: string): Maybe<string> {
  if (!usesLetter(tokens, "p")) return expandTokens(tokens, ev.values(domain));
  return ev.validatedName(domain).then((p) => expandTokens(tokens, ev.values(domain, p)));
}

type Explanation = { text: string; source: "exp" | "default" };

/** The default explanation (§6.2 leaves it to the receiver), expanded for `domain`. */
function fallback(ev: Evaluation, domain: string, reason: string): Maybe<Explanation> {
  const done = (text: string): Explanation => {
    ev.trace.push({ step: "explanation", domain, source: "default", text, reason });
    return { text, source: "default" };
  };
  try {
    const text = expandExplanation(ev, tokensOfDefault(ev.explanationTemplate), domain);
    return text instanceof Promise ? text.catch(() => ev.explanationTemplate).then(done) : done(text);
  } catch {
    return done(ev.explanationTemplate);
  }
}

/**
 * §6.2: "If there are any DNS processing errors (any RCODE other than 0), or if no records are
 * returned, or if more than one record is returned, or if there are syntax errors in the
 * explanation string, then proceed as if no "exp" modifier was given."
 */
export function explain(ev: Evaluation, record: CompiledRecord, domain: string): Maybe<Explanation> {
  const exp = record.exp;
  if (exp === undefined) return fallback(ev, domain, "the record has no exp= modifier");
  // Past the time limit the result stands; only the explanation falls back.
  const recover = (error: unknown): Maybe<Explanation> => {
    if (error instanceof SpfStop) return fallback(ev, domain, error.problem.message);
    throw error;
  };
  try {
    const out = andThen(ev.target(exp.spec, domain), ({ name: target }) => {
      const problem = nameProblem(target);
      if (problem !== undefined) return fallback(ev, domain, `exp=${target} is not a valid DNS name (${problem})`);
      return andThen(ev.ask(target, "TXT", domain), (answer) => fromAnswer(ev, domain, target, answer));
    });
    return out instanceof Promise ? out.catch(recover) : out;
  } catch (error) {
    return recover(error);
  }
}

/** The explanation from the exp= TXT answer, or the default when it is unusable (§6.2). */
function fromAnswer(ev: Evaluation, domain: string, target: string, answer: DnsAnswer<"TXT">): Maybe<Explanation> {
  if (answer.status !== "ok") return fallback(ev, domain, `TXT lookup of ${target} gave ${answer.status}`);
  if (answer.records.length !== 1)
    return fallback(ev, domain, `${target} has ${answer.records.length} TXT records; exactly one is needed`);
  const text = joinTxt(answer.records[0] as string[]);
  // explain-string = *( macro-string / SP ): visible ASCII and spaces only.
  if (!/^[\x20-\x7e]*$/.test(text))
    return fallback(ev, domain, `the explanation at ${target} has non-ASCII or control characters`);
  const parsed = parseMacroString(text, true);
  if ("message" in parsed)
    return fallback(ev, domain, `the explanation at ${target} has a syntax error: ${parsed.message}`);
  return andThen(expandExplanation(ev, parsed.tokens, domain), (expanded) => {
    ev.trace.push({ step: "explanation", domain, source: "exp", text: expanded });
    return { text: expanded, source: "exp" as const };
  });
}
