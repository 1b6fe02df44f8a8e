/**
 * The EHLO reply (RFC 5321 §4.1.1.1): the server's name on the first line, then one extension per
 * line. Pure; never throws.
 *
 * ```
 * ehlo-ok-rsp = ( "250" SP Domain [ SP ehlo-greet ] CRLF )
 *             / ( "250-" Domain [ SP ehlo-greet ] CRLF
 *                 *( "250-" ehlo-line CRLF ) "250" SP ehlo-line CRLF )
 * ehlo-line    = ehlo-keyword *( SP ehlo-param )
 * ehlo-keyword = (ALPHA / DIGIT) *(ALPHA / DIGIT / "-")
 * ```
 */

import type { EhloExtension, EhloInfo, SmtpReply } from "./types.ts";

/** Most parameters kept from one extension line. */
export const MAX_EHLO_PARAMS = 64;

const KEYWORD = /^[A-Za-z0-9][A-Za-z0-9-]*$/;
// The pre-RFC 2554 form some servers still add for old clients: "AUTH=LOGIN PLAIN".
const OLD_AUTH = /^AUTH=(.*)$/i;

/** The first word of a greeting line (a domain or address literal, RFC 5321 §4.1.3), or null. */
export function greetingDomain(line: string | undefined): string | null {
  const word = (line ?? "").trim().split(/\s+/)[0] ?? "";
  return word.length > 0 && word.length <= 255 ? word : null;
}

/** Parses one extension line; null when its keyword is not an ehlo-keyword. */
export function parseExtensionLine(line: string): EhloExtension | null {
  const old = OLD_AUTH.exec(line.trim());
  if (old !== null) return { keyword: "AUTH", params: splitParams(old[1] ?? "") };
  const [keyword = "", ...params] = line.trim().split(/[ \t]+/);
  if (!KEYWORD.test(keyword)) return null;
  return { keyword: keyword.toUpperCase(), params: params.filter((p) => p.length > 0).slice(0, MAX_EHLO_PARAMS) };
}

function splitParams(text: string): string[] {
  return text
    .trim()
    .split(/[ \t]+/)
    .filter((p) => p.length > 0)
    .slice(0, MAX_EHLO_PARAMS);
}

/**
 * Reads a 250 reply to EHLO (or HELO when `helo`): extensions, whether STARTTLS (RFC 3207 §4) and
 * AUTH (RFC 4954 §3) are offered, and SIZE (RFC 1870 §4). Lines that are not extensions are ignored.
 */
export function parseEhloReply(reply: SmtpReply, helo = false): EhloInfo {
  const extensions: EhloExtension[] = [];
  if (!helo) {
    for (const line of reply.lines.slice(1)) {
      const extension = parseExtensionLine(line);
      if (extension !== null) extensions.push(extension);
    }
  }
  const auth = new Set<string>();
  let size: number | null = null;
  let starttls = false;
  for (const { keyword, params } of extensions) {
    if (keyword === "STARTTLS") starttls = true;
    else if (keyword === "AUTH") for (const p of params) auth.add(p.toUpperCase());
    else if (keyword === "SIZE" && params[0] !== undefined && /^\d{1,15}$/.test(params[0])) {
      const n = Number(params[0]);
      size = n > 0 ? n : null;
    }
  }
  return {
    reply,
    helo,
    domain: greetingDomain(reply.lines[0]),
    extensions,
    starttls,
    auth: [...auth],
    size,
  };
}
