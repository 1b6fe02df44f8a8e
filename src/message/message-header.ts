/**
 * Just enough of RFC 5322 §2.2 to find the DKIM-Signature fields of a message before it is
 * verified: one linear scan of the header section counts every field and keeps where each
 * DKIM-Signature field is (two numbers each); only the signatures that will be verified are read
 * (RFC 6376 §3.5 tags). Bytes are read as latin1, one character per byte, so offsets are byte
 * offsets. Never throws.
 */
import { parseTagList, tagValue } from "../common/tag-list.ts";

/** Where one header field is: from its first byte to the end of its last line (line ending included). */
export interface HeaderField {
  start: number;
  end: number;
}

/** What one scan of a header section finds. */
export interface HeaderScan {
  /** Header fields (a folded field counts once). */
  fields: number;
  /** From fields (RFC 5322 §3.6.2). */
  fromFields: number;
  /** Where the header section ends (after the empty line, or the end of the text). */
  headerEnd: number;
  /** Every DKIM-Signature field, top first: `starts[i]` to `ends[i]`. */
  signatureStarts: number[];
  signatureEnds: number[];
}

/**
 * Scans the header section of `text` (latin1) once. The section ends at the first empty line; a
 * line starting with space or tab continues the previous field (RFC 5322 §2.2.3). The work and the
 * memory are linear in the size of the header section, whatever it holds.
 */
export function scanHeader(text: string): HeaderScan {
  const scan: HeaderScan = { fields: 0, fromFields: 0, headerEnd: text.length, signatureStarts: [], signatureEnds: [] };
  let pos = 0;
  /** Whether the field being read is a DKIM-Signature field (its end moves with each folded line). */
  let inSignature = false;
  while (pos < text.length) {
    const newline = text.indexOf("\n", pos);
    const lineEnd = newline < 0 ? text.length : newline + 1;
    const first = text.charCodeAt(pos);
    // An empty line ("\n", "\r\n", or a lone "\r" line) ends the header section.
    if (first === 0x0a || (first === 0x0d && (lineEnd - pos === 1 || text.charCodeAt(pos + 1) === 0x0a))) {
      scan.headerEnd = lineEnd;
      return scan;
    }
    if ((first === 0x20 || first === 0x09) && scan.fields > 0) {
      if (inSignature) scan.signatureEnds[scan.signatureEnds.length - 1] = lineEnd;
    } else {
      scan.fields++;
      const name = fieldName(text, pos, lineEnd);
      inSignature = name === "dkim-signature";
      if (inSignature) {
        scan.signatureStarts.push(pos);
        scan.signatureEnds.push(lineEnd);
      } else if (name === "from") scan.fromFields++;
    }
    pos = lineEnd;
  }
  return scan;
}

/** The longest field name of interest ("dkim-signature"): longer names are not read. */
const LONGEST_NAME = 14;

/** The field name of the line at `pos`, lower case, when it could be "from" or "dkim-signature". */
function fieldName(text: string, pos: number, lineEnd: number): string | undefined {
  // Only the first LONGEST_NAME + 1 characters and the spaces before the colon are looked at, so a
  // long line costs no more than a short one (the scan stays linear).
  const limit = Math.min(lineEnd, pos + LONGEST_NAME + 1);
  let end = pos;
  while (end < limit && text.charCodeAt(end) !== 0x3a) end++;
  if (end === limit) {
    // No colon yet: "DKIM-Signature   :" (white space before the colon, RFC 5322 §4.5.1 obs-FWS).
    let colon = end;
    while (colon < lineEnd && (text.charCodeAt(colon) === 0x20 || text.charCodeAt(colon) === 0x09)) colon++;
    if (colon >= lineEnd || text.charCodeAt(colon) !== 0x3a) return undefined;
  }
  const name = text.slice(pos, end).trimEnd().toLowerCase();
  return name === "dkim-signature" || name === "from" ? name : undefined;
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
