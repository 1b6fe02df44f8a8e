/**
 * The "tag=value" list syntax of RFC 6376 §3.2, used by DKIM key records and signatures and, by
 * reference, by DMARC policy records (RFC 7489 §6.3, RFC 9989 §4.7). Generic: it knows no tag
 * names, and reports every deviation as a problem with its position instead of throwing.
 *
 * ```
 * tag-list  =  tag-spec *( ";" tag-spec ) [ ";" ]
 * tag-spec  =  [FWS] tag-name [FWS] "=" [FWS] tag-value [FWS]
 * tag-name  =  ALPHA *ALNUMPUNC
 * tag-value =  [ tval *( 1*(WSP / FWS) tval ) ]
 * tval      =  1*VALCHAR
 * VALCHAR   =  %x21-3A / %x3C-7E      ; EXCLAMATION to TILDE except SEMICOLON
 * ALNUMPUNC =  ALPHA / DIGIT / "_"
 * ```
 *
 * Offsets are 0-based indices into the text (UTF-16 code units, as JavaScript strings index),
 * `end` exclusive.
 */

/** One `name=value` pair as written. */
export interface TagSpec {
  /** The tag name as written (not case-folded). */
  name: string;
  /** The value with surrounding whitespace removed; inner whitespace kept. */
  value: string;
  /** The tag-spec without its surrounding whitespace. */
  start: number;
  end: number;
  nameStart: number;
  nameEnd: number;
  /** Where the value starts and ends (equal when the value is empty). */
  valueStart: number;
  valueEnd: number;
  /** The separator between name and value: `=`, or `:` when {@link TagListOptions.colonAsEquals} accepted it. */
  separator: "=" | ":";
}

/** What went wrong in one place. */
export type TagListProblemKind =
  /** Two `;` with nothing between them (`a=1;;b=2`). */
  | "empty-spec"
  /** A segment without `=` (`fo:0`, a stray `0`). The segment is not a tag. */
  | "missing-equals"
  /** A name that does not match the name rule (`1x=...`, `sp-x=...`, an empty name). The segment is not a tag. */
  | "bad-name"
  /** A value character outside VALCHAR and whitespace (control characters, non-ASCII). The tag is kept. */
  | "bad-value-char"
  /** A name that occurs more than once (RFC 6376 §3.2: the tag-list is then invalid). Both tags are kept. */
  | "duplicate"
  /** A `:` was read as `=` (only with {@link TagListOptions.colonAsEquals}). The tag is kept. */
  | "colon-as-equals";

/** One problem, with its position. */
export interface TagListProblem {
  kind: TagListProblemKind;
  message: string;
  start: number;
  end: number;
  /** The tag name concerned, when there is one. */
  name?: string;
}

/** Options of {@link parseTagList}. */
export interface TagListOptions {
  /**
   * The tag-name rule. `"rfc6376"` (default): ALPHA *(ALPHA / DIGIT / "_"). `"alpha"`: 1*ALPHA, the
   * DMARC rule (RFC 9989 §4.8 `dmarc-tag`).
   */
  nameRule?: "rfc6376" | "alpha";
  /** Compare names case-insensitively when looking for duplicates. Default false (RFC 6376 §3.2: case-sensitive). */
  caseInsensitiveNames?: boolean;
  /**
   * Accept `name:value` when `name` is one of these names (compared case-insensitively), as some
   * receivers do for DMARC records such as `fo:0` or `rf:afrf`. Each such use is a `colon-as-equals`
   * problem. Default: none.
   */
  colonAsEquals?: readonly string[];
}

/** The result of {@link parseTagList}: the tags in order and every problem found. */
export interface TagList {
  tags: TagSpec[];
  problems: TagListProblem[];
  /** The list ended with `;` (allowed by the grammar). */
  trailingSeparator: boolean;
}

/** Whitespace inside a tag-list: WSP plus the CR and LF of folding whitespace (RFC 5322 §3.2.2 FWS). */
function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0d || code === 0x0a;
}

function isAlpha(code: number): boolean {
  return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}

function nameOk(name: string, rule: "rfc6376" | "alpha"): boolean {
  if (name.length === 0 || !isAlpha(name.charCodeAt(0))) return false;
  for (let i = 1; i < name.length; i++) {
    const c = name.charCodeAt(i);
    const ok = rule === "alpha" ? isAlpha(c) : isAlpha(c) || (c >= 0x30 && c <= 0x39) || c === 0x5f;
    if (!ok) return false;
  }
  return true;
}

/** Trims whitespace from `[start, end)` of `text`, returning the new bounds. */
function trimBounds(text: string, start: number, end: number): [number, number] {
  let s = start;
  let e = end;
  while (s < e && isSpace(text.charCodeAt(s))) s++;
  while (e > s && isSpace(text.charCodeAt(e - 1))) e--;
  return [s, e];
}

