/**
 * Message verification: every DKIM signature of a saved message checked by mailauth's DKIM
 * verifier, fed through our Resolver (so fixtures, caching and budgets apply), with the keys read
 * by this library's own key reader (`lookupDkimKey`), then SPF and DMARC (this library's
 * `checkHost` and `evaluateDmarc`, or injected hooks). mailauth is loaded on first use, so that
 * importing the library does not load it. mailauth's `authenticate()` does not pass its clock to
 * the DKIM check, so its DKIM verifier (`dkimVerify`) is called directly with `curTime`.
 */
import type { DKIMVerifyResult, DNSResolver } from "mailauth";
import type { DkimKeyLookup } from "../dkim/types.ts";
import { type MessageDiagnostic, messageDiagnostic } from "./diagnostics.ts";
import { toMailauthResolver } from "./mailauth-resolver.ts";
import { type BoundedSignature, boundSignatures } from "./message-bounds.ts";
import { scanHeader } from "./message-header.ts";
import { keyNameOf, MessageKeys, verifierResolver } from "./message-keys.ts";
import { keyVerdict, type MailauthStatus, mapSignatureStatus, skippedReason } from "./signature-result.ts";
import { evaluateDmarcHook, evaluateSpfHook, fromOf } from "./verify-identities.ts";
import type { DkimSignatureResult, VerifyMessageOptions, VerifyMessageResult } from "./verify-types.ts";

/** Default for `maxSignatures`. */
export const DEFAULT_MAX_SIGNATURES = 10;
/** Most signatures ever verified in one message, whatever `maxSignatures` says (bounded work). */
export const MAX_SIGNATURES = 50;

function toBuffer(raw: string | Uint8Array): Buffer {
  if (typeof raw === "string") return Buffer.from(raw, "utf8");
  return Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
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
  signature: BoundedSignature,
  mailauth: MailauthResult | undefined,
  key: DkimKeyLookup | null,
): DkimSignatureResult {
  let result: DkimSignatureResult["result"];
  let reason: string;
  let testing = key?.record?.testing === true;
  let warnings: string[] = [];
  if (signature.unverified !== undefined) {
    result = "neutral";
    reason = signature.unverified;
  } else if (mailauth === undefined) {
    result = "neutral";
    reason = skippedReason(signature.algorithm, signature.canonicalization, signature.domain, signature.selector);
  } else {
    const status = (mailauth.status ?? {}) as MailauthStatus;
    // The key reader decides about the key: a key it refused never reached the verifier, which
    // then reports a DNS failure for it (RFC 6376 §6.1.2: the key's own PERMFAIL or TEMPFAIL).
    ({ result, reason } = keyVerdict(status, key) ?? mapSignatureStatus(status, key));
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
    verified: signature.unverified === undefined,
    key,
  };
}

async function runMailauth(
  input: Buffer,
  options: VerifyMessageOptions,
  keys: MessageKeys,
): Promise<DKIMVerifyResult | Error> {
  const adapter = toMailauthResolver(verifierResolver(keys), {
    signal: options.signal,
    // Only the kept signatures' keys are asked (the excess is never looked up).
    allow: (name, type) => type !== "TXT" || !name.toLowerCase().includes("._domainkey.") || keys.allows(name),
  });
  try {
    const { dkimVerify } = await import("mailauth");
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
 * DMARC, so one call says whether the message would pass and through which identifier. Keys are
 * read by this library's key reader (`lookupDkimKey`): a key it calls malformed, revoked or missing
 * is that signature's `permerror` (a failed lookup its `temperror`), whatever the verifier would
 * make of the record. At most `maxSignatures` signatures are verified; every DKIM-Signature field is
 * counted, in one linear scan of the header section. Never throws: a broken message or a failing
 * hook shows in the result.
 */
export async function verifyMessage(
  raw: string | Uint8Array,
  options: VerifyMessageOptions,
): Promise<VerifyMessageResult> {
  const bytes = toBuffer(raw);
  const text = bytes.toString("latin1");
  const diagnostics: MessageDiagnostic[] = [];
  const scan = scanHeader(text);
  if (scan.fields === 0) diagnostics.push(messageDiagnostic("message-malformed"));
  const requested = Math.floor(options.maxSignatures ?? DEFAULT_MAX_SIGNATURES);
  const max = Math.max(0, Math.min(Number.isNaN(requested) ? DEFAULT_MAX_SIGNATURES : requested, MAX_SIGNATURES));
  const total = scan.signatureStarts.length;
  if (total === 0) diagnostics.push(messageDiagnostic("message-unsigned"));
  if (total > max) {
    diagnostics.push(
      messageDiagnostic("too-many-signatures", `${total} DKIM-Signature fields; only the first ${max} were verified`),
    );
  }
  const bounded = boundSignatures(bytes, text, scan, max);
  const keys = new MessageKeys(bounded.verified, options);
  const verification = await runMailauth(bounded.input, options, keys);
  const lookups = await keys.all();

  let byB = new Map<string, MailauthResult[]>();
  let addresses: string[] = [];
  let fromFields = scan.fromFields;
  let returnPath: string | null = null;
  if (verification instanceof Error) {
    diagnostics.push(
      messageDiagnostic("message-malformed", `the verifier could not read the message: ${verification.message}`),
    );
  } else {
    byB = resultsBySignature(verification.results);
    addresses = [...verification.headerFrom];
    fromFields = verification.fromFields;
    returnPath = verification.envelopeFrom === false ? null : verification.envelopeFrom;
  }
  const dkim = bounded.signatures.map((signature) => {
    const verified = signature.unverified === undefined;
    const matched = verified ? byB.get(signature.signature)?.shift() : undefined;
    const name = verified ? keyNameOf(signature) : undefined;
    return signatureResult(signature, matched, name === undefined ? null : (lookups.get(name) ?? null));
  });

  const from = fromOf(addresses, fromFields);
  diagnostics.push(...from.diagnostics);
  const spf = await evaluateSpfHook(options, keys.resolver, returnPath);
  const dmarc = await evaluateDmarcHook(options, keys.resolver, from.domain, spf, dkim);
  return { from: { domain: from.domain, addresses, fields: fromFields }, returnPath, dkim, spf, dmarc, diagnostics };
}
