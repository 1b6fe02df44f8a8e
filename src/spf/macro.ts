/**
 * SPF macros (RFC 7208 §7): parsing a macro-string into tokens, and expanding them.
 *
 * ```abnf
 * domain-spec      = macro-string domain-end
 * domain-end       = ( "." toplabel [ "." ] ) / macro-expand
 * toplabel         = ( *alphanum ALPHA *alphanum ) /
 *                    ( 1*alphanum "-" *( alphanum / "-" ) alphanum )
 * explain-string   = *( macro-string / SP )
 * macro-string     = *( macro-expand / macro-literal )
 * macro-expand     = ( "%{" macro-letter transformers *delimiter "}" )
 *                    / "%%" / "%_" / "%-"
 * macro-literal    = %x21-24 / %x26-7E
 * macro-letter     = "s" / "l" / "o" / "d" / "i" / "p" / "h" /
 *                    "c" / "r" / "t" / "v"
 * transformers     = *DIGIT [ "r" ]
 * delimiter        = "." / "-" / "+" / "," / "/" / "_" / "="
 * ```
 */
import { formatIPv4, formatIPv6, type ParsedIp } from "../common/cidr.ts";

/** A macro letter (lower case). `c`, `r` and `t` are allowed only in explanation text (§7.2). */
export type MacroLetter = "s" | "l" | "o" | "d" | "i" | "p" | "h" | "c" | "r" | "t" | "v";

/** One `%{...}` expansion. */
export interface MacroExpand {
  letter: MacroLetter;
  /** An upper-case letter: URL-escape the value (§7.3). */
  escape: boolean;
  /** Keep this many right-hand parts (after reversal); undefined keeps all. */
  digits?: number;
  reverse: boolean;
  /** The delimiters to split on ("." when none were written). */
  delimiters: string;
}

/** A parsed macro-string: literal text (with `%%`, `%_`, `%-` already decoded) or expansions. */
export type MacroToken = string | MacroExpand;

/** Why a macro-string is malformed. */
export interface MacroSyntaxError {
  message: string;
  /** Offset of the offending `%` in the string. */
  offset: number;
  code: "invalid-macro" | "macro-not-allowed";
}

const LETTERS = new Set<string>(["s", "l", "o", "d", "i", "p", "h", "c", "r", "t", "v"]);
const EXP_ONLY = new Set<string>(["c", "r", "t"]);
const DELIMITERS = ".-+,/_=";

/** Parsed macro-string: tokens and the letters used (lower case, first use order). */
export interface ParsedMacroString {
  tokens: MacroToken[];
  letters: MacroLetter[];
  /** The string ends with a macro-expand (`%{..}`, `%%`, `%_` or `%-`), which is a valid domain-end (§7.1). */
  endsWithExpand: boolean;
}

/**
 * Parses a macro-string. `explanation` allows the letters c, r, t and spaces (explain-string);
 * elsewhere they are errors (§7.2: "The following macro letters are allowed only in "exp" text").
 * Characters outside %x21-7E are the caller's to refuse (the record parser does it first).
 */
export function parseMacroString(text: string, explanation = false): ParsedMacroString | MacroSyntaxError {
  const tokens: MacroToken[] = [];
  const letters: MacroLetter[] = [];
  let literal = "";
  let i = 0;
  let endsWithExpand = false;
  while (i < text.length) {
    const at = text.indexOf("%", i);
    if (at < 0) {
      literal += text.slice(i);
      endsWithExpand = false;
      break;
    }
    literal += text.slice(i, at);
    const next = text[at + 1];
    if (next === "%") literal += "%";
    else if (next === "_") literal += " ";
    else if (next === "-") literal += "%20";
    else if (next === "{") {
      const close = text.indexOf("}", at + 2);
      if (close < 0)
        return {
          code: "invalid-macro",
          message: `unterminated macro "${text.slice(at, at + 12)}" (RFC 7208 §7.1)`,
          offset: at,
        };
      const body = text.slice(at + 2, close);
      const parsed = parseExpand(body, explanation, at);
      if ("message" in parsed) return parsed;
      if (literal !== "") tokens.push(literal);
      literal = "";
      tokens.push(parsed);
      if (!letters.includes(parsed.letter)) letters.push(parsed.letter);
      i = close + 1;
      endsWithExpand = i === text.length;
      continue;
    } else {
      const shown = next === undefined ? "%" : `%${next}`;
      return {
        code: "invalid-macro",
        message: `"${shown}": a "%" must be followed by "{", "%", "_" or "-" (RFC 7208 §7.1)`,
        offset: at,
      };
    }
    i = at + 2;
    endsWithExpand = i === text.length;
  }
  if (literal !== "") tokens.push(literal);
  return { tokens, letters, endsWithExpand };
}

function parseExpand(body: string, explanation: boolean, offset: number): MacroExpand | MacroSyntaxError {
  const m = /^([A-Za-z])(\d*)([rR]?)([.\-+,/_=]*)$/.exec(body);
  if (m === null) {
    return { code: "invalid-macro", message: `malformed macro "%{${body}}" (RFC 7208 §7.1)`, offset };
  }
  const raw = m[1] as string;
  const letter = raw.toLowerCase();
  if (!LETTERS.has(letter)) {
    return { code: "invalid-macro", message: `unknown macro letter "${raw}" in "%{${body}}" (RFC 7208 §7.1)`, offset };
  }
  if (!explanation && EXP_ONLY.has(letter)) {
    return {
      code: "macro-not-allowed",
      message: `macro letter "${raw}" is allowed only in explanation text (RFC 7208 §7.2)`,
      offset,
    };
  }
  const digitText = m[2] as string;
  let digits: number | undefined;
  if (digitText !== "") {
    // §7.3: "If a DIGIT is specified, the value MUST be nonzero." Large values keep every part.
    const value = digitText.length > 4 ? 9999 : Number(digitText);
    if (value === 0)
      return {
        code: "invalid-macro",
        message: `macro "%{${body}}": the number of parts must not be zero (RFC 7208 §7.3)`,
        offset,
      };
    digits = value;
  }
  const delimiters = (m[4] as string) === "" ? "." : [...new Set(m[4] as string)].join("");
  const expand: MacroExpand = {
    letter: letter as MacroLetter,
    escape: raw !== letter,
    reverse: m[3] !== "",
    delimiters,
  };
  if (digits !== undefined) expand.digits = digits;
  return expand;
}

