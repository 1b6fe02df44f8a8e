/**
 * Parsing one term of an SPF record (RFC 7208 §4.6.1, §5, §6, ABNF of §12) into its public form
 * and the compiled form the evaluator uses.
 */
import { parseIPv4, parseIPv6 } from "../common/cidr.ts";
import { type CompiledDomainSpec, compileDomainSpec } from "./domain-spec.ts";
import { parseMacroString } from "./macro.ts";
import type {
  SpfErrorCode,
  SpfMechanism,
  SpfMechanismName,
  SpfModifier,
  SpfParseError,
  SpfQualifier,
  SpfResult,
} from "./types.ts";

/** A mechanism ready for evaluation. */
export interface CompiledMechanism {
  term: SpfMechanism;
  /** The result when it matches (§4.6.2). */
  result: Extract<SpfResult, "pass" | "fail" | "softfail" | "neutral">;
  spec?: CompiledDomainSpec;
  /** Effective prefix lengths (defaults /32 and /128, §5.3, §5.6). */
  cidr4: number;
  cidr6: number;
  /** ip4: the network address. */
  ip4?: number;
  /** ip6: the network address. */
  ip6?: bigint;
  /** ip4, ip6: the network as canonical CIDR text (made once, for the analysis). */
  networkText?: string;
}

/** A modifier ready for evaluation. */
export interface CompiledModifier {
  term: SpfModifier;
  /** redirect, exp: the compiled domain-spec. */
  spec?: CompiledDomainSpec;
}

/** The outcome of parsing one term. */
export type TermParse =
  | { kind: "mechanism"; compiled: CompiledMechanism }
  | { kind: "modifier"; compiled: CompiledModifier }
  | { kind: "error"; error: SpfParseError };

const QUALIFIER_RESULT: Record<SpfQualifier, CompiledMechanism["result"]> = {
  "+": "pass",
  "-": "fail",
  "~": "softfail",
  "?": "neutral",
};

/** The RFC section of each mechanism. */
export const MECHANISM_SECTION: Record<SpfMechanismName, string> = {
  all: "RFC 7208 §5.1",
  include: "RFC 7208 §5.2",
  a: "RFC 7208 §5.3",
  mx: "RFC 7208 §5.4",
  ptr: "RFC 7208 §5.5",
  ip4: "RFC 7208 §5.6",
  ip6: "RFC 7208 §5.6",
  exists: "RFC 7208 §5.7",
};

const MECHANISM_NAMES: ReadonlySet<string> = new Set(Object.keys(MECHANISM_SECTION));
const MODIFIER_NAME = /^[A-Za-z][A-Za-z0-9\-_.]*$/;

/** The RFC section for a domain-spec problem: the macro rules, or the mechanism's own section. */
function specRfc(code: SpfErrorCode, rfc: string): string {
  if (code === "invalid-macro") return "RFC 7208 §7.1";
  if (code === "macro-not-allowed") return "RFC 7208 §7.2";
  return rfc;
}

/** Records a mechanism's domain-spec: as written in the term, compiled for evaluation. */
function setSpec(compiled: CompiledMechanism, text: string, spec: CompiledDomainSpec): void {
  compiled.term.domainSpec = text;
  compiled.term.macros = [...spec.letters];
  compiled.spec = spec;
}

function fail(code: SpfErrorCode, message: string, position: number, term: string, rfc: string): TermParse {
  return { kind: "error", error: { code, message, position, term, rfc } };
}

/** Parses a prefix length ("0", or digits without a leading zero); `undefined` when malformed or out of range. */
function prefix(text: string, family: 4 | 6): number | undefined {
  const n = text.length;
  if (n === 0 || n > (family === 4 ? 2 : 3) || (n > 1 && text.charCodeAt(0) === 48)) return undefined;
  let value = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return undefined;
    value = value * 10 + c;
  }
  return value <= (family === 4 ? 32 : 128) ? value : undefined;
}

/** Index of the first ":" or "/" at or after `from` (-1 when none). */
function separatorAt(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 58 || c === 47) return i;
  }
  return -1;
}

/** Parses one term (text between spaces) found at `position` of the record. */
export function parseTerm(text: string, position: number): TermParse {
  // §4.6.1: "Modifiers always contain an equals ('=') character immediately after the name, and
  // before any ":" or "/" characters that might be part of the macro-string."
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 61) return parseModifier(text, i, position);
    if (c === 58 || c === 47) break;
  }
  return parseIpFast(text, position) ?? parseMechanism(text, position);
}

/**
 * The most common terms, "ip4:" and "ip6:" networks (most of every provider's record), read in
 * one pass. Anything unusual (or wrong) is left to parseMechanism, which says what is wrong.
 */
