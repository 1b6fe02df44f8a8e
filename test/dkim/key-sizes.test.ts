/**
 * RSA key sizes at their boundaries (RFC 8301 §3.2: "Verifiers MUST be able to validate signatures
 * with keys ranging from 1024 bits to 4096 bits"): under 1024 refused, under 2048 weak, over 4096
 * flagged (receivers may not verify), over 16,384 refused and not `ok` (OpenSSL's limit; bounded
 * work). Keys are built from a modulus of the exact size (2^(n-1) + 1: parsing needs no primes).
 */
import { createPublicKey } from "node:crypto";
import { describe, expect, it } from "vitest";
import { MAX_KEY_DER_BYTES, MAX_RSA_KEY_BITS } from "../../src/dkim/key-decode.ts";
import { parseDkimKey } from "../../src/dkim/key-record.ts";
import { lookupDkimKey } from "../../src/dkim/lookup.ts";
import { FixtureResolver } from "../../src/dns/fixture/resolver.ts";

/** DER length octets. */
function derLength(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v % 256);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function derInteger(value: Buffer): Buffer {
  const body = (value[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), value]) : value;
  return Buffer.concat([Buffer.from([0x02]), derLength(body.length), body]);
}

/** A bare RSAPublicKey with a modulus of exactly `bits` bits and e = 65537. */
function pkcs1OfBits(bits: number): Buffer {
  const modulus = Buffer.alloc(Math.ceil(bits / 8));
  modulus[0] = 1 << ((bits - 1) % 8);
  modulus[modulus.length - 1] = (modulus[modulus.length - 1] ?? 0) | 1;
  const content = Buffer.concat([derInteger(modulus), derInteger(Buffer.from([1, 0, 1]))]);
  return Buffer.concat([Buffer.from([0x30]), derLength(content.length), content]);
}

/** The same key as a SubjectPublicKeyInfo, base64 (what is published). */
function spkiOfBits(bits: number): string {
  return createPublicKey({ key: pkcs1OfBits(bits), format: "der", type: "pkcs1" })
    .export({ type: "spki", format: "der" })
    .toString("base64");
}

describe("RSA key sizes (RFC 8301 §3.2)", () => {
  it.each([
    [1023, ["rsa-key-too-short"], false],
    [1024, ["rsa-key-weak"], true],
    [2047, ["rsa-key-weak"], true],
    [2048, [], true],
    [4096, [], true],
    [4097, ["rsa-key-too-long"], true],
    [8192, ["rsa-key-too-long"], true],
    [16_384, ["rsa-key-too-long"], true],
    [16_385, ["rsa-key-too-large"], false],
  ])("%i bits: %j, usable %s", (bits, codes, usable) => {
    const record = parseDkimKey(`v=DKIM1; k=rsa; p=${spkiOfBits(bits)}`);
    expect(record.key?.bits).toBe(bits);
    expect(record.diagnostics.map((d) => d.code)).toEqual(codes);
    expect(record.usable).toBe(usable);
  });

  it("over 4096 bits is a warning naming RFC 8301 and the verifiers that may not validate it", () => {
    const d = parseDkimKey(`v=DKIM1; p=${spkiOfBits(4097)}`).diagnostics[0];
    expect(d).toMatchObject({ code: "rsa-key-too-long", severity: "warning", rfc: "RFC 8301 §3.2" });
    expect(d?.message).toMatch(/4097 bits.*4096/);
  });

  it("over 16,384 bits the lookup is not ok: malformed, permerror", async () => {
    expect(MAX_RSA_KEY_BITS).toBe(16_384);
    const resolver = new FixtureResolver({
      version: 1,
      records: {
        "huge._domainkey.example.org": { TXT: [[`v=DKIM1; p=${spkiOfBits(16_385)}`]] },
        "big._domainkey.example.org": { TXT: [[`v=DKIM1; p=${spkiOfBits(16_384)}`]] },
      },
    });
    const huge = await lookupDkimKey("huge", "example.org", { resolver });
    expect(huge).toMatchObject({ status: "malformed", usable: false, failure: "permerror" });
    expect(huge.diagnostics[0]).toMatchObject({ code: "rsa-key-too-large", severity: "error" });
    const big = await lookupDkimKey("big", "example.org", { resolver });
    expect(big).toMatchObject({ status: "ok", usable: true });
  });

  it("key data past the largest readable key is not decoded at all (bounded work)", () => {
    // About 40 KB of base64, as a hostile TXT record could hold: a 300,000-bit modulus.
    const der = pkcs1OfBits(300_000);
    expect(der.length).toBeGreaterThan(MAX_KEY_DER_BYTES);
    const record = parseDkimKey(`v=DKIM1; p=${der.toString("base64")}`);
    expect(record.key).toBeNull();
    expect(record.diagnostics.map((d) => d.code)).toEqual(["rsa-key-too-large"]);
    expect(record.diagnostics[0]?.message).toMatch(/not read/);
  });
});
