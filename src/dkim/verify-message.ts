/**
 * Message verification: every DKIM signature of a saved message checked by mailauth's DKIM
 * verifier, fed through our Resolver (so fixtures, caching and budgets apply), plus our own key
 * lookups as evidence, then SPF and DMARC through injected hooks. mailauth's `authenticate()` does
 * not pass its clock to the DKIM check, so its DKIM verifier (`dkimVerify`) is called directly with
 * `curTime`.
 */
import { type DKIMVerifyResult, type DNSResolver, dkimVerify } from "mailauth";
import { resolveSafely } from "../dns/answer.ts";
import { normalizeName } from "../dns/names.ts";
import type { DnsAnswer, ResolveOptions, Resolver, RRType } from "../dns/types.ts";
import { dkimDiagnostic } from "./diagnostics.ts";
import { lookupDkimKey } from "./lookup.ts";
import { toMailauthResolver } from "./mailauth-resolver.ts";
import { type SignatureField, signatureFields } from "./message-header.ts";
import { type MailauthStatus, mapSignatureStatus, skippedReason } from "./signature-result.ts";
import type { DkimDiagnostic, DkimKeyLookup } from "./types.ts";
import { evaluateDmarcHook, evaluateSpfHook, fromOf } from "./verify-identities.ts";
import type { DkimSignatureResult, VerifyMessageOptions, VerifyMessageResult } from "./verify-types.ts";

/** Default for `maxSignatures`. */
export const DEFAULT_MAX_SIGNATURES = 10;

/** A resolver that asks each (name, type) once for the whole call, so mailauth and our lookups share answers. */
function onceResolver(inner: Resolver): Resolver {
  const answers = new Map<string, Promise<DnsAnswer>>();
  return {
    resolve<T extends RRType>(name: string, type: T, options?: ResolveOptions): Promise<DnsAnswer<T>> {
      const key = `${normalizeName(name)}\u0000${type}`;
      let answer = answers.get(key);
      if (answer === undefined) {
        answer = resolveSafely(inner, name, type, options);
        answers.set(key, answer);
      }
      return answer as Promise<DnsAnswer<T>>;
    },
  };
}

function toBuffer(raw: string | Uint8Array): Buffer {
  if (typeof raw === "string") return Buffer.from(raw, "utf8");
  return Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
}

/** The key names of the signatures that will be verified. */
function keyNameOf(signature: SignatureField): string | undefined {
  if (signature.domain === "" || signature.selector === "") return undefined;
  return normalizeName(`${signature.selector}._domainkey.${signature.domain}`);
}

/**
 * Bounds the work: only the first `max` signatures are verified. Excess fields are cut from the
 * message when no kept signature covers DKIM-Signature fields (cutting would change what it signed);
 * otherwise the message is kept whole and only the kept signatures' keys may be looked up.
 */
function boundSignatures(
  bytes: Buffer,
  signatures: SignatureField[],
  max: number,
): { input: Buffer; allow?: Set<string> } {
  if (signatures.length <= max) return { input: bytes };
  const kept = signatures.slice(0, max);
  if (kept.some((s) => s.signedHeaders.includes("dkim-signature"))) {
    return { input: bytes, allow: new Set(kept.map(keyNameOf).filter((n): n is string => n !== undefined)) };
  }
  const parts: Buffer[] = [];
  let pos = 0;
  for (const excess of signatures.slice(max)) {
    parts.push(bytes.subarray(pos, excess.field.start));
    pos = excess.field.end;
  }
  parts.push(bytes.subarray(pos));
  return { input: Buffer.concat(parts) };
}

type MailauthResult = DKIMVerifyResult["results"][number];

/** Groups mailauth's results by `b=` value, in order, to match them to the fields (identical signatures match in turn). */
function resultsBySignature(results: readonly MailauthResult[]): Map<string, MailauthResult[]> {
  const map = new Map<string, MailauthResult[]>();
  for (const result of results) {
    if (result.status?.result === "none" && result.signingDomain === undefined) continue;
    const key = String(result.signature ?? "").replace(/[ \t\r\n]+/g, "");
    const list = map.get(key) ?? [];
    list.push(result);
    map.set(key, list);
  }
  return map;
}

function signatureResult(
  signature: SignatureField,
  verified: boolean,
  mailauth: MailauthResult | undefined,
  key: DkimKeyLookup | null,
): DkimSignatureResult {
  let result: DkimSignatureResult["result"];
  let reason: string;
  let testing = key?.record?.testing === true;
  let warnings: string[] = [];
  if (!verified) {
    result = "neutral";
    reason = "not verified: beyond the limit on signatures per message";
  } else if (mailauth === undefined) {
    result = "neutral";
    reason = skippedReason(signature.algorithm, signature.canonicalization, signature.domain, signature.selector);
  } else {
    const status = (mailauth.status ?? {}) as MailauthStatus;
    ({ result, reason } = mapSignatureStatus(status, key));
    testing = testing || status.testing === true;
    warnings = [...(status.warnings ?? [])];
  }
  const keyBits =
    key?.record?.key?.bits ?? (typeof mailauth?.modulusLength === "number" ? mailauth.modulusLength : null);
  return {
    domain: signature.domain,
    selector: signature.selector,
    algorithm: signature.algorithm,
    result,
    reason,
    keyBits,
    identity: signature.identity,
    canonicalization: signature.canonicalization,
    signedHeaders: signature.signedHeaders,
    bodyLength: signature.bodyLength,
    signedAt: signature.signedAt,
    expiresAt: signature.expiresAt,
    testing,
    warnings,
    verified,
    key,
  };
}

