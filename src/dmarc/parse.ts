/**
 * The DMARC policy record parser: RFC 7489 §6.3-6.4 and RFC 9989 §4.7-4.8. It never throws: every
 * deviation is a diagnostic with its position and RFC section, and the result always carries the
 * tags as written beside the effective record.
 */
import { parseTagList, type TagListProblem, type TagSpec } from "../common/tag-list.ts";
import { diagnostic, ref } from "./diagnostic.ts";
import {
  DEFAULTS,
  definedBy,
  isTagName,
  type ReadResult,
  readFlag,
  readFo,
  readPct,
  readPolicy,
  readRf,
  readRi,
  TAG_INFO,
} from "./tags.ts";
import type {
  DmarcDiagnostic,
  DmarcParseOptions,
  DmarcParseResult,
  DmarcPolicy,
  DmarcRecord,
  DmarcSpec,
  DmarcTag,
  DmarcTagName,
  DmarcUri,
  PolicyStatus,
} from "./types.ts";
import { DMARC_TAGS } from "./types.ts";
import { parseUriList } from "./uri.ts";

/** Tags lenient mode accepts as `name:value` (seen in the wild: `fo:0`, `rf:afrf`). Never `v`. */
const COLON_TAGS = DMARC_TAGS.filter((t) => t !== "v");

const GRAMMAR = [ref(9989, "4.8"), ref(7489, "6.4")];

function problemDiagnostic(p: TagListProblem): DmarcDiagnostic | undefined {
  const place = { start: p.start, end: p.end, ...(p.name !== undefined ? { tag: p.name.toLowerCase() } : {}) };
  switch (p.kind) {
    case "empty-spec":
      return diagnostic("dmarc-empty-tag", "warning", `empty tag between separators: ${p.message}`, GRAMMAR, place);
    case "missing-equals":
    case "bad-name":
      return diagnostic(
        "dmarc-malformed-tag",
        "error",
        `${p.message}; receivers ignore it`,
        [...GRAMMAR, ref(6376, "3.2")],
        place,
      );
    case "bad-value-char":
      return diagnostic("dmarc-invalid-character", "error", p.message, [ref(9989, "4.8"), ref(6376, "3.2")], place);
    case "colon-as-equals":
      return diagnostic(
        "dmarc-colon-as-equals",
        "warning",
        `${p.message}; read as "=" in lenient mode`,
        GRAMMAR,
        place,
      );
    case "duplicate":
      return undefined; // DMARC-specific handling below
  }
}

interface Ctx {
  text: string;
  spec: DmarcSpec;
  strict: boolean;
  diagnostics: DmarcDiagnostic[];
}

/** Checks that the record starts with `v=DMARC1` (RFC 9989 §4.7 "v", RFC 7489 §6.3). */
function checkVersion(ctx: Ctx, tags: TagSpec[]): boolean {
  const { text, diagnostics } = ctx;
  const refs = [ref(9989, "4.7"), ref(7489, "6.3")];
  const firstNonSpace = text.search(/\S/);
  if (firstNonSpace > 0) {
    if (ctx.strict) {
      diagnostics.push(
        diagnostic(
          "dmarc-leading-whitespace",
          "error",
          'the record does not start with "v=" (leading whitespace); it is not a DMARC record',
          [ref(9989, "4.10"), ...GRAMMAR],
          { start: 0, end: firstNonSpace },
        ),
      );
      return false;
    }
    diagnostics.push(
      diagnostic(
        "dmarc-leading-whitespace",
        "warning",
        'leading whitespace before "v=" (accepted in lenient mode)',
        GRAMMAR,
        { start: 0, end: firstNonSpace },
      ),
    );
  }
  const first = tags[0];
  if (first === undefined || first.start !== firstNonSpace || first.name.toLowerCase() !== "v") {
    const later = tags.find((t) => t.name.toLowerCase() === "v");
    if (later !== undefined) {
      diagnostics.push(
        diagnostic(
          "dmarc-version-not-first",
          "error",
          '"v" is not the first tag, so the entire record is ignored',
          refs,
          { start: later.start, end: later.end, tag: "v" },
        ),
      );
    } else {
      diagnostics.push(
        diagnostic("dmarc-version-missing", "error", 'no "v=DMARC1" tag first: not a DMARC record', refs, {
          start: Math.max(firstNonSpace, 0),
          end: text.length,
        }),
      );
    }
    return false;
  }
  if (first.value === "DMARC1") return true;
  const place = { start: first.valueStart, end: first.valueEnd, tag: "v" };
  if (!ctx.strict && first.value.toLowerCase() === "dmarc1") {
    diagnostics.push(
      diagnostic(
        "dmarc-version-case",
        "warning",
        `"${first.value}": the version is case-sensitive ("DMARC1"); accepted in lenient mode`,
        [ref(9989, "4.8")],
        place,
      ),
    );
    return true;
  }
  diagnostics.push(
    diagnostic(
      "dmarc-version-invalid",
      "error",
      `version "${first.value}" is not "DMARC1" (case-sensitive): the entire record is ignored`,
      refs,
      place,
    ),
  );
  return false;
}