function parseIpFast(text: string, position: number): TermParse | undefined {
  const first = text.charCodeAt(0);
  const k = first === 43 || first === 45 || first === 126 || first === 63 ? 1 : 0; // + - ~ ?
  if (
    text.length < k + 5 ||
    (text.charCodeAt(k) | 0x20) !== 0x69 ||
    (text.charCodeAt(k + 1) | 0x20) !== 0x70 ||
    text.charCodeAt(k + 3) !== 58
  )
    return undefined;
  const digit = text.charCodeAt(k + 2);
  if (digit !== 52 && digit !== 54) return undefined;
  const family = digit === 52 ? 4 : 6;
  const slash = text.indexOf("/", k + 4);
  const network = slash < 0 ? text.slice(k + 4) : text.slice(k + 4, slash);
  const length = slash < 0 ? (family === 4 ? 32 : 128) : prefix(text.slice(slash + 1), family);
  if (length === undefined) return undefined;
  const qualifier = (k === 1 ? text[0] : "+") as SpfQualifier;
  const mechanism = family === 4 ? "ip4" : "ip6";
  const term: SpfMechanism = {
    kind: "mechanism",
    qualifier,
    qualifierWritten: k === 1,
    mechanism,
    network,
    macros: [],
    position,
    text,
  };
  const compiled: CompiledMechanism = { term, result: QUALIFIER_RESULT[qualifier], cidr4: 32, cidr6: 128 };
  if (family === 4) {
    const v = parseIPv4(network);
    if (v === undefined) return undefined;
    compiled.ip4 = v;
    compiled.cidr4 = length;
    if (slash >= 0) term.cidr4 = length;
  } else {
    const v = parseIPv6(network);
    if (v === undefined) return undefined;
    compiled.ip6 = v;
    compiled.cidr6 = length;
    if (slash >= 0) term.cidr6 = length;
  }
  return { kind: "mechanism", compiled };
}

function parseModifier(text: string, eq: number, position: number): TermParse {
  const name = text.slice(0, eq);
  const value = text.slice(eq + 1);
  if (!MODIFIER_NAME.test(name)) {
    const why =
      name === ""
        ? 'a modifier needs a name before "="'
        : `"${name}" is not a valid modifier name (a letter, then letters, digits, "-", "_", ".")`;
    return fail("invalid-modifier-name", `${why} (RFC 7208 §6, §12)`, position, text, "RFC 7208 §6");
  }
  const lower = name.toLowerCase();
  const term: SpfModifier = { kind: "modifier", name: lower, value, macros: [], position, text };
  if (lower === "redirect" || lower === "exp") {
    const rfc = lower === "redirect" ? "RFC 7208 §6.1" : "RFC 7208 §6.2";
    const spec = compileDomainSpec(value);
    if ("message" in spec) {
      const code = spec.code;
      return fail(code, `${lower}=: ${spec.message}`, position + eq + 1 + spec.offset, text, specRfc(code, rfc));
    }
    term.macros = [...spec.letters];
    return { kind: "modifier", compiled: { term, spec } };
  }
  // unknown-modifier = name "=" macro-string: the value must be a valid macro-string (§6, §7.1).
  // Its macros are never expanded, so every macro-letter of the ABNF is accepted.
  const parsed = parseMacroString(value, true);
  if ("message" in parsed)
    return fail(
      parsed.code,
      `${name}=: ${parsed.message}`,
      position + eq + 1 + parsed.offset,
      text,
      specRfc(parsed.code, "RFC 7208 §6"),
    );
  term.macros = [...parsed.letters];
  return { kind: "modifier", compiled: { term } };
}

