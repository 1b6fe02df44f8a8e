/**
 * Decoding an input file's bytes to text: UTF-8 (with or without a byte-order mark) and UTF-16
 * (little or big endian, with a byte-order mark or recognised by its NUL bytes, as Windows
 * PowerShell 5.1 writes with `>` and `Out-File`). Anything else (binary data, archives, UTF-32,
 * invalid UTF-8 such as a Windows-1252 file) is refused with a message that says what was found and
 * how to write the file instead. Never throws.
 *
 * Byte-order marks: Unicode 15.0 §23.8 and Table 2-4; UTF-16 surrogate pairs: RFC 2781 §2.
 */

/** The encodings {@link decodeText} reads. */
export type TextEncodingName = "utf-8" | "utf-16le" | "utf-16be";

/** The text of a file, or why it is not text. */
export type DecodedText =
  | {
      ok: true;
      /** The text without its byte-order mark. */
      text: string;
      encoding: TextEncodingName;
      /** Whether the bytes began with a byte-order mark. */
      bom: boolean;
    }
  | { ok: false; error: string };

/** How many leading bytes are sampled to recognise BOM-less UTF-16 and binary data. */
const SAMPLE = 4096;

const SAVE_AS = "save it as UTF-8 or UTF-16 text (PowerShell: Out-File -Encoding utf8)";

/** Well-known binary signatures, so that the message names what the file is. */
const SIGNATURES: readonly { bytes: readonly number[]; what: string }[] = [
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: "a ZIP archive (extract it first)" },
  { bytes: [0x1f, 0x8b], what: "a gzip archive (decompress it first)" },
  { bytes: [0x25, 0x50, 0x44, 0x46], what: "a PDF document" },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], what: "an Office (OLE) document" },
  { bytes: [0x89, 0x50, 0x4e, 0x47], what: "a PNG image" },
];

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);
}

/** The offset of the first byte that breaks UTF-8 (RFC 3629 §4), or -1 when the bytes are valid. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else {
      return i;
    }
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

/**
 * BOM-less UTF-16 by its NUL pattern: text that is mostly ASCII has a zero in every other byte
 * (the high byte), at odd offsets for little endian and even offsets for big endian.
 */
function nulPattern(bytes: Uint8Array): "utf-16le" | "utf-16be" | undefined {
  const n = Math.min(bytes.length, SAMPLE) & ~1;
  if (n < 2) return undefined;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) even++;
    if (bytes[i + 1] === 0) odd++;
  }
  const pairs = n / 2;
  if (odd >= pairs * 0.4 && even <= pairs * 0.05) return "utf-16le";
  if (even >= pairs * 0.4 && odd <= pairs * 0.05) return "utf-16be";
  return undefined;
}

/** The index of the first control character that text never holds (NUL and C0 other than TAB, LF, FF, CR). */
function firstBinaryChar(text: string): number {
  const limit = text.length;
  for (let i = 0; i < limit; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0c && c !== 0x0d) return i;
  }
  return -1;
}

function decodeUtf16(bytes: Uint8Array, encoding: "utf-16le" | "utf-16be", bom: boolean): DecodedText {
  const body = bom ? bytes.subarray(2) : bytes;
  if (body.length % 2 !== 0) {
    return { ok: false, error: `is ${encoding.toUpperCase()} with an odd number of bytes (truncated?); ${SAVE_AS}` };
  }
  let text: string;
  try {
    text = new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(body);
  } catch {
    return { ok: false, error: `is not valid ${encoding.toUpperCase()} (an unpaired surrogate); ${SAVE_AS}` };
  }
  return finish(text, encoding, bom);
}

function finish(text: string, encoding: TextEncodingName, bom: boolean): DecodedText {
  const bad = firstBinaryChar(text);
  if (bad >= 0) {
    const code = text.charCodeAt(bad).toString(16).padStart(4, "0");
    return {
      ok: false,
      error: `looks like binary data, not text (control character U+${code.toUpperCase()} at character ${bad}); ${SAVE_AS}`,
    };
  }
  return { ok: true, text, encoding, bom };
}

/**
 * Decodes a file's bytes to text. Recognises the UTF-8 and UTF-16 byte-order marks, BOM-less UTF-16
 * by its NUL bytes, and otherwise requires valid UTF-8. Refuses binary data (NUL and other control
 * characters), archives, UTF-32 and invalid UTF-8 with a message (to follow the file's name) saying
 * what was found. Never throws.
 */
export function decodeText(bytes: Uint8Array): DecodedText {
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) {
    const bad = firstInvalidUtf8(bytes.subarray(3));
    if (bad >= 0) return invalidUtf8(bytes, bad + 3);
    return finish(new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes.subarray(3)), "utf-8", true);
  }
  if (startsWith(bytes, [0xff, 0xfe, 0x00, 0x00]) || startsWith(bytes, [0x00, 0x00, 0xfe, 0xff])) {
    return { ok: false, error: `is UTF-32, which is not read; ${SAVE_AS}` };
  }
  if (startsWith(bytes, [0xff, 0xfe])) return decodeUtf16(bytes, "utf-16le", true);
  if (startsWith(bytes, [0xfe, 0xff])) return decodeUtf16(bytes, "utf-16be", true);
  for (const s of SIGNATURES) {
    if (startsWith(bytes, s.bytes)) return { ok: false, error: `is ${s.what}, not text` };
  }
  const utf16 = nulPattern(bytes);
  if (utf16 !== undefined) return decodeUtf16(bytes, utf16, false);
  const bad = firstInvalidUtf8(bytes);
  if (bad >= 0) return invalidUtf8(bytes, bad);
  return finish(new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes), "utf-8", false);
}

function invalidUtf8(bytes: Uint8Array, offset: number): DecodedText {
  const byte = (bytes[offset] ?? 0).toString(16).padStart(2, "0").toUpperCase();
  const hint = offset < SAMPLE && bytes.subarray(0, SAMPLE).includes(0) ? "binary data or " : "";
  return {
    ok: false,
    error: `is not valid UTF-8 (byte 0x${byte} at offset ${offset}; ${hint}a legacy code page such as Windows-1252?); ${SAVE_AS}`,
  };
}

/** Removes a leading byte-order mark (U+FEFF) from text that was decoded elsewhere. */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
