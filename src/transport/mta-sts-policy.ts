/**
 * The MTA-STS policy file (RFC 8461 §3.2), parsed with line and offset for every diagnostic.
 *
 * ```
 * sts-policy-record  = sts-policy-field *WSP *(sts-policy-term sts-policy-field *WSP) [sts-policy-term]
 * sts-policy-field   = version / mode / max_age / mx / extension
 * sts-policy-field-delim = ":" *WSP
 * sts-policy-version-value = %s"STSv1"
 * sts-policy-mode-value    = %s"testing" / %s"enforce" / %s"none"
 * sts-policy-mx-value      = ["*."] Domain
 * sts-policy-max-age-value = 1*10DIGIT          ; at most 31557600
 * sts-policy-ext-name  = (ALPHA / DIGIT) *31(ALPHA / DIGIT / "_" / "-" / ".")
 * sts-policy-term      = LF / CRLF            ; errata 6253: LF as well as CRLF
 * ```
 */
import { diagnostic, hasErrors, rfc, shown } from "./diagnostic.ts";
import type { TransportDiagnostic } from "./types.ts";

/** The policy modes (RFC 8461 §5). */
export type MtaStsMode = "enforce" | "testing" | "none";

/** The fields of a policy; `null` where the field is missing or unusable. */
export interface MtaStsPolicy {
  version: "STSv1" | null;
  mode: MtaStsMode | null;
  /** The `mx` patterns in order, as written. */
  mx: string[];
  /** `max_age` in seconds. */
  maxAge: number | null;
}

/** What {@link parseMtaStsPolicy} returns. */
export interface MtaStsPolicyParse {
  /** No error: a sender would use this policy. */
  valid: boolean;
  policy: MtaStsPolicy;
  diagnostics: TransportDiagnostic[];
}

/** The largest policy a sender reads (RFC 8461 §3.3: "a maximum size of 64 KB"). */
export const MAX_POLICY_BYTES = 65536;
/** The largest `max_age` (RFC 8461 §3.2: 31557600 seconds, about a year). */
export const MAX_MAX_AGE = 31_557_600;
/** `max_age` below this (one week) is shorter than the "weeks or greater" RFC 8461 §3.2 expects. */
export const SHORT_MAX_AGE = 604_800;
/** At most this many diagnostics are kept. */
const MAX_DIAGNOSTICS = 200;

const REF = rfc(8461, "3.2");
const EXT_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/;
// RFC 5321 Domain: sub-domain *("." sub-domain); sub-domain = Let-dig [Ldh-str].
const LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?";
const DOMAIN = new RegExp(`^${LABEL}(?:\\.${LABEL})*$`);
const KNOWN = ["version", "mode", "max_age", "mx"] as const;
type KnownKey = (typeof KNOWN)[number];

function isKnown(key: string): key is KnownKey {
  return (KNOWN as readonly string[]).includes(key);
}

/** Why an `mx` value is not `["*."] Domain` in A-label form, or undefined when it is. */
export function mxPatternProblem(pattern: string): string | undefined {
  if (pattern.length === 0) return "empty pattern";
  if (pattern.length > 253) return "longer than a domain name can be (253 characters)";
  if (/[^\x00-\x7f]/.test(pattern)) return "not in A-label (ASCII) form: write internationalised names as xn-- labels";
  if (pattern.endsWith(".")) return "a trailing dot is not allowed (the pattern is a Domain, RFC 5321 §4.1.2)";
  const name = pattern.startsWith("*.") ? pattern.slice(2) : pattern;
  if (name.includes("*")) return `"*" is allowed only as the whole left-most label ("*.example.com")`;
  if (!DOMAIN.test(name)) return "not a domain name (letters, digits and hyphens in dot-separated labels)";
  for (const label of name.split(".")) if (label.length > 63) return "a label is longer than 63 characters";
  return undefined;
}

function nearKey(key: string): KnownKey | undefined {
  const k = key.toLowerCase().replace(/-/g, "_");
  if (isKnown(k)) return k;
  if (k === "maxage" || k === "max_ages") return "max_age";
  if (k === "mxs" || k === "mx_host") return "mx";
  return undefined;
}