function parseMechanism(text: string, position: number): TermParse {
  let qualifier: SpfQualifier = "+";
  let qualifierWritten = false;
  let body = text;
  const first = text[0];
  if (first === "+" || first === "-" || first === "~" || first === "?") {
    qualifier = first;
    qualifierWritten = true;
    body = text.slice(1);
  }
  const nameEnd = separatorAt(body, 0);
  const rawName = nameEnd < 0 ? body : body.slice(0, nameEnd);
  const rest = nameEnd < 0 ? "" : body.slice(nameEnd);
  const name = rawName.toLowerCase();
  const argAt = position + (qualifierWritten ? 1 : 0) + rawName.length;
  if (!MECHANISM_NAMES.has(name)) {
    const hint =
      rawName === ""
        ? "a qualifier with no mechanism"
        : /^(redirect|exp)$/i.test(rawName)
          ? `"${rawName}" is a modifier and needs "=" ("${rawName.toLowerCase()}=...")`
          : `unknown mechanism "${rawName}"`;
    return fail("unknown-mechanism", `${hint} (RFC 7208 §4.6.1, §12)`, position, text, "RFC 7208 §4.6.1");
  }
  const mechanism = name as SpfMechanismName;
  const rfc = MECHANISM_SECTION[mechanism];
  const term: SpfMechanism = { kind: "mechanism", qualifier, qualifierWritten, mechanism, macros: [], position, text };
  const compiled: CompiledMechanism = { term, result: QUALIFIER_RESULT[qualifier], cidr4: 32, cidr6: 128 };
  const argument = rest.startsWith(":") ? rest.slice(1) : undefined;

  switch (mechanism) {
    case "all":
      if (rest !== "")
        return fail(
          "unexpected-argument",
          `"all" takes no argument, found "${rest}" (RFC 7208 §5.1)`,
          argAt,
          text,
          rfc,
        );
      break;
    case "include":
    case "exists":
    case "ptr": {
      if (argument === undefined) {
        if (mechanism === "ptr" && rest === "") break;
        if (rest === "")
          return fail("missing-domain-spec", `"${mechanism}" needs ":" and a domain-spec (${rfc})`, argAt, text, rfc);
        return fail(
          "unexpected-argument",
          `"${mechanism}" takes no CIDR length, found "${rest}" (${rfc})`,
          argAt,
          text,
          rfc,
        );
      }
      const cidrTail = /\/\/?\d+$/.exec(argument);
      const spec = compileDomainSpec(argument);
      if ("message" in spec) {
        if (cidrTail !== null && argument !== cidrTail[0]) {
          return fail(
            "unexpected-argument",
            `"${mechanism}" takes no CIDR length, found "${cidrTail[0]}" (${rfc})`,
            argAt + 1 + cidrTail.index,
            text,
            rfc,
          );
        }
        return fail(spec.code, `${mechanism}: ${spec.message}`, argAt + 1 + spec.offset, text, specRfc(spec.code, rfc));
      }
      setSpec(compiled, argument, spec);
      break;
    }
    case "a":
    case "mx": {
      // a / mx = name [ ":" domain-spec ] [ dual-cidr-length ]
      const m = /(?:\/(\d+))?(?:\/\/(\d+))?$/.exec(rest);
      const tail = m?.[0] ?? "";
      const specText = argument === undefined ? undefined : argument.slice(0, argument.length - tail.length);
      if (argument === undefined && rest !== tail) {
        return fail(
          "invalid-cidr",
          `"${mechanism}${rest}": not a dual CIDR length (RFC 7208 §5.3, §12)`,
          argAt,
          text,
          rfc,
        );
      }
      if (m?.[1] !== undefined) {
        const p = prefix(m[1], 4);
        if (p === undefined)
          return fail(
            "invalid-cidr",
            `invalid IPv4 prefix length "/${m[1]}": 0-32 without leading zeros (${rfc}, §12)`,
            argAt + rest.length - tail.length,
            text,
            rfc,
          );
        term.cidr4 = p;
        compiled.cidr4 = p;
      }
      if (m?.[2] !== undefined) {
        const p = prefix(m[2], 6);
        if (p === undefined)
          return fail(
            "invalid-cidr",
            `invalid IPv6 prefix length "//${m[2]}": 0-128 without leading zeros (${rfc}, §12)`,
            argAt + rest.length - (m[2].length + 2),
            text,
            rfc,
          );
        term.cidr6 = p;
        compiled.cidr6 = p;
      }
      if (specText !== undefined) {
        const spec = compileDomainSpec(specText);
        if ("message" in spec)
          return fail(
            spec.code,
            `${mechanism}: ${spec.message}`,
            argAt + 1 + spec.offset,
            text,
            specRfc(spec.code, rfc),
          );
        setSpec(compiled, specText, spec);
      }
      break;
    }
    case "ip4":
    case "ip6": {
      if (argument === undefined)
        return fail(
          mechanism === "ip4" ? "invalid-ip4" : "invalid-ip6",
          `"${mechanism}" needs ":" and a network (RFC 7208 §5.6)`,
          argAt,
          text,
          rfc,
        );
      const slash = argument.indexOf("/");
      const network = slash < 0 ? argument : argument.slice(0, slash);
      const family = mechanism === "ip4" ? 4 : 6;
      if (slash >= 0) {
        const p = prefix(argument.slice(slash + 1), family);
        if (p === undefined) {
          const shown = argument.slice(slash);
          return fail(
            "invalid-cidr",
            `invalid ${mechanism} prefix length "${shown}": 0-${family === 4 ? 32 : 128} without leading zeros (RFC 7208 §5.6)`,
            argAt + 1 + slash,
            text,
            rfc,
          );
        }
        if (family === 4) {
          term.cidr4 = p;
          compiled.cidr4 = p;
        } else {
          term.cidr6 = p;
          compiled.cidr6 = p;
        }
      }
      if (family === 4) {
        const v = parseIPv4(network);
        if (v === undefined)
          return fail(
            "invalid-ip4",
            `"${network}" is not an IPv4 address (four numbers 0-255, no leading zeros, RFC 7208 §5.6)`,
            argAt + 1,
            text,
            rfc,
          );
        compiled.ip4 = v;
      } else {
        const v = parseIPv6(network);
        if (v === undefined)
          return fail(
            "invalid-ip6",
            `"${network}" is not an IPv6 address (RFC 4291 §2.2, RFC 7208 §5.6)`,
            argAt + 1,
            text,
            rfc,
          );
        compiled.ip6 = v;
      }
      term.network = network;
      break;
    }
  }
  return { kind: "mechanism", compiled };
}
