/**
 * DKIM result types (RFC 6376, RFC 8301, RFC 8463). Everything here is plain, JSON-serialisable
 * data: no classes, no Buffers, no Dates.
 */
import type { Severity } from "../common/severity.ts";
import type { TagSpec } from "../common/tag-list.ts";
import type { DnsEvidence } from "../dns/evidence.ts";
import type { DkimDiagnosticCode } from "./diagnostics.ts";

export type { DkimDiagnosticCode } from "./diagnostics.ts";

/**
 * The DKIM result of one signature (RFC 8601 §2.7.1, RFC 6376 §6.1), or `none` when there is no
 * signature to evaluate:
 * - `pass`: the signature verified;
 * - `fail`: it did not (bad signature, body changed);
 * - `neutral`: it could not be processed (syntax, unknown algorithm, expired, not verified);
 * - `policy`: it verified but is not acceptable (RFC 8301: a key under 1024 bits, rsa-sha1);
 * - `temperror`: the key could not be fetched for now (a DNS failure);
 * - `permerror`: the key is missing, revoked or unusable;
 * - `none`: no signature (RFC 8601 §2.7.1: "The message was not signed").
 */
export type DkimResult = "pass" | "fail" | "neutral" | "policy" | "temperror" | "permerror" | "none";

/** Every DKIM result, in a stable order. */
export const DKIM_RESULTS: readonly DkimResult[] = [
  "pass",
  "fail",
  "neutral",
  "policy",
  "temperror",
  "permerror",
  "none",
];

/** One finding about a key record or a lookup, with the RFC section it comes from. `error`: verifiers will not use the key (or the lookup failed). */
export interface DkimDiagnostic {
  /** Stable identifier (see docs/dkim.md). */
  code: DkimDiagnosticCode;
  severity: Severity;
  message: string;
  /** Where the rule comes from, e.g. `RFC 8301 §3.2`. */
  rfc: string;
  /** The tag concerned (`p`, `h`, ...), when there is one. */
  tag?: string;
}

/** Key types this library can decode (RFC 6376 §3.6.1 `rsa`, RFC 8463 `ed25519`). */
export type DkimKeyType = "rsa" | "ed25519";

/**
 * How the `p=` data was encoded: `spki` (SubjectPublicKeyInfo, what nearly everyone publishes),
 * `pkcs1` (a bare RSAPublicKey, RFC 8017 A.1.1), `raw` (the 32 bytes of an Ed25519 key, RFC 8463 §4.2).
 */
export type DkimKeyEncoding = "spki" | "pkcs1" | "raw";

/** A decoded public key. */
export interface DkimPublicKey {
  type: DkimKeyType;
  /** RSA modulus length in bits; 256 for Ed25519. */
  bits: number;
  encoding: DkimKeyEncoding;
  /** RSA public exponent (when it fits a JavaScript number). */
  exponent?: number;
  /** SHA-256 of the SubjectPublicKeyInfo DER, hex: the same key gives the same fingerprint however it is encoded. */
  fingerprint: string;
}

/** A DKIM key record (RFC 6376 §3.6.1), parsed: always returned, with diagnostics beside it. */
export interface DkimKeyRecord {
  /** The record text as given (TXT character-strings already joined, RFC 6376 §3.6.2.2). */
  text: string;
  /** False when the text does not look like a DKIM key record at all (no `p=`, no `v=DKIM1`, no `k=`). */
  isKeyRecord: boolean;
  /** True when verifiers would use this key for email signatures: no `error` diagnostic. */
  usable: boolean;
  /** Every tag as written, in order. */
  tags: TagSpec[];
  /** `v=`, or null when absent. */
  version: string | null;
  /** `k=` as written, or `rsa` when absent (the default). */
  keyType: string;
  keyTypeDeclared: boolean;
  /** `h=` entries (lower case), or null when absent (all hash algorithms allowed). */
  hashAlgorithms: string[] | null;
  /** `s=` entries (lower case); `["*"]` when absent. */
  serviceTypes: string[];
  /** `t=` flags (lower case). */
  flags: string[];
  /** `t=y`: the domain is testing DKIM. */
  testing: boolean;
  /** `t=s`: the i= domain must equal d=. */
  strictIdentity: boolean;
  /** `n=`, or null. */
  notes: string | null;
  /** `p=` with whitespace removed, or null when the tag is absent. */
  publicKeyData: string | null;
  /** `p=` present and empty: the key is revoked. */
  revoked: boolean;
  /** The decoded key, or null (revoked, absent, undecodable, unknown type). */
  key: DkimPublicKey | null;
  diagnostics: DkimDiagnostic[];
}

/**
 * The outcome of a key lookup.
 * - `ok`: one TXT record holding a decodable key (it may still be weak or unusable: see `usable`);
 * - `missing`: no record at the name (NXDOMAIN or NODATA, no CNAME);
 * - `dangling`: the name is a CNAME whose target does not exist or holds no TXT record;
 * - `revoked`: a key record with an empty `p=`;
 * - `malformed`: a key record that verifiers must ignore (syntax, version, duplicate tags,
 *   undecodable key, an Ed25519 key not in the raw form of RFC 8463, an RSA key over 16,384 bits...);
 * - `not-a-key`: TXT data that is not a DKIM key record (an SPF record, a verification token...);
 * - `multiple`: more than one TXT record at the name (RFC 6376 §3.6.2.2: results undefined);
 * - `temperror`: the question failed (SERVFAIL, timeout, refused...);
 * - `invalid-name`: the selector or domain cannot be a DNS name.
 */
export type DkimKeyStatus =
  | "ok"
  | "missing"
  | "dangling"
  | "revoked"
  | "malformed"
  | "not-a-key"
  | "multiple"
  | "temperror"
  | "invalid-name";

/** The result of {@link lookupDkimKey}. */
export interface DkimKeyLookup {
  selector: string;
  domain: string;
  /** `<selector>._domainkey.<domain>` as asked (A-labels, lower case). */
  name: string;
  status: DkimKeyStatus;
  /** True when a verifier would find a key it uses for email here. */
  usable: boolean;
  /**
   * What a verifier returns when a signature names this key and it is not usable (RFC 6376 §6.1.2):
   * `temperror` (TEMPFAIL: key unavailable), `permerror` (PERMFAIL: no key, key syntax error,
   * revoked...), or `none` when the key is usable.
   */
  failure: "none" | "temperror" | "permerror";
  /** The key record used (the first key-like record when there are several), parsed. */
  record: DkimKeyRecord | null;
  /** Where a CNAME at the name leads, and which provider the target belongs to. */
  cname: { chain: string[]; target: string; provider: string | null } | null;
  /** Lookup diagnostics followed by the record's own. */
  diagnostics: DkimDiagnostic[];
  /** The TXT answer, as the library's one evidence shape (presentation form). */
  evidence: DnsEvidence[];
}