/** The mutable record being built. */
interface Building {
  record: DmarcRecord;
  p?: DmarcPolicy;
  sp?: DmarcPolicy;
  np?: DmarcPolicy;
  pSeen: boolean;
  spInvalid: boolean;
  npInvalid: boolean;
  pInvalid: boolean;
  used: Set<DmarcTagName>;
}

function invalid(ctx: Ctx, tag: DmarcTag, why: string, ignoredAnyway: boolean): void {
  const refs = TAG_INFO[tag.name as DmarcTagName]?.refs ?? [ref(9989, "4.7")];
  const consequence = ignoredAnyway
    ? ""
    : "; the default applies (RFC 9989 §4.8: syntax errors are discarded in favour of defaults)";
  ctx.diagnostics.push(
    diagnostic("dmarc-invalid-value", ignoredAnyway ? "warning" : "error", `${tag.name}: ${why}${consequence}`, refs, {
      start: tag.valueStart,
      end: tag.valueEnd,
      tag: tag.name,
    }),
  );
}

function take<T>(ctx: Ctx, tag: DmarcTag, result: ReadResult<T>, ignoredAnyway: boolean): T | undefined {
  if (!result.ok) {
    invalid(ctx, tag, result.why, ignoredAnyway);
    return undefined;
  }
  if (result.lenient !== undefined) {
    ctx.diagnostics.push(
      diagnostic(
        "dmarc-lenient-value",
        "warning",
        `${tag.name}: ${result.lenient} (lenient mode; strict RFC grammar rejects it)`,
        [ref(9989, "4.8")],
        { start: tag.valueStart, end: tag.valueEnd, tag: tag.name },
      ),
    );
  }
  return result.value;
}

