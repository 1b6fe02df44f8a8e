/**
 * Generic tag=value lists, RFC 6376 §3.2 (DKIM key records and DKIM-Signature fields; DMARC records
 * use the same shape, RFC 7489 §6.4). Pure, never throws, linear in the input.
 *
 * ```abnf
 * tag-list  =  tag-spec *( ";" tag-spec ) [ ";" ]
 * tag-spec  =  [FWS] tag-name [FWS] "=" [FWS] tag-value [FWS]
 * tag-name  =  ALPHA *ALNUMPUNC
 * tag-value =  [ tval *( 1*(WSP / FWS) tval ) ]
 * tval      =  1*tval-char
 * tval-char =  %x21-3A / %x3C-7E   ; EXCLAMATION to TILDE except SEMICOLON
 * ALNUMPUNC =  ALPHA / DIGIT / "_"
 * ```
 */

/** One tag as written. */
export interface TagSpec {
  /** The tag name, case preserved (tag names are case-sensitive, RFC 6376 §3.2). */
  name: string;
  /** The value with leading and trailing whitespace removed (inner whitespace kept). */
  value: string;
  /** Offset of the tag-spec (its first character after the previous `;`) in the input. */
  offset: number;
}

/** What can be wrong with a tag list. */
export type TagListProblemCode =
  /** An empty tag-spec between two semicolons or before the first (`a=1;;b=2`, `;a=1`). */
  | "empty-tag"
  /** A tag-spec without `=`. */
  | "missing-equals"
  /** A tag name that is not `ALPHA *(ALPHA / DIGIT / "_")`. */
  | "invalid-tag-name"
  /** A value with a character outside `tval-char` and whitespace (control, non-ASCII, DEL). */
  | "invalid-value"
  /** A tag name that occurs more than once: "the entire tag-list is invalid" (RFC 6376 §3.2). */
  | "duplicate-tag";

/** One problem, with where it is. */
export interface TagListProblem {
  code: TagListProblemCode;
  message: string;
  /** Offset in the input. */
  offset: number;
  /** The tag concerned, when there is one. */
  tag?: string;
}

/** A parsed tag list: every tag as written (duplicates included, in order) and the problems. */
export interface TagList {
  tags: TagSpec[];
  problems: TagListProblem[];
}

const TAG_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
const WHITESPACE = /[ \t\r\n]/;
/** A character that is neither `tval-char` nor whitespace inside a value (RFC 6376 §3.2). */
const BAD_VALUE_CHAR = /[^\x21-\x3a\x3c-\x7e \t\r\n]/u;

function trimWhitespace(text: string): { text: string; lead: number } {
  let start = 0;
  let end = text.length;
  while (start < end && WHITESPACE.test(text.charAt(start))) start++;
  while (end > start && WHITESPACE.test(text.charAt(end - 1))) end--;
  return { text: text.slice(start, end), lead: start };
}

function describeChar(ch: string): string {
  const code = ch.codePointAt(0) ?? 0;
  return `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
}

/**
 * Parses `text` as an RFC 6376 §3.2 tag list. Leading/trailing whitespace (FWS) around names and
 * values is ignored; one trailing `;` is allowed. Problems are reported, never thrown: the tags that
 * could be read are always returned, so callers can show the parsed record beside its errors.
 */
export function parseTagList(text: string): TagList {
  const tags: TagSpec[] = [];
  const problems: TagListProblem[] = [];
  const seen = new Set<string>();
  const segments = text.split(";");
  let offset = 0;
  segments.forEach((segment, index) => {
    const segmentOffset = offset;
    offset += segment.length + 1;
    const isLast = index === segments.length - 1;
    const { text: spec, lead } = trimWhitespace(segment);
    if (spec === "") {
      // A trailing ";" (or an empty input) is allowed by the grammar; an empty spec elsewhere is not.
      if (!isLast) {
        problems.push({ code: "empty-tag", message: "empty tag-spec (two semicolons with nothing between them)", offset: segmentOffset });
      }
      return;
    }
    const specOffset = segmentOffset + lead;
    const eq = spec.indexOf("=");
    if (eq < 0) {
      problems.push({ code: "missing-equals", message: `tag-spec without "=": ${JSON.stringify(spec.slice(0, 40))}`, offset: specOffset });
      return;
    }
    const name = trimWhitespace(spec.slice(0, eq)).text;
    const value = trimWhitespace(spec.slice(eq + 1)).text;
    if (!TAG_NAME.test(name)) {
      problems.push({
        code: "invalid-tag-name",
        message: `invalid tag name ${JSON.stringify(name.slice(0, 40))} (a letter, then letters, digits or "_")`,
        offset: specOffset,
      });
      return;
    }
    const bad = BAD_VALUE_CHAR.exec(value);
    if (bad !== null) {
      problems.push({
        code: "invalid-value",
        message: `tag ${name}= holds ${describeChar(bad[0])}, which a tag value may not contain`,
        offset: specOffset,
        tag: name,
      });
    }
    if (seen.has(name)) {
      problems.push({ code: "duplicate-tag", message: `tag ${name}= occurs more than once`, offset: specOffset, tag: name });
    }
    seen.add(name);
    tags.push({ name, value, offset: specOffset });
  });
  return { tags, problems };
}

/** The value of the first tag named `name` (case-sensitive), or undefined. */
export function tagValue(list: TagList, name: string): string | undefined {
  return list.tags.find((tag) => tag.name === name)?.value;
}
