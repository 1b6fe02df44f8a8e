import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeText, stripBom } from "../../src/common/text-decode.ts";

const SAMPLE = 'Größe: 35 MB <Objs> "naïve" 😀 \r\n\tend';

function utf16(text: string, endian: "le" | "be", bom: boolean): Uint8Array {
  const body = Buffer.from(text, "utf16le");
  if (endian === "be") body.swap16();
  const mark = endian === "le" ? [0xff, 0xfe] : [0xfe, 0xff];
  return bom ? Uint8Array.from([...mark, ...body]) : Uint8Array.from(body);
}

describe("decodeText", () => {
  it.each([
    ["UTF-8", Buffer.from(SAMPLE, "utf8"), "utf-8", false],
    ["UTF-8 with BOM", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(SAMPLE, "utf8")]), "utf-8", true],
    ["UTF-16 LE with BOM", utf16(SAMPLE, "le", true), "utf-16le", true],
    ["UTF-16 BE with BOM", utf16(SAMPLE, "be", true), "utf-16be", true],
    ["UTF-16 LE without BOM", utf16(SAMPLE, "le", false), "utf-16le", false],
    ["UTF-16 BE without BOM", utf16(SAMPLE, "be", false), "utf-16be", false],
  ])("reads %s", (_, bytes, encoding, bom) => {
    expect(decodeText(bytes)).toEqual({ ok: true, text: SAMPLE, encoding, bom });
  });

  it("reads empty input as empty UTF-8 text", () => {
    expect(decodeText(new Uint8Array())).toEqual({ ok: true, text: "", encoding: "utf-8", bom: false });
  });

  it.each([
    ["a NUL byte", Uint8Array.from([0x3c, 0x61, 0x00, 0x62, 0x63, 0x64, 0x65]), /binary data/],
    [
      "invalid UTF-8 (Windows-1252)",
      Uint8Array.from([0x47, 0x72, 0xf6, 0xdf, 0x65]),
      /not valid UTF-8 \(byte 0xF6 at offset 2/,
    ],
    ["an overlong UTF-8 form", Uint8Array.from([0x41, 0xc0, 0xaf]), /not valid UTF-8 \(byte 0xC0 at offset 1/],
    ["a UTF-8 surrogate", Uint8Array.from([0xed, 0xa0, 0x80]), /not valid UTF-8/],
    ["a truncated UTF-8 sequence", Uint8Array.from([0x41, 0xe2, 0x82]), /not valid UTF-8/],
    ["UTF-32", Uint8Array.from([0xff, 0xfe, 0x00, 0x00, 0x41, 0, 0, 0]), /UTF-32/],
    ["a ZIP archive", Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), /ZIP archive/],
    ["a gzip file", Uint8Array.from([0x1f, 0x8b, 8, 0]), /gzip/],
    ["odd-length UTF-16", Uint8Array.from([0xff, 0xfe, 0x41, 0x00, 0x42]), /odd number of bytes/],
    ["an unpaired UTF-16 surrogate", Uint8Array.from([0xff, 0xfe, 0x00, 0xd8, 0x41, 0x00]), /unpaired surrogate/],
    ["control characters", Buffer.from("abc\u0001def", "utf8"), /U\+0001/],
  ])("refuses %s with a clear message", (_, bytes, message) => {
    const r = decodeText(bytes);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toMatch(message);
      expect(r.error).toMatch(/UTF-8 or UTF-16|not text|UTF-32/);
    }
  });

  it("never throws, and decodes what it accepts back to the same bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const r = decodeText(bytes);
        if (r.ok && r.encoding === "utf-8") {
          const again = Buffer.from(r.text, "utf8");
          const body = r.bom ? bytes.subarray(3) : bytes;
          expect(Buffer.compare(again, Buffer.from(body))).toBe(0);
        }
      }),
    );
  });

  it("round-trips any text without control characters in every encoding", () => {
    const text = fc
      .string({ unit: "grapheme", maxLength: 80 })
      .map((s) => s.replace(/[\u0000-\u0008\u000b\u000e-\u001f\ufeff]/g, ""));
    fc.assert(
      fc.property(text, fc.constantFrom("utf8", "utf8bom", "le", "be"), (t, enc) => {
        const bytes =
          enc === "utf8"
            ? Buffer.from(t, "utf8")
            : enc === "utf8bom"
              ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(t, "utf8")])
              : utf16(t, enc, true);
        const r = decodeText(bytes);
        expect(r.ok && r.text).toBe(t);
      }),
    );
  });
});

describe("stripBom", () => {
  it("removes one leading U+FEFF only", () => {
    expect(stripBom("\ufeff<a/>")).toBe("<a/>");
    expect(stripBom("<a/>\ufeff")).toBe("<a/>\ufeff");
  });
});
