/**
 * Decodes the `p=` data of a DKIM key record into a public key with `node:crypto`: RSA as
 * SubjectPublicKeyInfo or as a bare PKCS#1 RSAPublicKey (both are published), Ed25519 as the 32 raw
 * bytes of RFC 8463 §4.2. Never throws.
 */
import { createHash, createPublicKey, type KeyObject } from "node:crypto";
import { dkimDiagnostic } from "./diagnostics.ts";
import type { DkimDiagnostic, DkimKeyEncoding, DkimPublicKey } from "./types.ts";

/** The SubjectPublicKeyInfo prefix of an Ed25519 key (RFC 8410 §4): SEQUENCE, AlgorithmIdentifier 1.3.101.112, BIT STRING of 33. */
const ED25519_SPKI_PREFIX = Buffer.from("302a300506032b6570032100", "hex");

/**
 * The largest RSA key read: OpenSSL, which most verifiers use, refuses moduli over 16,384 bits
 * (OPENSSL_RSA_MAX_MODULUS_BITS), and RFC 8301 §3.2 asks verifiers to support 1024 to 4096.
 */
export const MAX_RSA_KEY_BITS = 16_384;
/**
 * DER larger than this is not decoded at all (bounded work): a 16,384-bit modulus with an exponent
 * as long, plus the SubjectPublicKeyInfo headers, fits in it.
 */
export const MAX_KEY_DER_BYTES = 4_200;

/** Base64 as RFC 6376 §2.4 allows it once whitespace is removed: the alphabet, then up to two `=`. */
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** The outcome of decoding: a key, or nothing, with diagnostics either way. */
export interface DecodedKey {
  key: DkimPublicKey | null;
  diagnostics: DkimDiagnostic[];
}

/** Decodes base64 strictly: the alphabet, correct padding, no lone trailing character. */
export function decodeBase64(data: string): Buffer | undefined {
  if (!BASE64.test(data)) return undefined;
  const body = data.replace(/=+$/, "");
  if (body.length % 4 === 1) return undefined;
  if (data.length !== body.length && data.length % 4 !== 0) return undefined;
  return Buffer.from(body, "base64");
}

/**
 * Reads the DER header of a SEQUENCE at the start of `der`: returns the offset of its content and
 * whether the encoded length covers the buffer exactly (no truncation, no trailing bytes).
 */
function derSequence(der: Buffer): { contentOffset: number; exact: boolean } | undefined {
  if (der.length < 2 || der[0] !== 0x30) return undefined;
  const first = der[1] ?? 0;
  if (first < 0x80) return { contentOffset: 2, exact: 2 + first === der.length };
  const octets = first & 0x7f;
  if (octets === 0 || octets > 4 || der.length < 2 + octets) return undefined;
  let length = 0;
  for (let i = 0; i < octets; i++) length = length * 256 + (der[2 + i] ?? 0);
  return { contentOffset: 2 + octets, exact: 2 + octets + length === der.length };
}

function tryKey(key: Buffer, type: "spki" | "pkcs1"): KeyObject | undefined {
  try {
    return createPublicKey({ key, format: "der", type });
  } catch {
    return undefined;
  }
}

function describe(object: KeyObject, encoding: DkimKeyEncoding): DkimPublicKey | undefined {
  let spki: Buffer;
  try {
    spki = object.export({ type: "spki", format: "der" });
  } catch {
    return undefined;
  }
  const fingerprint = createHash("sha256").update(spki).digest("hex");
  if (object.asymmetricKeyType === "ed25519") return { type: "ed25519", bits: 256, encoding, fingerprint };
  if (object.asymmetricKeyType !== "rsa") return undefined;
  const details = object.asymmetricKeyDetails ?? {};
  const key: DkimPublicKey = { type: "rsa", bits: details.modulusLength ?? 0, encoding, fingerprint };
  const exponent = details.publicExponent;
  if (typeof exponent === "bigint" && exponent <= BigInt(Number.MAX_SAFE_INTEGER)) key.exponent = Number(exponent);
  return key;
}

/** RSA key size diagnostics (RFC 8301 §3.2). */
function rsaSize(bits: number): DkimDiagnostic[] {
  if (bits < 1024)
    return [
      dkimDiagnostic("rsa-key-too-short", `the RSA key has ${bits} bits; keys under 1024 bits must not be used`, "p"),
    ];
  if (bits < 2048)
    return [dkimDiagnostic("rsa-key-weak", `the RSA key has ${bits} bits; 2048 or more is recommended`, "p")];
  if (bits > MAX_RSA_KEY_BITS)
    return [
      dkimDiagnostic(
        "rsa-key-too-large",
        `the RSA key has ${bits} bits; over ${MAX_RSA_KEY_BITS} OpenSSL-based verifiers refuse it`,
        "p",
      ),
    ];
  if (bits > 4096)
    return [
      dkimDiagnostic(
        "rsa-key-too-long",
        `the RSA key has ${bits} bits; verifiers only have to support up to 4096 (RFC 8301 §3.2), so some may not verify it`,
        "p",
      ),
    ];
  return [];
}

/**
 * The key data of a decoded key in the one form verifiers are given (see `canonicalDkimKey`):
 * base64 of the SubjectPublicKeyInfo for RSA, of the 32 raw bytes for Ed25519 (RFC 8463 §4.2).
 * Undefined when `data` does not decode to a key of `type`.
 */
