/**
 * The MTA-STS TXT record at `_mta-sts.<domain>` (RFC 8461 §3.1):
 *
 * ```
 * sts-text-record = sts-version 1*(sts-field-delim sts-field) [sts-field-delim]
 * sts-version     = %s"v=STSv1"
 * sts-field       = sts-id / sts-extension
 * sts-id          = %s"id=" 1*32(ALPHA / DIGIT)
 * sts-extension   = sts-ext-name "=" sts-ext-value
 * ```
 */
import { diagnostic, hasErrors, rfc, shown } from "./diagnostic.ts";
import { duplicateFields, isExtValue, parseFields } from "./fields.ts";
import type { TransportDiagnostic } from "./types.ts";

/** What {@link parseMtaStsRecord} returns. */
export interface MtaStsRecordParse {
  /** No error: senders accept this record. */
  valid: boolean;
  /** The `id` value (present when one was given, even if invalid). */
  id?: string;
  /** Fields other than `id`, which senders ignore (RFC 8461 §3.1). */
  extensions: Array<{ name: string; value: string }>;
  diagnostics: TransportDiagnostic[];
}

const REF = rfc(8461, "3.1");
const ID_RE = /^[A-Za-z0-9]{1,32}$/;

/**
 * Parses one `_mta-sts` TXT record (its character-strings already joined). Never throws; every
 * problem is a diagnostic with its offsets in `text`.
 */
export function parseMtaStsRecord(text: string): MtaStsRecordParse {
  const parsed = parseFields(text, "STSv1", "mta-sts-record", REF);
  const diagnostics = [...parsed.diagnostics, ...duplicateFields(parsed.fields, "mta-sts-record", REF)];
  const extensions: Array<{ name: string; value: string }> = [];
  let id: string | undefined;
  for (const f of parsed.fields) {
    if (f.name === "id") {
      if (id !== undefined) continue;
      id = f.value;
      if (!ID_RE.test(f.value)) {
        diagnostics.push(
          diagnostic("mta-sts-record-id", "error", `id ${shown(f.value)} must be 1 to 32 letters and digits`, [REF], {
            start: f.valueStart,
            end: f.end,
            field: "id",
          }),
        );
      }
      continue;
    }
    extensions.push({ name: f.name, value: f.value });
    if (!isExtValue(f.value)) {
      diagnostics.push(
        diagnostic(
          "mta-sts-record-extension-value",
          "error",
          `the value of "${f.name}" must be printable characters other than "=", ";" and space`,
          [REF],
          { start: f.valueStart, end: f.end, field: f.name },
        ),
      );
    } else if (f.name.toLowerCase() === "id") {
      diagnostics.push(
        diagnostic(
          "mta-sts-record-id-case",
          "error",
          `"${f.name}" is not "id" (field names are case-sensitive)`,
          [REF],
          {
            start: f.start,
            end: f.end,
            field: f.name,
          },
        ),
      );
    }
  }
  if (id === undefined && parsed.versionOk) {
    diagnostics.push(
      diagnostic("mta-sts-record-id-missing", "error", 'the record has no "id" field, which is required', [REF], {
        start: 0,
        end: text.length,
        field: "id",
      }),
    );
  }
  const result: MtaStsRecordParse = { valid: parsed.versionOk && !hasErrors(diagnostics), extensions, diagnostics };
  if (id !== undefined) result.id = id;
  return result;
}
