/**
 * `parseSpf(text)`: an SPF record (RFC 7208 §4.5, §4.6, §12) into plain data, never throwing.
 *
 * ```abnf
 * record           = version terms *SP
 * version          = "v=spf1"
 * terms            = *( 1*SP ( directive / modifier ) )
 * ```
 * Every term is read even after an error, so that a broken record still shows all of its terms
 * and every problem in it (check_host() returns permerror for any of them, §4.6).
 */
import { type CompiledMechanism, type CompiledModifier, parseTerm } from "./parse-term.ts";
import type { ParsedSpf, SpfParseError, SpfTerm } from "./types.ts";

/**
 * §4.5: records "that do not begin with a version section of exactly "v=spf1"" are discarded;
 * "the version section is terminated by either an SP character or the end of the record".
 * ABNF strings are case-insensitive (RFC 5234 §2.3), so "V=SPF1" is a version section too.
 */
const VERSION = /^v=spf1(?: |$)/i;

/** True when the text is an SPF version 1 record (§4.5). */
export function isSpfRecord(text: string): boolean {
  return VERSION.test(text);
}

/** A record compiled for evaluation: the parse plus indexed terms. */
export interface CompiledRecord {
  parsed: ParsedSpf;
  mechanisms: CompiledMechanism[];
  /** The first redirect modifier (a second one is a syntax error). */
  redirect?: CompiledModifier;
  /** The first exp modifier. */
  exp?: CompiledModifier;
  /** §6.1: "Any "redirect" modifier MUST be ignored if there is an "all" mechanism anywhere in the record." */
  hasAll: boolean;
}

const VISIBLE_OR_SPACE = /^[\x20-\x7e]*$/;

/** The first character that is not visible ASCII (%x21-7E), as an error, or undefined. */
function badCharacter(term: string, position: number): SpfParseError | undefined {
  for (let i = 0; i < term.length; i++) {
    const code = term.charCodeAt(i);
    if (code >= 0x21 && code <= 0x7e) continue;
    const hex = `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
    if (code > 0x7e && code !== 0x7f) {
      return {
        code: "non-ascii",
        message: `non-ASCII character ${hex} in "${term}": SPF records are US-ASCII (RFC 7208 §3.1)`,
        position: position + i,
        term,
        rfc: "RFC 7208 §3.1",
      };
    }
    return {
      code: "control-character",
      message: `control character ${hex} in "${JSON.stringify(term).slice(1, -1)}": terms are separated by spaces only (RFC 7208 §4.6.1, §12)`,
      position: position + i,
      term,
      rfc: "RFC 7208 §4.6.1",
    };
  }
  return undefined;
}

/** Parses and compiles a record. */
export function compileRecord(text: string): CompiledRecord {
  const errors: SpfParseError[] = [];
  const terms: SpfTerm[] = [];
  const compiled: CompiledRecord = {
    parsed: { ok: false, record: text, terms, errors },
    mechanisms: [],
    hasAll: false,
  };
  if (!VERSION.test(text)) {
    errors.push({
      code: "not-spf",
      message: 'not an SPF record: it must begin with "v=spf1" followed by a space or the end (RFC 7208 §4.5)',
      position: 0,
      rfc: "RFC 7208 §4.5",
    });
    return compiled;
  }
  // Most records are visible ASCII and spaces throughout: then no term needs its characters checked.
  const clean = VISIBLE_OR_SPACE.test(text);
  let i = 6;
  while (i < text.length) {
    if (text.charCodeAt(i) === 0x20) {
      i++;
      continue;
    }
    let end = text.indexOf(" ", i);
    if (end < 0) end = text.length;
    const word = text.slice(i, end);
    const position = i;
    i = end;
    const bad = clean ? undefined : badCharacter(word, position);
    if (bad !== undefined) {
      errors.push(bad);
      continue;
    }
    const parsed = parseTerm(word, position);
    if (parsed.kind === "error") {
      errors.push(parsed.error);
      continue;
    }
    if (parsed.kind === "mechanism") {
      terms.push(parsed.compiled.term);
      compiled.mechanisms.push(parsed.compiled);
      if (parsed.compiled.term.mechanism === "all") compiled.hasAll = true;
      continue;
    }
    const modifier = parsed.compiled;
    terms.push(modifier.term);
    const name = modifier.term.name;
    if (name === "redirect" || name === "exp") {
      if (compiled[name] !== undefined) {
        // §6: "These two modifiers MUST NOT appear in a record more than once each. If they do,
        // then check_host() exits with a result of "permerror"."
        errors.push({
          code: "duplicate-modifier",
          message: `"${name}=" appears more than once (RFC 7208 §6)`,
          position,
          term: word,
          rfc: "RFC 7208 §6",
        });
      } else {
        compiled[name] = modifier;
      }
    }
  }
  compiled.parsed.ok = errors.length === 0;
  return compiled;
}

/**
 * Parses an SPF record: every term that could be read (qualifier, mechanism or modifier, its
 * domain-spec, CIDR lengths, macro letters and its position in the record), and every syntax
 * error with its position and the RFC section it breaks. Never throws.
 *
 * ```ts
 * const { ok, terms, errors } = parseSpf("v=spf1 ip4:192.0.2.0/24 include:_spf.example.net -all");
 * ```
 */
export function parseSpf(text: string): ParsedSpf {
  if (typeof text !== "string") {
    return {
      ok: false,
      record: String(text),
      terms: [],
      errors: [{ code: "not-spf", message: "not a string", position: 0, rfc: "RFC 7208 §4.5" }],
    };
  }
  return compileRecord(text).parsed;
}

/** Writes one term back as text from its fields (the inverse of parsing, up to letter case). */
export function formatTerm(term: SpfTerm): string {
  if (term.kind === "modifier") return `${term.name}=${term.value}`;
  let out = (term.qualifierWritten ? term.qualifier : "") + term.mechanism;
  if (term.network !== undefined) out += `:${term.network}`;
  if (term.domainSpec !== undefined) out += `:${term.domainSpec}`;
  if (term.mechanism === "ip6") {
    if (term.cidr6 !== undefined) out += `/${term.cidr6}`;
  } else {
    if (term.cidr4 !== undefined) out += `/${term.cidr4}`;
    if (term.cidr6 !== undefined) out += `//${term.cidr6}`;
  }
  return out;
}

/** Writes a record from its terms: "v=spf1" and the terms separated by single spaces. */
export function formatSpf(terms: readonly SpfTerm[]): string {
  return ["v=spf1", ...terms.map(formatTerm)].join(" ");
}