export function canonicalKeyData(data: string, type: "rsa" | "ed25519"): string | undefined {
  const der = decodeBase64(data);
  if (der === undefined) return undefined;
  if (type === "ed25519") return der.length === 32 ? der.toString("base64") : undefined;
  if (der.length > MAX_KEY_DER_BYTES) return undefined;
  const sequence = derSequence(der);
  if (sequence === undefined || !sequence.exact) return undefined;
  const object = tryKey(der, der[sequence.contentOffset] === 0x02 ? "pkcs1" : "spki");
  if (object?.asymmetricKeyType !== "rsa") return undefined;
  try {
    return object.export({ type: "spki", format: "der" }).toString("base64");
  } catch {
    return undefined;
  }
}

/** Names what a SubjectPublicKeyInfo holds when it is not the expected type. */
function spkiType(der: Buffer): string | undefined {
  return tryKey(der, "spki")?.asymmetricKeyType;
}

function decodeEd25519(der: Buffer): DecodedKey {
  if (der.length === 32) {
    const object = tryKey(Buffer.concat([ED25519_SPKI_PREFIX, der]), "spki");
    const key = object === undefined ? undefined : describe(object, "raw");
    if (key !== undefined) return { key, diagnostics: [] };
    return {
      key: null,
      diagnostics: [dkimDiagnostic("key-undecodable", "the 32 bytes of p= are not an Ed25519 public key", "p")],
    };
  }
  const sequence = derSequence(der);
  const type = sequence?.exact === true ? spkiType(der) : undefined;
  if (type === "ed25519") {
    const object = tryKey(der, "spki");
    const key = object === undefined ? null : (describe(object, "spki") ?? null);
    return {
      key,
      diagnostics: [
        dkimDiagnostic(
          "ed25519-key-not-raw",
          "p= is an Ed25519 SubjectPublicKeyInfo; RFC 8463 publishes the 32 key bytes alone",
          "p",
        ),
      ],
    };
  }
  if (type !== undefined) {
    return {
      key: null,
      diagnostics: [dkimDiagnostic("key-type-mismatch", `k=ed25519 but p= holds a ${type.toUpperCase()} key`, "k")],
    };
  }
  return {
    key: null,
    diagnostics: [dkimDiagnostic("key-undecodable", `an Ed25519 key is 32 bytes; p= decodes to ${der.length}`, "p")],
  };
}

function decodeRsa(der: Buffer, declared: boolean): DecodedKey {
  if (der.length > MAX_KEY_DER_BYTES) {
    return {
      key: null,
      diagnostics: [
        dkimDiagnostic(
          "rsa-key-too-large",
          `p= decodes to ${der.length} bytes, more than any RSA key of ${MAX_RSA_KEY_BITS} bits; not read`,
          "p",
        ),
      ],
    };
  }
  const sequence = derSequence(der);
  if (sequence === undefined) {
    if (der.length === 32 && !declared) {
      return {
        key: null,
        diagnostics: [
          dkimDiagnostic(
            "key-type-mismatch",
            "p= is 32 bytes, an Ed25519 key, but k= is absent and defaults to rsa",
            "k",
          ),
        ],
      };
    }
    return { key: null, diagnostics: [dkimDiagnostic("key-undecodable", "p= is not a DER-encoded RSA key", "p")] };
  }
  if (!sequence.exact) {
    return {
      key: null,
      diagnostics: [
        dkimDiagnostic(
          "key-undecodable",
          "the DER length of p= does not match its data (truncated, or trailing bytes)",
          "p",
        ),
      ],
    };
  }
  // A bare RSAPublicKey starts with an INTEGER (the modulus); a SubjectPublicKeyInfo with a SEQUENCE.
  const pkcs1 = der[sequence.contentOffset] === 0x02;
  const object = tryKey(der, pkcs1 ? "pkcs1" : "spki");
  if (object === undefined) return { key: null, diagnostics: [dkimDiagnostic("key-undecodable", undefined, "p")] };
  const key = describe(object, pkcs1 ? "pkcs1" : "spki");
  if (key === undefined) {
    return {
      key: null,
      diagnostics: [
        dkimDiagnostic(
          "key-type-mismatch",
          `p= holds a ${String(object.asymmetricKeyType).toUpperCase()} key, not RSA`,
          "p",
        ),
      ],
    };
  }
  if (key.type === "ed25519") {
    const why = declared
      ? "k=rsa but p= holds an Ed25519 key"
      : "p= holds an Ed25519 key but k= is absent and defaults to rsa";
    return { key, diagnostics: [dkimDiagnostic("key-type-mismatch", why, "k")] };
  }
  const diagnostics = rsaSize(key.bits);
  if (pkcs1) diagnostics.push(dkimDiagnostic("rsa-key-pkcs1", undefined, "p"));
  return { key, diagnostics };
}

/**
 * Decodes base64 key data (whitespace already removed) for the key type `keyType` (`rsa` or
 * `ed25519`); `declared` tells whether k= was written (it defaults to rsa, RFC 6376 §3.6.1).
 */
export function decodePublicKey(data: string, keyType: "rsa" | "ed25519", declared: boolean): DecodedKey {
  const der = decodeBase64(data);
  if (der === undefined) return { key: null, diagnostics: [dkimDiagnostic("key-base64-invalid", undefined, "p")] };
  return keyType === "ed25519" ? decodeEd25519(der) : decodeRsa(der, declared);
}