/** Applies one known tag's value to the record. */
function applyTag(ctx: Ctx, b: Building, tag: DmarcTag, name: DmarcTagName, ignored: boolean): void {
  const r = b.record;
  const mode = ctx.strict ? "strict" : "lenient";
  let ok = true;
  // pct, rf and ri are recorded even where RFC 9989 removed them (informational: RFC 7489
  // receivers still apply them); other ignored tags leave the effective record alone.
  const informational = name === "pct" || name === "rf" || name === "ri";
  const set = <T>(result: ReadResult<T>, apply: (value: T) => void) => {
    const value = take(ctx, tag, result, ignored);
    if (value === undefined) ok = false;
    else if (!ignored || informational) apply(value);
  };
  switch (name) {
    case "v":
      return;
    case "p":
      b.pSeen = true;
      set(readPolicy(tag.value, mode), (v) => (b.p = v));
      if (!ok) b.pInvalid = true;
      break;
    case "sp":
      set(readPolicy(tag.value, mode), (v) => (b.sp = v));
      if (!ok && !ignored) b.spInvalid = true;
      break;
    case "np":
      set(readPolicy(tag.value, mode), (v) => (b.np = v));
      if (!ok && !ignored) b.npInvalid = true;
      break;
    case "adkim":
    case "aspf":
      set(readFlag(tag.value, ["r", "s"] as const), (v) => (r[name] = v));
      break;
    case "psd":
      set(readFlag(tag.value, ["y", "n", "u"] as const), (v) => (r.psd = v));
      break;
    case "t":
      set(readFlag(tag.value, ["y", "n"] as const), (v) => (r.t = v));
      break;
    case "fo":
      set(readFo(tag.value, ctx.spec), (v) => (r.fo = v));
      break;
    case "pct":
      set(readPct(tag.value), (v) => (r.pct = v));
      break;
    case "rf":
      set(readRf(tag.value), (v) => (r.rf = v));
      break;
    case "ri":
      set(readRi(tag.value), (v) => (r.ri = v));
      break;
    case "rua":
    case "ruf": {
      const uris: DmarcUri[] = parseUriList(tag.value, tag.valueStart, name, ctx.spec, ctx.diagnostics);
      if (tag.value === "") invalid(ctx, tag, "empty URI list", false);
      r[name] = uris.filter((u) => u.valid);
      if (r[name].length === 0) ok = false;
      break;
    }
  }
  // p, sp and np count as used only once the policy is settled (settlePolicy).
  if (ok && !ignored && name !== "p" && name !== "sp" && name !== "np") {
    tag.used = true;
    b.used.add(name);
  }
}

function toDmarcTag(t: TagSpec, spec: DmarcSpec): DmarcTag {
  const name = t.name.toLowerCase();
  const known = isTagName(name) && definedBy(name, spec);
  return {
    name,
    rawName: t.name,
    value: t.value,
    start: t.start,
    end: t.end,
    valueStart: t.valueStart,
    valueEnd: t.valueEnd,
    known,
    used: false,
  };
}

/** Reports tags the spec in force does not define; returns whether the value is ignored. */
function checkDefined(ctx: Ctx, tag: DmarcTag): boolean {
  const place = { start: tag.start, end: tag.end, tag: tag.name };
  if (!isTagName(tag.name)) {
    ctx.diagnostics.push(
      diagnostic(
        "dmarc-unknown-tag",
        "warning",
        `unknown tag "${tag.rawName}" is ignored`,
        [ref(9989, "4.7"), ref(7489, "6.3")],
        place,
      ),
    );
    return true;
  }
  if (definedBy(tag.name, ctx.spec)) return false;
  if (ctx.spec === "rfc9989") {
    ctx.diagnostics.push(
      diagnostic(
        "dmarc-removed-tag",
        "warning",
        `"${tag.name}" was removed by RFC 9989 and is ignored by its receivers (RFC 7489 receivers still apply it)`,
        TAG_INFO[tag.name].refs,
        place,
      ),
    );
  } else {
    ctx.diagnostics.push(
      diagnostic(
        "dmarc-tag-not-in-rfc7489",
        "info",
        `"${tag.name}" is not defined by RFC 7489 and is ignored under it (RFC 9989 defines it)`,
        TAG_INFO[tag.name].refs,
        place,
      ),
    );
  }
  return true;
}

/** RFC 7489 §6.3: "the v and p tags MUST be present and MUST appear in that order". */
function checkPOrder(ctx: Ctx, tags: DmarcTag[]): void {
  const pIndex = tags.findIndex((t) => t.name === "p");
  if (pIndex <= 1) return;
  const p = tags[pIndex] as DmarcTag;
  const severity = ctx.spec === "rfc7489" ? "warning" : "info";
  ctx.diagnostics.push(
    diagnostic(
      "dmarc-p-not-second",
      severity,
      `"p" is not the second tag: RFC 7489 requires "v" then "p" (RFC 9989 allows any order)`,
      [ref(7489, "6.3"), ref(7489, "6.4")],
      { start: p.start, end: p.end, tag: "p" },
    ),
  );
}

