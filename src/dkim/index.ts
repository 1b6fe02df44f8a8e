/**
 * DKIM key records, key lookups and selector discovery (RFC 6376, RFC 8301, RFC 8463), with the
 * DKIM result names. Pure parsing plus lookups through the Resolver; message verification (which
 * needs a message and a verifier) is `email-auth-audit/message`. This barrel is the subpath
 * `email-auth-audit/dkim`: exactly the public names of the DKIM module (docs/dkim.md).
 *
 * ```ts
 * import { lookupDkimKey, parseDkimKey } from "email-auth-audit/dkim";
 * ```
 */

// Every diagnostic code with its severity, RFC section and default message (a closed list).
export { DKIM_DIAGNOSTICS, type DkimDiagnosticCode } from "./diagnostics.ts";
// Selector discovery: the user's, the catalog's and well-known selectors, asked concurrently (RFC 8020 cut).
export {
  type DiscoveredSelector,
  type DiscoverSelectorsOptions,
  discoverSelectors,
  type SelectorDiscovery,
  type SelectorOrigin,
} from "./discover.ts";
// The limits of the key reader: RSA keys over 16,384 bits are refused, larger data is not decoded.
export { MAX_KEY_DER_BYTES, MAX_RSA_KEY_BITS } from "./key-decode.ts";
// Key records (RFC 6376 §3.6.1): parsed with diagnostics, and written out in the one form verifiers are given.
export { canonicalDkimKey, parseDkimKey } from "./key-record.ts";
// Key lookups at `<selector>._domainkey.<domain>` (RFC 6376 §3.6.2, §6.1.2).
export { type LookupDkimKeyOptions, lookupDkimKey } from "./lookup.ts";
// Which provider a DKIM CNAME target belongs to (a built-in table the catalog can replace).
export { builtinProviderOf, DKIM_TARGET_PATTERNS, type TargetPattern } from "./provider-targets.ts";
// The selectors discovery tries: providers', common ones, and dated forms.
export { COMMON_SELECTORS, datedSelectors, PROVIDER_SELECTORS, type SelectorCandidate } from "./selectors.ts";
export type {
  DkimDiagnostic,
  DkimKeyEncoding,
  DkimKeyLookup,
  DkimKeyRecord,
  DkimKeyStatus,
  DkimKeyType,
  DkimPublicKey,
  DkimResult,
} from "./types.ts";
// Every DKIM result of RFC 8601 §2.7.1, plus `none` for "no signature".
export { DKIM_RESULTS } from "./types.ts";