/** True when the tokens use the letter (e.g. "p", whose expansion needs DNS). */
export function usesLetter(tokens: readonly MacroToken[], letter: MacroLetter): boolean {
  return tokens.some((t) => typeof t !== "string" && t.letter === letter);
}

/** The values the macro letters expand to (§7.2). `p` is supplied by the caller (it needs DNS). */
export interface MacroValues {
  /** <sender>: the MAIL FROM or HELO identity, `local-part@domain`. */
  sender: string;
  /** The local-part of <sender> ("postmaster" when it had none, §4.3). */
  local: string;
  /** The domain of <sender>. */
  senderDomain: string;
  /** <domain>: the domain whose record is being evaluated. */
  domain: string;
  /** <ip>, IPv4-mapped addresses already converted to IPv4 (§5). */
  ip: ParsedIp;
  /** The HELO/EHLO domain. */
  helo: string;
  /** The receiver's domain name (`r`, explanation only). */
  receiver: string;
  /** Seconds since the epoch (`t`, explanation only). */
  timestamp: number;
  /** The validated domain name of <ip> (`p`), or "unknown". */
  validatedName?: string;
}

/**
 * The dotted nibble form of an IPv6 address (§7.3: "For IPv6 addresses, the "i" macro expands to
 * a dot-format address; it is intended for use in %{ir}"). Upper-case hexadecimal, as the RFC 7208
 * test suite and pyspf write it: hex digits are case-insensitive (RFC 4291 §2.2) and so are DNS
 * names (RFC 4343), so only explanation text can show the difference.
 */
export function ipv6DotNibbles(value: bigint): string {
  return value.toString(16).toUpperCase().padStart(32, "0").split("").join(".");
}

function letterValue(letter: MacroLetter, v: MacroValues): string {
  switch (letter) {
    case "s":
      return v.sender;
    case "l":
      return v.local;
    case "o":
      return v.senderDomain;
    case "d":
      return v.domain;
    case "i":
      return v.ip.family === 4 ? formatIPv4(v.ip.value) : ipv6DotNibbles(v.ip.value);
    case "p":
      return v.validatedName ?? "unknown";
    case "v":
      return v.ip.family === 4 ? "in-addr" : "ip6";
    case "h":
      return v.helo;
    case "c":
      return v.ip.family === 4 ? formatIPv4(v.ip.value) : formatIPv6(v.ip.value);
    case "r":
      return v.receiver;
    case "t":
      return String(v.timestamp);
  }
}

/**
 * URL escaping of §7.3: every octet not in RFC 3986 "unreserved" (ALPHA DIGIT "-" "." "_" "~") as
 * `%XX` in upper case, non-ASCII as its UTF-8 octets.
 */
export function urlEscape(value: string): string {
  let out = "";
  for (const byte of Buffer.from(value, "utf8")) {
    const ch = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-._~]/.test(ch) ? ch : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

function transform(value: string, e: MacroExpand): string {
  if (e.digits === undefined && !e.reverse && e.delimiters === ".") return value;
  let parts = e.delimiters === "." ? value.split(".") : splitOn(value, e.delimiters);
  if (e.reverse) parts = parts.reverse();
  if (e.digits !== undefined && e.digits < parts.length) parts = parts.slice(parts.length - e.digits);
  return parts.join(".");
}

function splitOn(value: string, delimiters: string): string[] {
  const parts: string[] = [];
  let current = "";
  for (const ch of value) {
    if (delimiters.includes(ch)) {
      parts.push(current);
      current = "";
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts;
}

/** Expands parsed tokens (§7.3): split, reverse, keep the right-hand parts, join with ".", then escape if upper case. */
export function expandTokens(tokens: readonly MacroToken[], values: MacroValues): string {
  let out = "";
  for (const token of tokens) {
    if (typeof token === "string") {
      out += token;
      continue;
    }
    const value = transform(letterValue(token.letter, values), token);
    out += token.escape ? urlEscape(value) : value;
  }
  return out;
}

/**
 * Turns an expanded domain-spec into the <target-name> asked in DNS: a trailing dot is dropped
 * (§7.3 example "trailing dot is ignored for domains") and, §7.3: "if the expanded domain name
 * exceeds 253 characters ..., the left side is truncated to fit, by removing successive domain
 * labels (and their following dots) until the total length does not exceed 253 characters."
 */
export function toTargetName(expanded: string): string {
  let name = expanded.length > 1 && expanded.endsWith(".") ? expanded.slice(0, -1) : expanded;
  while (name.length > 253) {
    const dot = name.indexOf(".");
    if (dot < 0) break;
    name = name.slice(dot + 1);
  }
  return name.toLowerCase();
}

/** Delimiter characters, for generators and docs. */
export const MACRO_DELIMITERS = DELIMITERS;
