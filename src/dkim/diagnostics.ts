/**
 * The DKIM diagnostics of key records, lookups and selector discovery: one stable code each, its
 * severity, the RFC section it comes from and a default message. docs/dkim.md lists the same
 * table; rules and reports key on the codes. (Message-level diagnostics are in src/message.)
 */
import type { Severity } from "../common/severity.ts";
import type { DkimDiagnostic } from "./types.ts";

interface DiagnosticMeta {
  severity: Severity;
  rfc: string;
  message: string;
}

/** Every diagnostic code, with its metadata. */
export const DKIM_DIAGNOSTICS = {
  // Key records (RFC 6376 §3.6.1, RFC 8301, RFC 8463).
  "not-a-key-record": {
    severity: "error",
    rfc: "RFC 6376 §3.6.1",
    message: "the TXT record is not a DKIM key record (no p=, no v=DKIM1, no k=)",
  },
  "tag-syntax": {
    severity: "error",
    rfc: "RFC 6376 §3.2, §6.1.2",
    message: "the record is not a valid tag=value list; verifiers ignore it (PERMFAIL key syntax error)",
  },
  "tag-empty": {
    severity: "error",
    rfc: "RFC 6376 §3.2, §6.1.2",
    message:
      'empty tag-spec (";;"): not a tag-list, so verifiers ignore the record (PERMFAIL key syntax error; OpenDKIM and dkimpy reject it)',
  },
  "tag-duplicate": {
    severity: "error",
    rfc: "RFC 6376 §3.2",
    message: "a tag occurs more than once, which makes the whole tag list invalid",
  },
  "tag-unknown": { severity: "info", rfc: "RFC 6376 §3.2", message: "unknown tag, ignored by verifiers" },
  "version-invalid": {
    severity: "error",
    rfc: "RFC 6376 §3.6.1",
    message: "v= must be exactly DKIM1; records with any other version are discarded",
  },
  "version-not-first": {
    severity: "warning",
    rfc: "RFC 6376 §3.6.1",
    message: "v= must be the first tag of the record",
  },
  "key-type-unknown": {
    severity: "error",
    rfc: "RFC 6376 §3.6.1, RFC 8463 §4.2",
    message: "unknown key type in k= (known: rsa, ed25519); verifiers ignore the key",
  },
  "hash-unknown": { severity: "info", rfc: "RFC 6376 §3.6.1", message: "unknown hash algorithm in h=, ignored" },
  "hash-none-known": {
    severity: "error",
    rfc: "RFC 6376 §3.6.1, §6.1.2",
    message: "h= lists no known hash algorithm (sha256), so no signature can use this key",
  },
  "hash-sha1-only": {
    severity: "error",
    rfc: "RFC 8301 §3.1",
    message: "h=sha1 restricts the key to rsa-sha1, which must not be used for signing or verifying",
  },
  "service-not-email": {
    severity: "error",
    rfc: "RFC 6376 §3.6.1",
    message: "s= does not list email or *, so email verifiers must ignore the record",
  },
  "service-unknown": { severity: "info", rfc: "RFC 6376 §3.6.1", message: "unknown service type in s=, ignored" },
  "flag-unknown": { severity: "info", rfc: "RFC 6376 §3.6.1", message: "unknown flag in t=, ignored" },
  "testing-mode": {
    severity: "warning",
    rfc: "RFC 6376 §3.6.1",
    message: "t=y: the domain is testing DKIM, and verifiers must treat its mail like unsigned mail",
  },
  "key-missing": { severity: "error", rfc: "RFC 6376 §3.6.1", message: "the record has no p= tag, which is required" },
  "key-revoked": {
    severity: "error",
    rfc: "RFC 6376 §3.6.1, §6.1.2",
    message: "p= is empty: the key is revoked and every signature using it fails",
  },
  "key-base64-invalid": { severity: "error", rfc: "RFC 6376 §3.6.1", message: "p= is not valid base64" },
  "key-undecodable": {
    severity: "error",
    rfc: "RFC 6376 §3.6.1, §6.1.2",
    message: "p= does not decode to a public key (truncated or corrupted)",
  },
  "key-type-mismatch": {
    severity: "error",
    rfc: "RFC 6376 §3.6.1, §6.1.2, RFC 8463 §4.2",
    message: "the key data does not match the key type of k= (which defaults to rsa)",
  },
  "ed25519-key-not-raw": {
    severity: "error",
    rfc: "RFC 8463 §4.2",
    message: "an Ed25519 p= must be the 32 bytes of the key itself, not a SubjectPublicKeyInfo",
  },
  "rsa-key-too-short": {
    severity: "error",
    rfc: "RFC 8301 §3.2",
    message: "RSA keys under 1024 bits must not be used, and verifiers must not accept their signatures",
  },
  "rsa-key-weak": {
    severity: "warning",
    rfc: "RFC 8301 §3.2",
    message: "RSA keys should be at least 2048 bits",
  },
  "rsa-key-too-long": {
    severity: "warning",
    rfc: "RFC 8301 §3.2",
    message: "verifiers only have to support RSA keys up to 4096 bits, so some may not verify this key",
  },
  "rsa-key-too-large": {
    severity: "error",
    rfc: "RFC 8301 §3.2",
    message:
      "an RSA key over 16384 bits: OpenSSL-based verifiers refuse it (OPENSSL_RSA_MAX_MODULUS_BITS), and reading it is not bounded work",
  },
  "rsa-key-pkcs1": {
    severity: "warning",
    rfc: "RFC 6376 §3.6.1",
    message:
      "p= is a bare RSAPublicKey (RFC 6376 §3.6.1 words it so), but published keys are SubjectPublicKeyInfo and some verifiers read only that form",
  },

  // Lookups (RFC 6376 §3.6.2, §6.1.2).
  "invalid-name": {
    severity: "error",
    rfc: "RFC 6376 §3.1, RFC 1035 §2.3.4",
    message: "the selector or domain cannot form a DNS name",
  },
  "selector-syntax": {
    severity: "warning",
    rfc: "RFC 6376 §3.1",
    message: "the selector is a DNS name but not the letters-digits-hyphens form RFC 6376 requires",
  },
  "key-not-found": {
    severity: "error",
    rfc: "RFC 6376 §6.1.2",
    message: "no key record at the selector name (PERMFAIL: no key for signature)",
  },
  "cname-dangling": {
    severity: "error",
    rfc: "RFC 6376 §6.1.2",
    message: "the selector is a CNAME to a name that does not exist (a dangling CNAME)",
  },
  "cname-target-no-key": {
    severity: "error",
    rfc: "RFC 6376 §6.1.2",
    message: "the selector is a CNAME to a name that holds no TXT record",
  },
  "dns-temperror": {
    severity: "error",
    rfc: "RFC 6376 §6.1.2",
    message: "the key lookup failed (TEMPFAIL: key unavailable); a later attempt may succeed",
  },
  "multiple-records": {
    severity: "error",
    rfc: "RFC 6376 §3.6.2.2",
    message: "more than one TXT record at the selector name: the results are undefined",
  },

  // Selector discovery.
  "domainkey-nxdomain": {
    severity: "info",
    rfc: "RFC 8020 §2",
    message: "_domainkey does not exist, so no selector exists below it",
  },
  "nxdomain-cut-violated": {
    severity: "warning",
    rfc: "RFC 8020 §2",
    message: "_domainkey answered NXDOMAIN yet a selector below it exists: the authoritative server breaks RFC 8020",
  },
  "wildcard-selectors": {
    severity: "warning",
    rfc: "RFC 4592 §2.1.1",
    message: "a wildcard answers under _domainkey, so every selector name appears to exist",
  },
} as const satisfies Record<string, DiagnosticMeta>;

/** A stable diagnostic code. */
export type DkimDiagnosticCode = keyof typeof DKIM_DIAGNOSTICS;

/** Builds a diagnostic from its code, with an optional more specific message and tag. */
export function dkimDiagnostic(code: DkimDiagnosticCode, message?: string, tag?: string): DkimDiagnostic {
  const meta: DiagnosticMeta = DKIM_DIAGNOSTICS[code];
  const diagnostic: DkimDiagnostic = { code, severity: meta.severity, message: message ?? meta.message, rfc: meta.rfc };
  if (tag !== undefined) diagnostic.tag = tag;
  return diagnostic;
}

/** True when any diagnostic is an error. */
export function hasError(diagnostics: readonly DkimDiagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}
