/**
 * The explanation of a "fail" (RFC 7208 §6.2): the exp= modifier's TXT record, macro-expanded,
 * or the default explanation. Its lookup is not counted toward any limit (§4.6.4: the "exp"
 * modifier "only causes a lookup at a later time"), and nothing about it changes the result.
 */
import { joinTxt } from "../dns/answer.ts";
import { nameProblem } from "../dns/names.ts";
import type { Evaluation } from "./evaluation.ts";
import { SpfStop } from "./limits.ts";
import { expandTokens, type MacroToken, parseMacroString, usesLetter } from "./macro.ts";
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
async function expandExplanation(ev: Evaluation, tokens: MacroToken[], domain: string): Promise<string> {
  const p = usesLetter(tokens, "p") ? await ev.validatedName(domain) : undefined;
  return expandTokens(tokens, ev.values(domain, p));
}

/**
 * §6.2: "If there are any DNS processing errors (any RCODE other than 0), or if no records are
 * returned, or if more than one record is returned, or if there are syntax errors in the
 * explanation string, then proceed as if no "exp" modifier was given."
 */
export async function explain(ev: Evaluation, record: CompiledRecord, domain: string): Promise<{ text: string; source: "exp" | "default" }> {
  const fallback = async (reason: string) => {
    const text = await expandExplanation(ev, tokensOfDefault(ev.explanationTemplate), domain).catch(() => ev.explanationTemplate);
    ev.trace.push({ step: "explanation", domain, source: "default", text, reason });
    return { text, source: "default" as const };
  };
  const exp = record.exp;
  if (exp === undefined) return fallback("the record has no exp= modifier");
  try {
    const { name: target } = await ev.target(exp.spec, domain);
    const problem = nameProblem(target);
    if (problem !== undefined) return await fallback(`exp=${target} is not a valid DNS name (${problem})`);
    const answer = await ev.ask(target, "TXT", domain);
    if (answer.status !== "ok") return await fallback(`TXT lookup of ${target} gave ${answer.status}`);
    if (answer.records.length !== 1) return await fallback(`${target} has ${answer.records.length} TXT records; exactly one is needed`);
    const text = joinTxt(answer.records[0] as string[]);
    // explain-string = *( macro-string / SP ): visible ASCII and spaces only.
    if (!/^[\x20-\x7e]*$/.test(text)) return await fallback(`the explanation at ${target} has non-ASCII or control characters`);
    const parsed = parseMacroString(text, true);
    if ("message" in parsed) return await fallback(`the explanation at ${target} has a syntax error: ${parsed.message}`);
    const expanded = await expandExplanation(ev, parsed.tokens, domain);
    ev.trace.push({ step: "explanation", domain, source: "exp", text: expanded });
    return { text: expanded, source: "exp" };
  } catch (error) {
    // Past the time limit the result stands; only the explanation falls back.
    if (error instanceof SpfStop) return fallback(error.problem.message);
    throw error;
  }
}