/**
 * Parses an MTA-STS policy file. Never throws. Accepts CRLF and LF line endings (RFC 8461 §3.2
 * ABNF `sts-policy-term = LF / CRLF`); every problem is a diagnostic with its 1-based line and
 * its offsets in `text`. Unknown fields are ignored by senders and reported as `info` (a misspelt
 * `max-age` is an unknown field, so the policy then lacks `max_age`).
 */
export function parseMtaStsPolicy(text: string): MtaStsPolicyParse {
  const diagnostics: TransportDiagnostic[] = [];
  const push = (d: TransportDiagnostic) => {
    if (diagnostics.length < MAX_DIAGNOSTICS) diagnostics.push(d);
  };
  const policy: MtaStsPolicy = { version: null, mode: null, mx: [], maxAge: null };
  const input = typeof text === "string" ? text : "";
  let body = input;
  if (Buffer.byteLength(input, "utf8") > MAX_POLICY_BYTES) {
    body = input.slice(0, MAX_POLICY_BYTES);
    push(
      diagnostic(
        "mta-sts-policy-too-large",
        "error",
        `the policy is larger than ${MAX_POLICY_BYTES} bytes`,
        [rfc(8461, "3.3")],
        {
          start: MAX_POLICY_BYTES,
          end: input.length,
        },
      ),
    );
  }
  const seen = new Map<KnownKey, number>();
  const keyLines = new Map<KnownKey, { line: number; start: number; end: number }>();
  let offset = 0;
  let lineNo = 0;
  let blankRun: { line: number; start: number } | undefined;
  while (offset < body.length) {
    lineNo++;
    const lf = body.indexOf("\n", offset);
    const rawEnd = lf < 0 ? body.length : lf;
    const end = rawEnd > offset && body[rawEnd - 1] === "\r" ? rawEnd - 1 : rawEnd;
    const start = offset;
    offset = lf < 0 ? body.length : lf + 1;
    const line = body.slice(start, end);
    const place = { line: lineNo, start, end };
    if (line.trim() === "") {
      blankRun ??= { line: lineNo, start };
      continue;
    }
    if (blankRun !== undefined) {
      push(
        diagnostic(
          "mta-sts-policy-blank-line",
          "warning",
          "blank line between fields (the ABNF allows none; strict senders reject the policy)",
          [REF],
          {
            line: blankRun.line,
            start: blankRun.start,
            end: start,
          },
        ),
      );
      blankRun = undefined;
    }
    const control = /[\x00-\x08\x0a-\x1f\x7f]/.exec(line);
    if (control) {
      push(
        diagnostic(
          "mta-sts-policy-control-character",
          "error",
          `control character U+${control[0].charCodeAt(0).toString(16).padStart(4, "0").toUpperCase()} in the line`,
          [REF],
          {
            ...place,
            start: start + control.index,
            end: start + control.index + 1,
          },
        ),
      );
      continue;
    }
    if (/^[ \t]/.test(line)) {
      push(
        diagnostic(
          "mta-sts-policy-leading-space",
          "error",
          "a field must start at the beginning of the line",
          [REF],
          place,
        ),
      );
      continue;
    }
    const colon = line.indexOf(":");
    if (colon < 0) {
      push(diagnostic("mta-sts-policy-syntax", "error", `${shown(line)} is not a "key: value" line`, [REF], place));
      continue;
    }
    const key = line.slice(0, colon);
    const valueStart = colon + 1 + (/^[ \t]*/.exec(line.slice(colon + 1))?.[0].length ?? 0);
    const value = line.slice(valueStart).replace(/[ \t]+$/, "");
    const valuePlace = { line: lineNo, start: start + valueStart, end: start + valueStart + value.length, field: key };
    if (!EXT_NAME.test(key)) {
      push(
        diagnostic("mta-sts-policy-key", "error", `${shown(key)} is not a valid field name`, [REF], {
          ...place,
          end: start + colon,
        }),
      );
      continue;
    }
    if (!isKnown(key)) {
      const near = nearKey(key);
      push(
        diagnostic(
          "mta-sts-policy-unknown-field",
          near ? "warning" : "info",
          near
            ? `unknown field "${key}" is ignored by senders (did you mean "${near}"?)`
            : `unknown field "${key}" is ignored by senders`,
          [REF],
          { ...place, field: key },
        ),
      );
      continue;
    }
    if (key !== "mx") {
      const count = (seen.get(key) ?? 0) + 1;
      seen.set(key, count);
      if (count > 1) {
        push(
          diagnostic(
            "mta-sts-policy-duplicate-field",
            "error",
            `"${key}" appears more than once; senders may take either`,
            [REF],
            { ...place, field: key },
          ),
        );
        continue;
      }
      keyLines.set(key, place);
    }
    if (value === "") {
      push(diagnostic("mta-sts-policy-empty-value", "error", `"${key}" has no value`, [REF], { ...place, field: key }));
      continue;
    }
    switch (key) {
      case "version":
        if (value === "STSv1") policy.version = "STSv1";
        else
          push(
            diagnostic(
              "mta-sts-policy-version",
              "error",
              `version must be "STSv1", not ${shown(value)}`,
              [REF],
              valuePlace,
            ),
          );
        break;
      case "mode":
        if (value === "enforce" || value === "testing" || value === "none") policy.mode = value;
        else
          push(
            diagnostic(
              "mta-sts-policy-mode",
              "error",
              `mode must be "enforce", "testing" or "none" (case-sensitive), not ${shown(value)}`,
              [REF, rfc(8461, "5")],
              valuePlace,
            ),
          );
        break;
      case "max_age": {
        if (!/^[0-9]{1,10}$/.test(value)) {
          push(
            diagnostic(
              "mta-sts-policy-max-age",
              "error",
              `max_age must be 1 to 10 digits (seconds), not ${shown(value)}`,
              [REF],
              valuePlace,
            ),
          );
          break;
        }
        const n = Number(value);
        if (n > MAX_MAX_AGE) {
          push(
            diagnostic(
              "mta-sts-policy-max-age-range",
              "error",
              `max_age ${n} is above the maximum ${MAX_MAX_AGE} (about one year)`,
              [REF],
              valuePlace,
            ),
          );
          break;
        }
        policy.maxAge = n;
        break;
      }
      case "mx": {
        const problem = mxPatternProblem(value);
        if (problem !== undefined) {
          push(
            diagnostic(
              "mta-sts-policy-mx-pattern",
              "error",
              `mx ${shown(value)}: ${problem}`,
              [REF, rfc(8461, "4.1")],
              valuePlace,
            ),
          );
          break;
        }
        if (policy.mx.some((m) => m.toLowerCase() === value.toLowerCase()))
          push(
            diagnostic("mta-sts-policy-mx-duplicate", "info", `mx ${shown(value)} is listed twice`, [REF], valuePlace),
          );
        else if (policy.mx.length < 1000) policy.mx.push(value);
        break;
      }
    }
  }
  const whole = { start: 0, end: body.length };
  for (const key of ["version", "mode", "max_age"] as const) {
    if (!seen.has(key))
      push(
        diagnostic("mta-sts-policy-missing-field", "error", `the policy has no "${key}" field`, [REF], {
          ...whole,
          field: key,
        }),
      );
  }
  if (
    policy.mode !== null &&
    policy.mode !== "none" &&
    policy.mx.length === 0 &&
    !diagnostics.some((d) => d.field === "mx")
  ) {
    push(
      diagnostic("mta-sts-policy-no-mx", "error", `mode "${policy.mode}" needs at least one "mx" pattern`, [REF], {
        ...whole,
        field: "mx",
      }),
    );
  }
  if (policy.maxAge !== null && policy.mode !== null && policy.mode !== "none" && policy.maxAge < SHORT_MAX_AGE) {
    const at = keyLines.get("max_age");
    push(
      diagnostic(
        "mta-sts-policy-max-age-short",
        "info",
        `max_age ${policy.maxAge} is under a week; RFC 8461 expects "weeks or greater" so that a policy survives an attack at refresh time`,
        [REF],
        at ? { ...at, field: "max_age" } : { ...whole, field: "max_age" },
      ),
    );
  }
  return { valid: !hasErrors(diagnostics), policy, diagnostics };
}
