/**
 * The domain-spec of RFC 7208 §7.1 and §4.8: syntax check, and the compiled form the evaluator uses
 * (a static target name, or macro tokens to expand per check).
 */
import { type MacroLetter, type MacroSyntaxError, type MacroToken, parseMacroString, toTargetName } from "./macro.ts";
import { targetProblem } from "./target-name.ts";

/** A domain-spec ready for evaluation. */
export interface CompiledDomainSpec {
  /** As written. */
  text: string;
  tokens: MacroToken[];
  /** Lower-case macro letters used (empty when static). */
  letters: MacroLetter[];
  /** The <target-name> when the spec has no `%{...}` macro (it is then the same for every check). */
  staticTarget?: string;
  /** Why `staticTarget` cannot be asked (§4.3 criteria), computed once; undefined when it can. */
  staticProblem?: string;
  /** `staticTarget` and `staticProblem` as the evaluator hands them out (made once). */
  resolved?: Readonly<{ name: string; problem?: string }>;
}

/** The syntax problem of a domain-spec. */
export interface DomainSpecError {
  code: MacroSyntaxError["code"] | "invalid-domain-spec" | "missing-domain-spec";
  message: string;
  /** Offset in the domain-spec. */
  offset: number;
}

/**
 * ```abnf
 * toplabel         = ( *alphanum ALPHA *alphanum ) /
 *                    ( 1*alphanum "-" *( alphanum / "-" ) alphanum )
 * ```
 */
const TOPLABEL = /^(?:[A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*|[A-Za-z0-9]+-[A-Za-z0-9-]*[A-Za-z0-9])$/;

/**
 * Checks and compiles a domain-spec (`domain-spec = macro-string domain-end`, §7.1). The
 * domain-end is checked on the text as written, never after expansion (§7.1: the syntax applies to
 * the record, a macro may expand to anything).
 */
export function compileDomainSpec(text: string): CompiledDomainSpec | DomainSpecError {
  if (text === "") return { code: "missing-domain-spec", message: "empty domain-spec (RFC 7208 §7.1)", offset: 0 };
  const parsed = parseMacroString(text, false);
  if ("message" in parsed) return parsed;
  if (!parsed.endsWithExpand) {
    // domain-end = "." toplabel [ "." ]
    const body = text.endsWith(".") ? text.slice(0, -1) : text;
    const dot = body.lastIndexOf(".");
    const top = body.slice(dot + 1);
    if (dot < 0 || !TOPLABEL.test(top)) {
      const why =
        dot < 0
          ? 'it must end in a dot and a top label ("example.com"), or in a macro'
          : /^\d+$/.test(top)
            ? `its top label "${top}" is all digits (an IP address belongs in ip4:/ip6:)`
            : `"${top}" is not a valid top label`;
      return {
        code: "invalid-domain-spec",
        message: `invalid domain-spec "${text}": ${why} (RFC 7208 §7.1)`,
        offset: dot + 1,
      };
    }
  }
  const compiled: CompiledDomainSpec = { text, tokens: parsed.tokens, letters: parsed.letters };
  if (parsed.letters.length === 0) {
    compiled.staticTarget = toTargetName(parsed.tokens.join(""));
    const problem = targetProblem(compiled.staticTarget);
    if (problem !== undefined) compiled.staticProblem = problem;
  }
  return compiled;
}
