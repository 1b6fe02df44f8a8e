/**
 * DKIM key records: RFC 6376 §3.6.1, with RFC 8301 (key sizes, rsa-sha1) and RFC 8463 (Ed25519).
 * Pure: no I/O, never throws, always returns the parsed record with its diagnostics.
 *
 * ```abnf
 * key-v-tag = %x76 [FWS] "=" [FWS] %x44.4B.49.4D.31          ; "DKIM1", first tag if present
 * key-h-tag = %x68 [FWS] "=" [FWS] key-h-tag-alg *( [FWS] ":" [FWS] key-h-tag-alg )
 * key-k-tag = %x6b [FWS] "=" [FWS] key-k-tag-type            ; "rsa" / "ed25519" / x-key-k-tag-type
 * key-n-tag = %x6e [FWS] "=" [FWS] qp-section
 * key-p-tag = %x70 [FWS] "=" [ [FWS] base64string ]         ; empty: revoked
 * key-s-tag = %x73 [FWS] "=" [FWS] key-s-tag-type *( [FWS] ":" [FWS] key-s-tag-type )
 * key-t-tag = %x74 [FWS] "=" [FWS] key-t-tag-flag *( [FWS] ":" [FWS] key-t-tag-flag )
 * ```
 */
import { parseTagList, type TagList, type TagListProblem } from "../common/tag-list.ts";
import { dkimDiagnostic, hasError } from "./diagnostics.ts";
import { canonicalKeyData, decodePublicKey } from "./key-decode.ts";
import type { DkimDiagnostic, DkimKeyRecord } from "./types.ts";

/** Tags defined for key records (RFC 6376 §3.6.1). Others are ignored (RFC 6376 §3.2). */
const KNOWN_TAGS = new Set(["v", "h", "k", "n", "p", "s", "t"]);
/** Hash algorithms RFC 6376 §3.6.1 recognises (RFC 8301 §3.1 leaves only sha256 usable). */
const KNOWN_HASHES = new Set(["sha1", "sha256"]);
/** Service types (RFC 6376 §3.6.1; `tlsrpt` from RFC 8460 §3). */
const KNOWN_SERVICES = new Set(["*", "email", "tlsrpt"]);
/** Flags (RFC 6376 §3.6.1). */
const KNOWN_FLAGS = new Set(["y", "s"]);

/** A colon-separated list (h=, s=, t=): entries trimmed, lower-cased, empties dropped. */
function colonList(value: string): string[] {
  return value
    .split(":")
    .map((entry) => entry.trim().toLowerCase())
    .filter((entry) => entry !== "");
}

function tagListDiagnostics(problems: readonly TagListProblem[]): DkimDiagnostic[] {
  return problems.map((problem) => {
    if (problem.kind === "empty-spec") return dkimDiagnostic("tag-empty", problem.message);
    if (problem.kind === "duplicate") return dkimDiagnostic("tag-duplicate", problem.message, problem.name);
    return dkimDiagnostic("tag-syntax", problem.message, problem.name);
  });
}

/**
 * Whether a TXT record is meant as a DKIM key record: it has `p=`, or starts `v=DKIM`, or has `k=`.
 * An SPF record or a site-verification token at a selector name is not.
 */
function looksLikeKeyRecord(list: TagList): boolean {
  return list.tags.some(
    (tag) => tag.name === "p" || tag.name === "k" || (tag.name === "v" && tag.value.toUpperCase().startsWith("DKIM")),
  );
}

function emptyRecord(text: string, list: TagList): DkimKeyRecord {
  return {
    text,
    isKeyRecord: false,
    usable: false,
    tags: list.tags,
    version: null,
    keyType: "rsa",
    keyTypeDeclared: false,
    hashAlgorithms: null,
    serviceTypes: ["*"],
    flags: [],
    testing: false,
    strictIdentity: false,
    notes: null,
    publicKeyData: null,
    revoked: false,
    key: null,
    diagnostics: [],
  };
}

function checkVersion(record: DkimKeyRecord, list: TagList, out: DkimDiagnostic[]): void {
  const index = list.tags.findIndex((tag) => tag.name === "v");
  if (index < 0) return;
  const version = list.tags[index]?.value ?? "";
  record.version = version;
  // "Verifiers must do a string comparison on this value" (RFC 6376 §3.6.1): exactly DKIM1.
  if (version !== "DKIM1") out.push(dkimDiagnostic("version-invalid", `v=${version} (must be exactly DKIM1)`, "v"));
  else if (index !== 0) out.push(dkimDiagnostic("version-not-first", undefined, "v"));
}

function checkHashes(record: DkimKeyRecord, value: string | undefined, out: DkimDiagnostic[]): void {
  if (value === undefined) return;
  const hashes = colonList(value);
  record.hashAlgorithms = hashes;
  const unknown = hashes.filter((hash) => !KNOWN_HASHES.has(hash));
  // "Unrecognized algorithms MUST be ignored" (RFC 6376 §3.6.1).
  if (unknown.length > 0)
    out.push(dkimDiagnostic("hash-unknown", `unknown hash algorithm(s) in h=: ${unknown.join(", ")}`, "h"));
  const known = hashes.filter((hash) => KNOWN_HASHES.has(hash));
  if (known.length === 0) out.push(dkimDiagnostic("hash-none-known", undefined, "h"));
  else if (!known.includes("sha256")) out.push(dkimDiagnostic("hash-sha1-only", undefined, "h"));
}

