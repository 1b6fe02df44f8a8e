/**
 * Just enough of RFC 5322 §2.2 to find the DKIM-Signature fields of a message before it is
 * verified: their tags (RFC 6376 §3.5) and byte ranges, so the verifier can be bounded. Bytes are
 * read as latin1, one character per byte, so offsets are byte offsets. Never throws.
 */
import { parseTagList, tagValue } from "../common/tag-list.ts";

/** One header field: its name and where it is (the line ending included). */
export interface HeaderField {
  name: string;
  start: number;
  end: number;
}

/** A DKIM-Signature field as read before verification. */
export interface SignatureField {
  field: HeaderField;
  /** Tags as written (`d`, `s`, `a`, `c`, `i`, `l`, `t`, `x`, `h`, `b`...). */
  domain: string;
  selector: string;
  algorithm: string;
  canonicalization: string;
  identity: string | null;
  signedHeaders: string[];
  bodyLength: number | null;
  signedAt: string | null;
  expiresAt: string | null;
  /** `b=` with whitespace removed (matches the verifier's results to the fields). */
  signature: string;
}

/** At most this many header fields are read (bounded work on hostile input). */
export const MAX_HEADER_FIELDS = 5000;

/**
 * Splits the header section of `text` (latin1) into fields. The section ends at the first empty
 * line; a line starting with space or tab continues the previous field (RFC 5322 §2.2.3).
 */
export function splitHeaderFields(text: string): { fields: HeaderField[]; headerEnd: number; truncated: boolean } {
  const fields: HeaderField[] = [];
  let pos = 0;
  let truncated = false;
  while (pos < text.length) {
    const newline = text.indexOf("\n", pos);
    const lineEnd = newline < 0 ? text.length : newline + 1;
    const line = text.slice(pos, lineEnd);
    if (line === "\n" || line === "\r\n" || line === "\r") return { fields, headerEnd: lineEnd, truncated };
    const first = line.charAt(0);
    const last = fields[fields.length - 1];
    if ((first === " " || first === "\t") && last !== undefined) {
      last.end = lineEnd;
    } else if (fields.length >= MAX_HEADER_FIELDS) {
      truncated = true;
      return { fields, headerEnd: pos, truncated };
    } else {
      const colon = line.indexOf(":");
      const name = (colon < 0 ? line : line.slice(0, colon)).trim();
      fields.push({ name, start: pos, end: lineEnd });
    }
    pos = lineEnd;
  }
  return { fields, headerEnd: text.length, truncated };
}

function timestamp(value: string | undefined): string | null {
  if (value === undefined || !/^\d{1,12}$/.test(value.trim())) return null;
  return new Date(Number(value.trim()) * 1000).toISOString();
}

/** Reads the tags of a DKIM-Signature field (RFC 6376 §3.5) without verifying anything. */
export function readSignatureField(text: string, field: HeaderField): SignatureField {
  const raw = text.slice(field.start, field.end);
  const value = raw.slice(raw.indexOf(":") + 1);
  const tags = parseTagList(value);
  const get = (name: string): string | undefined => tagValue(tags, name);
  const h = get("h");
  const l = get("l");
  return {
    field,
    domain: (get("d") ?? "").trim(),
    selector: (get("s") ?? "").trim(),
    algorithm: (get("a") ?? "").trim(),
    canonicalization: (get("c") ?? "simple/simple").replace(/[ \t\r\n]+/g, ""),
    identity: get("i") ?? null,
    signedHeaders:
      h === undefined
        ? []
        : h
            .split(":")
            .map((name) => name.trim().toLowerCase())
            .filter((name) => name !== ""),
    bodyLength: l !== undefined && /^\d{1,76}$/.test(l.trim()) ? Number(l.trim()) : null,
    signedAt: timestamp(get("t")),
    expiresAt: timestamp(get("x")),
    signature: (get("b") ?? "").replace(/[ \t\r\n]+/g, ""),
  };
}

/** The DKIM-Signature fields of a message, in order (top first). */
export function signatureFields(text: string): {
  signatures: SignatureField[];
  fields: HeaderField[];
  truncated: boolean;
} {
  const { fields, truncated } = splitHeaderFields(text);
  const signatures = fields
    .filter((f) => f.name.toLowerCase() === "dkim-signature")
    .map((f) => readSignatureField(text, f));
  return { signatures, fields, truncated };
}
