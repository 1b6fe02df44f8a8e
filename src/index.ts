/**
 * email-auth-audit: audits an organisation's DNS email authentication (SPF, DKIM, DMARC) against
 * the way it really sends mail.
 *
 * This file is the public API: everything a consumer may import is exported here, nothing else.
 * @packageDocumentation
 */

// DNS: the Resolver interface, its drivers and wrappers.
export type {
  DnsAnswer,
  DnsStatus,
  KnownRRType,
  MxRecord,
  RecordOf,
  RecordShapes,
  ResolveOptions,
  Resolver,
  RRType,
} from "./dns/types.ts";
export { DNS_STATUSES } from "./dns/types.ts";
export { resolveSafely, joinTxt } from "./dns/answer.ts";
export { normalizeName, reverseName } from "./dns/names.ts";
export { FixtureResolver, type FixtureResolverOptions } from "./dns/fixture/resolver.ts";
export { FixtureError, validateFixture } from "./dns/fixture/validate.ts";
export { dnsFixtureSchema } from "./dns/fixture/schema.ts";
export type { DnsFixture, FixtureFailure, FixtureMx, FixtureOwner, FixtureTxt } from "./dns/fixture/types.ts";
export { DnsResolver, type DnsResolverOptions } from "./dns/wire/resolver.ts";
export type { ServerAddress } from "./dns/wire/transport.ts";
export { DohResolver, type DohResolverOptions, type FetchLike } from "./dns/doh.ts";
export { CachingResolver, type CachingResolverOptions, type CacheStats } from "./dns/cache.ts";
export { RecordingResolver } from "./dns/recording.ts";
export { QueryBudgetResolver, type QueryBudgetOptions, type QueryLogEntry } from "./dns/budget.ts";
export type { SchemaProblem } from "./common/json-schema.ts";

// DKIM: key records, key lookups, selector discovery, message verification (RFC 6376, RFC 8301, RFC 8463).
export { parseDkimKey } from "./dkim/key-record.ts";
export { lookupDkimKey, type LookupDkimKeyOptions } from "./dkim/lookup.ts";
export {
  discoverSelectors,
  type DiscoveredSelector,
  type DiscoverSelectorsOptions,
  type SelectorDiscovery,
  type SelectorOrigin,
} from "./dkim/discover.ts";
export { COMMON_SELECTORS, PROVIDER_SELECTORS, datedSelectors, type SelectorCandidate } from "./dkim/selectors.ts";
export { DKIM_TARGET_PATTERNS, builtinProviderOf, type TargetPattern } from "./dkim/provider-targets.ts";
export { DKIM_DIAGNOSTICS, type DkimDiagnosticCode } from "./dkim/diagnostics.ts";
export { verifyMessage, DEFAULT_MAX_SIGNATURES } from "./dkim/verify-message.ts";
export type {
  DkimResultName,
  DkimSignatureResult,
  DmarcHook,
  DmarcHookInput,
  DmarcOutcome,
  DmarcPolicyName,
  DmarcResultName,
  SpfHook,
  SpfHookInput,
  SpfOutcome,
  SpfResultName,
  VerifyMessageOptions,
  VerifyMessageResult,
} from "./dkim/verify-types.ts";
export {
  toMailauthResolver,
  type MailauthDnsError,
  type MailauthRecords,
  type MailauthResolverFunction,
  type MailauthResolverOptions,
  type NodeMxRecord,
} from "./dkim/mailauth-resolver.ts";
export type {
  DkimDiagnostic,
  DkimKeyEncoding,
  DkimKeyLookup,
  DkimKeyRecord,
  DkimKeyStatus,
  DkimKeyType,
  DkimPublicKey,
  DkimSeverity,
  DnsEvidence,
} from "./dkim/types.ts";