function checkServices(record: DkimKeyRecord, value: string | undefined, out: DkimDiagnostic[]): void {
  if (value === undefined) return;
  const services = colonList(value);
  record.serviceTypes = services;
  const unknown = services.filter((service) => !KNOWN_SERVICES.has(service));
  if (unknown.length > 0)
    out.push(dkimDiagnostic("service-unknown", `unknown service type(s) in s=: ${unknown.join(", ")}`, "s"));
  if (!services.includes("email") && !services.includes("*")) {
    const only = services.includes("tlsrpt") ? " (s=tlsrpt: the key signs TLS reports only, RFC 8460 §3)" : "";
    out.push(dkimDiagnostic("service-not-email", `s=${value} does not list email or *${only}`, "s"));
  }
}

function checkFlags(record: DkimKeyRecord, value: string | undefined, out: DkimDiagnostic[]): void {
  if (value === undefined) return;
  const flags = colonList(value);
  record.flags = flags;
  record.testing = flags.includes("y");
  record.strictIdentity = flags.includes("s");
  const unknown = flags.filter((flag) => !KNOWN_FLAGS.has(flag));
  if (unknown.length > 0) out.push(dkimDiagnostic("flag-unknown", `unknown flag(s) in t=: ${unknown.join(", ")}`, "t"));
  if (record.testing) out.push(dkimDiagnostic("testing-mode", undefined, "t"));
}

function checkUnknownTags(list: TagList, out: DkimDiagnostic[]): void {
  for (const tag of list.tags) {
    if (KNOWN_TAGS.has(tag.name)) continue;
    const message =
      tag.name === "g"
        ? "g= (key granularity) was removed by RFC 6376 and is ignored"
        : `unknown tag ${tag.name}=, ignored`;
    out.push(dkimDiagnostic("tag-unknown", message, tag.name));
  }
}

function checkKey(record: DkimKeyRecord, value: string | undefined, out: DkimDiagnostic[]): void {
  if (value === undefined) {
    out.push(dkimDiagnostic("key-missing", undefined, "p"));
    return;
  }
  // "A base64string is permitted to include whitespace (FWS) at arbitrary places" (RFC 6376 §3.6.1).
  const data = value.replace(/[ \t\r\n]+/g, "");
  record.publicKeyData = data;
  if (data === "") {
    record.revoked = true;
    out.push(dkimDiagnostic("key-revoked", undefined, "p"));
    return;
  }
  const type = record.keyType.toLowerCase();
  if (type !== "rsa" && type !== "ed25519") return; // already reported as key-type-unknown
  const decoded = decodePublicKey(data, type, record.keyTypeDeclared);
  record.key = decoded.key;
  out.push(...decoded.diagnostics);
}

/**
 * Parses a DKIM key record (the TXT character-strings joined without separator, RFC 6376
 * §3.6.2.2). Unknown tags are ignored, whitespace inside `p=` is removed, the key is decoded and
 * sized; problems become diagnostics with their RFC section. `usable` tells whether a verifier
 * would use the key for email.
 */
export function parseDkimKey(text: string): DkimKeyRecord {
  const list = parseTagList(text);
  const record = emptyRecord(text, list);
  if (!looksLikeKeyRecord(list)) {
    record.diagnostics = [dkimDiagnostic("not-a-key-record")];
    return record;
  }
  record.isKeyRecord = true;
  const out = tagListDiagnostics(list.problems);
  const value = (name: string): string | undefined => list.tags.find((tag) => tag.name === name)?.value;
  checkVersion(record, list, out);
  const k = value("k");
  if (k !== undefined) {
    record.keyType = k;
    record.keyTypeDeclared = true;
    // "Unrecognized key types MUST be ignored" (RFC 6376 §3.6.1): the key cannot be used.
    const type = k.toLowerCase();
    if (type !== "rsa" && type !== "ed25519")
      out.push(dkimDiagnostic("key-type-unknown", `unknown key type k=${k}`, "k"));
  }
  checkHashes(record, value("h"), out);
  checkServices(record, value("s"), out);
  checkFlags(record, value("t"), out);
  const notes = value("n");
  if (notes !== undefined) record.notes = notes;
  checkUnknownTags(list, out);
  checkKey(record, value("p"), out);
  record.diagnostics = out;
  record.usable = !hasError(out);
  return record;
}

/**
 * The key record as this library read it, written out again in one canonical form for a verifier
 * (`v=DKIM1; k=...; [h=...;] [s=...;] [t=...;] p=...`): the key type decided here, `p=` as the
 * SubjectPublicKeyInfo (RSA) or the 32 raw bytes (Ed25519, RFC 8463 §4.2), and the tags that limit
 * its use (RFC 6376 §3.6.1). Message verification hands verifiers this text, so that this reader,
 * not theirs, decides what the key is. Undefined for a record without a decoded key.
 */
export function canonicalDkimKey(record: DkimKeyRecord): string | undefined {
  const key = record.key;
  if (key === null || record.publicKeyData === null || record.revoked) return undefined;
  const data = canonicalKeyData(record.publicKeyData, key.type);
  if (data === undefined) return undefined;
  const tags = ["v=DKIM1", `k=${key.type}`];
  if (record.hashAlgorithms !== null) tags.push(`h=${record.hashAlgorithms.join(":")}`);
  if (!(record.serviceTypes.length === 1 && record.serviceTypes[0] === "*"))
    tags.push(`s=${record.serviceTypes.join(":")}`);
  if (record.flags.length > 0) tags.push(`t=${record.flags.join(":")}`);
  tags.push(`p=${data}`);
  return tags.join("; ");
}