/** Our key lookups for the verified signatures, one per key name, concurrently. */
async function keyLookups(
  signatures: readonly SignatureField[],
  options: VerifyMessageOptions,
  resolver: Resolver,
): Promise<Map<string, DkimKeyLookup>> {
  const names = new Map<string, SignatureField>();
  for (const signature of signatures) {
    const name = keyNameOf(signature);
    if (name !== undefined && !names.has(name)) names.set(name, signature);
  }
  const entries = await Promise.all(
    [...names].map(async ([name, s]) => {
      const lookup = await lookupDkimKey(s.selector, s.domain, {
        resolver,
        signal: options.signal,
        providerOf: options.providerOf,
      });
      return [name, lookup] as const;
    }),
  );
  return new Map(entries);
}

async function runMailauth(
  input: Buffer,
  options: VerifyMessageOptions,
  resolver: Resolver,
  allow: Set<string> | undefined,
): Promise<DKIMVerifyResult | Error> {
  const adapter = toMailauthResolver(resolver, {
    signal: options.signal,
    allow: allow === undefined ? undefined : (name) => allow.has(normalizeName(name)),
  });
  try {
    return await dkimVerify(input, {
      // mailauth's DNSResolver type names only the TXT shape; the adapter returns every type's shape.
      resolver: adapter as DNSResolver,
      curTime: options.now ?? new Date(),
      minBitLength: options.minKeyBits ?? 1024,
      rejectRsaSha1: options.rejectRsaSha1 ?? true,
      strict: options.strict ?? false,
    });
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

/**
 * Verifies every DKIM signature of a message (an .eml, as bytes preferably) and evaluates SPF and
 * DMARC through the injected hooks, so one call says whether the message would pass and through
 * which identifier. Never throws: a broken message or a failing hook shows in the result.
 */
export async function verifyMessage(
  raw: string | Uint8Array,
  options: VerifyMessageOptions,
): Promise<VerifyMessageResult> {
  const resolver = onceResolver(options.resolver);
  const bytes = toBuffer(raw);
  const text = bytes.toString("latin1");
  const diagnostics: DkimDiagnostic[] = [];
  const { signatures, fields } = signatureFields(text);
  if (fields.length === 0) diagnostics.push(dkimDiagnostic("message-malformed"));
  const max = Math.max(0, Math.floor(options.maxSignatures ?? DEFAULT_MAX_SIGNATURES));
  if (signatures.length === 0) diagnostics.push(dkimDiagnostic("message-unsigned"));
  if (signatures.length > max) {
    diagnostics.push(
      dkimDiagnostic(
        "too-many-signatures",
        `${signatures.length} DKIM-Signature fields; only the first ${max} were verified`,
      ),
    );
  }
  const kept = signatures.slice(0, max);
  const { input, allow } = boundSignatures(bytes, signatures, max);
  const [verification, keys] = await Promise.all([
    runMailauth(input, options, resolver, allow),
    keyLookups(kept, options, resolver),
  ]);

  let byB = new Map<string, MailauthResult[]>();
  let addresses: string[] = [];
  let fromFields = fields.filter((f) => f.name.toLowerCase() === "from").length;
  let returnPath: string | null = null;
  if (verification instanceof Error) {
    diagnostics.push(
      dkimDiagnostic("message-malformed", `the verifier could not read the message: ${verification.message}`),
    );
  } else {
    byB = resultsBySignature(verification.results);
    addresses = [...verification.headerFrom];
    fromFields = verification.fromFields;
    returnPath = verification.envelopeFrom === false ? null : verification.envelopeFrom;
  }
  const dkim = signatures.map((signature, index) => {
    const verified = index < max;
    const matched = verified ? byB.get(signature.signature)?.shift() : undefined;
    const name = keyNameOf(signature);
    return signatureResult(signature, verified, matched, name === undefined ? null : (keys.get(name) ?? null));
  });

  const from = fromOf(addresses, fromFields);
  diagnostics.push(...from.diagnostics);
  const spf = await evaluateSpfHook(options, resolver, returnPath);
  const dmarc = await evaluateDmarcHook(options, resolver, from.domain, spf, dkim);
  return { from: { domain: from.domain, addresses, fields: fromFields }, returnPath, dkim, spf, dmarc, diagnostics };
}
