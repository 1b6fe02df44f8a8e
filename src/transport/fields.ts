/**
 * The `v=<version>; name=value; ...` syntax shared by the MTA-STS TXT record (RFC 8461 §3.1) and the
 * TLS-RPT TXT record (RFC 8460 §3), parsed with positions. Field values are checked by the callers.
 *
 * ```
 * sts-text-record = sts-version 1*(sts-field-delim sts-field) [sts-field-delim]
 * sts-field-delim = *WSP ";" *WSP
 * sts-ext-name    = (ALPHA / DIGIT) *31(ALPHA / DIGIT / "_" / "-" / ".")
 * sts-ext-value   = 1*(%x21-3A / %x3C / %x3E-7E)   ; no "=", ";", space or control characters
 * ```
 */
import { diagnostic, rfc, shown } from "./diagnostic.ts";
import type { TransportDiagnostic, TransportRef } from "./types.ts";

/** One `name=value` field of the record, with offsets into the text. */
export interface RecordField {
  name: string;
  value: string;
  start: number;
  end: number;
  valueStart: number;
}

/** What {@link parseFields} returns. */
export interface ParsedFields {
  fields: RecordField[];
  diagnostics: TransportDiagnostic[];
  /** The record starts exactly with `v=<version>` followed by the delimiter or the end. */
  versionOk: boolean;
}

/** The longest record text we look at (a TXT RRset this long is already abnormal). */
export const MAX_RECORD_TEXT = 4096;

const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/;

function isWsp(c: string | undefined): boolean {
  return c === " " || c === "\t";
}

/** Whether `value` is made only of `sts-ext-value` characters. */
export function isExtValue(value: string): boolean {
  if (value.length === 0) return false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x21 || c > 0x7e || c === 0x3b || c === 0x3d) return false;
  }
  return true;
}

/**
 * Splits a record into fields. `prefix` starts each diagnostic code (`mta-sts-record`,
 * `tls-rpt-record`); `ref` is the section the syntax comes from. The first field must be exactly
 * `v=<version>` (case-sensitive, RFC 7405 `%s`). Never throws.
 */
export function parseFields(text: string, version: string, prefix: string, ref: TransportRef): ParsedFields {
  const diagnostics: TransportDiagnostic[] = [];
  const fields: RecordField[] = [];
  const body = text.length > MAX_RECORD_TEXT ? text.slice(0, MAX_RECORD_TEXT) : text;
  if (body.length < text.length) {
    diagnostics.push(
      diagnostic(
        `${prefix}-too-long`,
        "error",
        `record longer than ${MAX_RECORD_TEXT} characters; the rest was not read`,
        [ref],
        {
          start: MAX_RECORD_TEXT,
          end: text.length,
        },
      ),
    );
  }
  // Split on ";" keeping offsets.
  const segments: Array<{ start: number; end: number }> = [];
  let from = 0;
  for (let i = 0; i <= body.length; i++) {
    if (i === body.length || body[i] === ";") {
      segments.push({ start: from, end: i });
      from = i + 1;
    }
  }
  const versionText = `v=${version}`;
  let versionOk = false;
  segments.forEach((segment, index) => {
    let s = segment.start;
    let e = segment.end;
    while (s < e && isWsp(body[s])) s++;
    while (e > s && isWsp(body[e - 1])) e--;
    if (s === e) {
      const last = index === segments.length - 1;
      // A trailing delimiter is allowed; an empty record or an empty field in the middle is not.
      if (!(last && index > 0)) {
        diagnostics.push(
          diagnostic(`${prefix}-empty-field`, "error", 'empty field (two ";" in a row, or nothing at all)', [ref], {
            start: segment.start,
            end: segment.end,
          }),
        );
      }
      return;
    }
    if (index === 0 && s !== segment.start) {
      diagnostics.push(
        diagnostic(
          `${prefix}-leading-space`,
          "error",
          `the record must start with "${versionText}", not with space`,
          [ref],
          {
            start: segment.start,
            end: s,
          },
        ),
      );
    }
    const raw = body.slice(s, e);
    const eq = raw.indexOf("=");
    if (eq < 0) {
      diagnostics.push(
        diagnostic(`${prefix}-syntax`, "error", `${shown(raw)} is not a name=value field`, [ref], { start: s, end: e }),
      );
      return;
    }
    const name = raw.slice(0, eq);
    const value = raw.slice(eq + 1);
    if (index === 0) {
      if (raw === versionText) versionOk = true;
      else {
        diagnostics.push(
          diagnostic(
            `${prefix}-version`,
            "error",
            `the record must start with exactly "${versionText}" (case-sensitive, no spaces around "="), found ${shown(raw)}`,
            [ref],
            { start: s, end: e, field: "v" },
          ),
        );
      }
      return;
    }
    if (!NAME_RE.test(name)) {
      diagnostics.push(
        diagnostic(`${prefix}-field-name`, "error", `${shown(name)} is not a valid field name`, [ref], {
          start: s,
          end: s + eq,
        }),
      );
      return;
    }
    if (name === "v") {
      diagnostics.push(
        diagnostic(`${prefix}-version-repeated`, "error", `"v" may appear only first`, [ref], {
          start: s,
          end: e,
          field: "v",
        }),
      );
      return;
    }
    fields.push({ name, value, start: s, end: e, valueStart: s + eq + 1 });
  });
  if (fields.length === 0 && versionOk) {
    diagnostics.push(
      diagnostic(`${prefix}-no-fields`, "error", `"${versionText}" must be followed by at least one field`, [ref], {
        start: 0,
        end: body.length,
      }),
    );
  }
  return { fields, diagnostics, versionOk };
}

/** Diagnoses every field named `name` after the first one (the later ones are ignored). */
export function duplicateFields(
  fields: readonly RecordField[],
  prefix: string,
  ref: TransportRef = rfc(8461, "3.1"),
): TransportDiagnostic[] {
  const seen = new Set<string>();
  const out: TransportDiagnostic[] = [];
  for (const f of fields) {
    if (seen.has(f.name)) {
      out.push(
        diagnostic(`${prefix}-duplicate-field`, "error", `field "${f.name}" appears more than once`, [ref], {
          start: f.start,
          end: f.end,
          field: f.name,
        }),
      );
    }
    seen.add(f.name);
  }
  return out;
}

/**
 * Whether a TXT record is a candidate record of this kind: it starts with `v=<version>`
 * case-insensitively, allowing space around `=`, so that near misses are diagnosed rather than
 * silently skipped. Exactly-conforming records are those whose {@link ParsedFields.versionOk} is true.
 */
export function looksLikeVersion(text: string, version: string): boolean {
  const re = new RegExp(`^\\s*v\\s*=\\s*${version}(?![A-Za-z0-9])`, "i");
  return re.test(text);
}