/** RFC 7489 §6.6.3 step 6 and RFC 9989 §4.10.1: the policy, or the `p=none` fallback, or nothing. */
function settlePolicy(ctx: Ctx, b: Building): PolicyStatus {
  const r = b.record;
  if (!b.pSeen) {
    const severity = ctx.spec === "rfc7489" ? "error" : "warning";
    const why = ctx.spec === "rfc7489" ? "REQUIRED by RFC 7489 §6.3" : "RECOMMENDED by RFC 9989 §4.7";
    ctx.diagnostics.push(
      diagnostic("dmarc-p-missing", severity, `no "p" tag (${why})`, [
        ref(9989, "4.7"),
        ref(9989, "4.10.1"),
        ref(7489, "6.3"),
      ]),
    );
  }
  const npCounts = ctx.spec === "rfc9989" && b.npInvalid;
  if (b.p !== undefined && !b.spInvalid && !npCounts) {
    r.p = b.p;
    r.sp = b.sp ?? b.p;
    r.np = ctx.spec === "rfc9989" ? (b.np ?? r.sp) : r.sp;
    return "ok";
  }
  const refs = [ref(9989, "4.10.1"), ref(7489, "6.6.3")];
  const what =
    b.p === undefined ? (b.pSeen ? '"p" is invalid' : '"p" is missing') : `"${b.spInvalid ? "sp" : "np"}" is invalid`;
  r.p = r.sp = r.np = "none";
  if (r.rua.length > 0) {
    ctx.diagnostics.push(
      diagnostic(
        "dmarc-policy-fallback",
        "warning",
        `${what}: with a valid "rua", receivers act as if the record said p=none`,
        refs,
      ),
    );
    return "fallback-none";
  }
  ctx.diagnostics.push(
    diagnostic(
      "dmarc-policy-unusable",
      "error",
      `${what} and there is no valid "rua": receivers apply no DMARC processing`,
      refs,
    ),
  );
  return "unusable";
}

function emptyRecord(): DmarcRecord {
  return {
    v: "DMARC1",
    p: "none",
    sp: "none",
    np: "none",
    adkim: DEFAULTS.adkim,
    aspf: DEFAULTS.aspf,
    fo: [...DEFAULTS.fo],
    psd: DEFAULTS.psd,
    t: DEFAULTS.t,
    rua: [],
    ruf: [],
    pct: DEFAULTS.pct,
    rf: [...DEFAULTS.rf],
    ri: DEFAULTS.ri,
    defaulted: [],
  };
}

/**
 * Parses a DMARC policy record (the TXT character-strings already joined).
 *
 * ```ts
 * const r = parseDmarc("v=DMARC1; p=reject; rua=mailto:d@example.com");
 * r.isDmarc;            // true
 * r.policyStatus;       // "ok"
 * r.record?.sp;         // "reject" (defaulted from p)
 * ```
 */
