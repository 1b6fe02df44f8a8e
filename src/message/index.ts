/**
 * Message verification (one saved message: DKIM, SPF and DMARC), above the protocol modules: the
 * DKIM signatures are verified by mailauth's verifier with keys read by this library's key reader,
 * SPF by `checkHost` and DMARC by `evaluateDmarc`. mailauth is loaded on the first call, never by an
 * import. This barrel is the subpath `email-auth-audit/message` (docs/message.md).
 *
 * ```ts
 * import { verifyMessage } from "email-auth-audit/message";
 * const r = await verifyMessage(eml, { resolver, ip: "192.0.2.1" });
 * r.dmarc.result; // "pass" | "fail" | ...
 * ```
 */

// The default evaluators: this library's checkHost (RFC 7208) and evaluateDmarc (RFC 9989).
export { defaultDmarcHook, defaultSpfHook } from "./default-hooks.ts";
// Every message diagnostic code with its severity, RFC section and default message.
export {
  MESSAGE_DIAGNOSTICS,
  type MessageDiagnostic,
  type MessageDiagnosticCode,
} from "./diagnostics.ts";
// Our Resolver in the shape mailauth (and `dns.promises.resolve`) expects, for callers who run mailauth themselves.
export {
  type MailauthDnsError,
  type MailauthRecords,
  type MailauthResolverFunction,
  type MailauthResolverOptions,
  type NodeMxRecord,
  toMailauthResolver,
} from "./mailauth-resolver.ts";
// The bound on DKIM-Signature fields one verified signature may sign.
export { MAX_SIGNED_SIGNATURE_FIELDS } from "./message-bounds.ts";
// Verification itself, its default and hard limits on signatures verified per message.
export { DEFAULT_MAX_SIGNATURES, MAX_SIGNATURES, verifyMessage } from "./verify-message.ts";
export type {
  DkimSignatureResult,
  DmarcHook,
  DmarcHookInput,
  DmarcOutcome,
  SpfHook,
  SpfHookInput,
  SpfOutcome,
  VerifyMessageOptions,
  VerifyMessageResult,
} from "./verify-types.ts";
