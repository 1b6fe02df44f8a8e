/**
 * The Author Domain: the domain of the RFC5322.From header field (RFC 9989 §5.3.1, RFC 7489
 * §6.6.1). A tolerant reader of RFC 5322 §3.4 address lists: quoted strings and comments are
 * skipped, angle addresses and groups are understood, and the field name may be included.
 */
import { diagnostic, ref } from "./diagnostic.ts";
import { normalizeDmarcDomain } from "./domain.ts";
import type { DmarcDiagnostic } from "./types.ts";

/** What {@link extractFromDomain} returns. */
export interface FromDomainResult {
  /** The Author Domain (lower-case A-labels) when exactly one domain was found, else the first one found. */
  domain?: string;
  /** Every distinct domain, in order. RFC 9989 §5.3.1: more than one means DMARC validation is not possible (a receiver MAY go on). */
  domains: string[];
  /** Every address found, as written. */
  addresses: string[];
  diagnostics: DmarcDiagnostic[];
}

/** Longest header value read (a From field is a few hundred characters; this bounds the work). */
const MAX_LENGTH = 16_384;

/** Replaces quoted strings and comments with spaces, keeping offsets; nested comments are bounded by the text. */
function blankQuotesAndComments(text: string): string {
  let out = "";
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quoted) {
      if (c === "\\") {
        out += "  ";
        i++;
        continue;
      }
      if (c === '"') quoted = false;
      out += " ";
    } else if (depth > 0) {
      if (c === "\\") {
        out += "  ";
        i++;
        continue;
      }
      if (c === "(") depth++;
      else if (c === ")") depth--;
      out += " ";
    } else if (c === '"') {
      quoted = true;
      out += " ";
    } else if (c === "(") {
      depth = 1;
      out += " ";
    } else {
      out += c;
    }
  }
  return out.slice(0, text.length);
}

/** Splits on commas outside angle brackets and domain literals. */
function splitMailboxes(text: string): string[] {
  const parts: string[] = [];
  let angle = 0;
  let bracket = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "<") angle++;
    else if (c === ">" && angle > 0) angle--;
    else if (c === "[") bracket = true;
    else if (c === "]") bracket = false;
    else if ((c === "," || c === ";") && angle === 0 && !bracket) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/** The address of one mailbox: the innermost angle-addr holding "@", else the word holding "@". */
function addressOf(mailbox: string): string | undefined {
  const angled = [...mailbox.matchAll(/<([^<>]*)>/g)].map((m) => (m[1] ?? "").trim()).filter((a) => a.includes("@"));
  if (angled.length > 0) return angled.at(-1);
  // A group ("undisclosed: a@b") or a field name ("From: a@b") ends at the last ":" before the address.
  const words = mailbox
    .replace(/^[^@]*:/, " ")
    .split(/[\s<>]+/)
    .filter((w) => w.includes("@"));
  return words.at(-1);
}

/**
 * Extracts the Author Domain from a From header field value (the field name `From:` may be
 * included). Never throws.
 *
 * ```ts
 * extractFromDomain('"Joe" <joe@Example.COM>').domain; // "example.com"
 * ```
 */
export function extractFromDomain(headerValue: string): FromDomainResult {
  const result: FromDomainResult = { domains: [], addresses: [], diagnostics: [] };
  let text = typeof headerValue === "string" ? headerValue.slice(0, MAX_LENGTH) : "";
  // RFC 5322 §2.2.3 unfolding.
  text = text.replace(/\r?\n(?=[ \t])/g, "");
  const plain = blankQuotesAndComments(text).replace(/^\s*from\s*:/i, " ");
  for (const mailbox of splitMailboxes(plain)) {
    const address = addressOf(mailbox);
    if (address === undefined) continue;
    result.addresses.push(address);
    const raw = address.slice(address.lastIndexOf("@") + 1).replace(/[>\s]+$/, "");
    const domain = normalizeDmarcDomain(raw);
    if (domain === undefined) {
      result.diagnostics.push(
        diagnostic(
          "from-domain-invalid",
          "error",
          `${JSON.stringify(raw)} in ${JSON.stringify(address)} is not a domain name`,
          [ref(5322, "3.4.1"), ref(9989, "5.3.1")],
        ),
      );
      continue;
    }
    if (!result.domains.includes(domain)) result.domains.push(domain);
  }
  const [first] = result.domains;
  if (first !== undefined) result.domain = first;
  if (result.domains.length === 0) {
    result.diagnostics.push(
      diagnostic(
        "from-domain-missing",
        "error",
        "no domain in the From header field: DMARC validation is not possible",
        [ref(9989, "5.3.1"), ref(7489, "6.6.1")],
      ),
    );
  } else if (result.domains.length > 1) {
    result.diagnostics.push(
      diagnostic(
        "from-domain-multiple",
        "warning",
        `${result.domains.length} domains in the From header field (${result.domains.join(", ")}): DMARC validation is not possible; a receiver MAY go on with the first`,
        [ref(9989, "5.3.1"), ref(9989, "11.5")],
      ),
    );
  }
  return result;
}