export function parseDmarc(text: string, options: DmarcParseOptions = {}): DmarcParseResult {
  const mode = options.mode ?? "strict";
  const spec = options.spec ?? "rfc9989";
  const input = typeof text === "string" ? text : "";
  const ctx: Ctx = { text: input, spec, strict: mode === "strict", diagnostics: [] };
  const result: DmarcParseResult = {
    text: input,
    mode,
    spec,
    isDmarc: false,
    policyStatus: "unusable",
    tags: [],
    diagnostics: ctx.diagnostics,
    errors: 0,
  };
  if (input.trim() === "") {
    ctx.diagnostics.push(
      diagnostic("dmarc-empty", "error", "empty record: not a DMARC record", [ref(9989, "4.7")], {
        start: 0,
        end: input.length,
      }),
    );
    return finish(result);
  }
  const list = parseTagList(input, {
    nameRule: "alpha",
    caseInsensitiveNames: true,
    colonAsEquals: ctx.strict ? [] : COLON_TAGS,
  });
  for (const p of list.problems) {
    const d = problemDiagnostic(p);
    if (d !== undefined) ctx.diagnostics.push(d);
  }
  result.tags = list.tags.map((t) => toDmarcTag(t, spec));
  result.isDmarc = checkVersion(ctx, list.tags);
  if (!result.isDmarc) return finish(result);
  const first = result.tags[0];
  if (first !== undefined) first.used = true;

  const b: Building = {
    record: emptyRecord(),
    pSeen: false,
    spInvalid: false,
    npInvalid: false,
    pInvalid: false,
    used: new Set(["v"]),
  };
  const seen = new Map<string, number>();
  for (const t of result.tags) seen.set(t.name, (seen.get(t.name) ?? 0) + 1);
  const applied = new Set<string>();
  const reported = new Set<string>();
  for (const tag of result.tags.slice(1)) {
    if (tag.rawName !== tag.name) {
      ctx.diagnostics.push(
        diagnostic(
          "dmarc-tag-name-case",
          "info",
          `tag name "${tag.rawName}" is not lower-case; read as "${tag.name}" (ABNF strings are case-insensitive, RFC 5234 §2.3)`,
          [ref(9989, "4.8")],
          { start: tag.start, end: tag.start + tag.rawName.length, tag: tag.name },
        ),
      );
    }
    const ignored = checkDefined(ctx, tag);
    if (!isTagName(tag.name)) continue;
    if ((seen.get(tag.name) ?? 0) > 1 && !dedupe(ctx, tag, applied, reported)) {
      // Strict mode uses no occurrence of a repeated tag: a repeated policy tag is an invalid one.
      if (ctx.strict && tag.name === "p") b.pSeen = b.pInvalid = true;
      if (ctx.strict && tag.name === "sp" && !ignored) b.spInvalid = true;
      if (ctx.strict && tag.name === "np" && !ignored) b.npInvalid = true;
      continue;
    }
    applied.add(tag.name);
    applyTag(ctx, b, tag, tag.name, ignored);
  }
  checkPOrder(ctx, result.tags);
  result.policyStatus = settlePolicy(ctx, b);
  const fo = result.tags.find((t) => t.name === "fo");
  if (b.record.ruf.length === 0 && fo !== undefined) {
    ctx.diagnostics.push(
      diagnostic("dmarc-fo-without-ruf", "info", '"fo" has no effect without a valid "ruf"', [ref(9989, "4.7")], {
        start: fo.start,
        end: fo.end,
        tag: "fo",
      }),
    );
  }
  if (result.policyStatus === "ok") {
    for (const n of ["p", "sp", "np"] as const) {
      if (b[n] === undefined) continue;
      b.used.add(n);
      const tag = result.tags.find((t) => t.name === n && !t.used);
      if (tag !== undefined) tag.used = true;
    }
  }
  b.record.defaulted = DMARC_TAGS.filter((n) => !b.used.has(n));
  result.record = b.record;
  return finish(result);
}

/**
 * A repeated tag. RFC 6376 §3.2 (adopted by RFC 9989 §4.7): "if a tag name does occur more than
 * once, the entire tag-list is invalid". Strict mode therefore uses none of the occurrences;
 * lenient mode uses the first. Returns whether this occurrence is applied.
 */
function dedupe(ctx: Ctx, tag: DmarcTag, applied: Set<string>, reported: Set<string>): boolean {
  const isLater = applied.has(tag.name) || reported.has(tag.name);
  if (!isLater) {
    reported.add(tag.name);
    const how = ctx.strict ? "none of its values is used" : "the first value is used (lenient mode)";
    ctx.diagnostics.push(
      diagnostic(
        "dmarc-duplicate-tag",
        ctx.strict ? "error" : "warning",
        `tag "${tag.name}" occurs more than once; ${how}`,
        [ref(6376, "3.2"), ref(9989, "4.7")],
        { start: tag.start, end: tag.end, tag: tag.name },
      ),
    );
    return !ctx.strict;
  }
  return false;
}

function finish(result: DmarcParseResult): DmarcParseResult {
  result.diagnostics.sort((a, b) => (a.start ?? Number.MAX_SAFE_INTEGER) - (b.start ?? Number.MAX_SAFE_INTEGER));
  result.errors = result.diagnostics.filter((d) => d.severity === "error").length;
  return result;
}