function checkValueChars(text: string, tag: TagSpec, problems: TagListProblem[]): void {
  for (let i = tag.valueStart; i < tag.valueEnd; i++) {
    const c = text.charCodeAt(i);
    // VALCHAR (%x21-3A / %x3C-7E) or whitespace between tvals; ";" cannot occur here.
    if ((c >= 0x21 && c <= 0x7e) || isSpace(c)) continue;
    const shown =
      c < 0x20 || c === 0x7f ? `U+${c.toString(16).toUpperCase().padStart(4, "0")}` : JSON.stringify(text[i]);
    problems.push({
      kind: "bad-value-char",
      message: `character ${shown} is not allowed in a tag value (RFC 6376 §3.2 VALCHAR)`,
      start: i,
      end: i + 1,
      name: tag.name,
    });
    return; // one problem per tag is enough
  }
}

/**
 * Splits `text` into tag-specs. Never throws; bounded by the text length.
 */
export function parseTagList(text: string, options: TagListOptions = {}): TagList {
  const rule = options.nameRule ?? "rfc6376";
  const colonNames = new Set((options.colonAsEquals ?? []).map((n) => n.toLowerCase()));
  const tags: TagSpec[] = [];
  const problems: TagListProblem[] = [];
  let trailingSeparator = false;
  let segStart = 0;
  while (segStart <= text.length) {
    let segEnd = text.indexOf(";", segStart);
    const last = segEnd === -1;
    if (last) segEnd = text.length;
    const [s, e] = trimBounds(text, segStart, segEnd);
    if (s === e) {
      if (last) {
        trailingSeparator = segStart > 0;
      } else if (!(segStart === 0 && segEnd === 0 && text.length === 0)) {
        problems.push({
          kind: "empty-spec",
          message: "empty tag-spec between separators (RFC 6376 §3.2)",
          start: segStart,
          end: segEnd + 1,
        });
      }
    } else {
      parseSpec(text, s, e, rule, colonNames, tags, problems);
    }
    if (last) break;
    segStart = segEnd + 1;
  }
  findDuplicates(tags, problems, options.caseInsensitiveNames ?? false);
  return { tags, problems, trailingSeparator };
}

function parseSpec(
  text: string,
  s: number,
  e: number,
  rule: "rfc6376" | "alpha",
  colonNames: Set<string>,
  tags: TagSpec[],
  problems: TagListProblem[],
): void {
  const segment = text.slice(s, e);
  let eq = segment.indexOf("=");
  let separator: "=" | ":" = "=";
  if (eq === -1) {
    const colon = segment.indexOf(":");
    const candidate = colon === -1 ? "" : segment.slice(0, colon).trim();
    if (colon !== -1 && colonNames.has(candidate.toLowerCase())) {
      eq = colon;
      separator = ":";
    } else {
      problems.push({
        kind: "missing-equals",
        message: `${JSON.stringify(segment)} is not a tag=value pair (RFC 6376 §3.2)`,
        start: s,
        end: e,
      });
      return;
    }
  }
  const [nameStart, nameEnd] = trimBounds(text, s, s + eq);
  const name = text.slice(nameStart, nameEnd);
  if (!nameOk(name, rule)) {
    const why = rule === "alpha" ? "1*ALPHA" : 'ALPHA *(ALPHA / DIGIT / "_")';
    problems.push({
      kind: "bad-name",
      message: `${JSON.stringify(name)} is not a valid tag name (${why})`,
      start: s,
      end: e,
      name,
    });
    return;
  }
  const [valueStart, valueEnd] = trimBounds(text, s + eq + 1, e);
  const tag: TagSpec = {
    name,
    value: text.slice(valueStart, valueEnd),
    start: s,
    end: e,
    nameStart,
    nameEnd,
    valueStart,
    valueEnd,
    separator,
  };
  if (separator === ":") {
    problems.push({
      kind: "colon-as-equals",
      message: `"${name}:" used where "${name}=" is required (RFC 6376 §3.2)`,
      start: s + eq,
      end: s + eq + 1,
      name,
    });
  }
  checkValueChars(text, tag, problems);
  tags.push(tag);
}

function findDuplicates(tags: TagSpec[], problems: TagListProblem[], caseInsensitive: boolean): void {
  const seen = new Map<string, TagSpec>();
  for (const tag of tags) {
    const key = caseInsensitive ? tag.name.toLowerCase() : tag.name;
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, tag);
      continue;
    }
    problems.push({
      kind: "duplicate",
      message: `tag "${tag.name}" occurs more than once (first at offset ${first.start}); RFC 6376 §3.2 makes such a tag-list invalid`,
      start: tag.start,
      end: tag.end,
      name: tag.name,
    });
  }
}

/** The value of the first tag named `name` (case-sensitive, RFC 6376 §3.2), or undefined. */
export function tagValue(list: TagList, name: string): string | undefined {
  return list.tags.find((tag) => tag.name === name)?.value;
}
