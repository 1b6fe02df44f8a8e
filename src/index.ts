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

// SPF (RFC 7208): parser, check_host(), static analysis of a domain's SPF tree; IP/CIDR helpers.
export * from "./spf/index.ts";
export {
  type Cidr,
  type IpFamily,
  type ParsedIp,
  cidrContains,
  formatCidr,
  formatIp,
  parseCidr,
  parseIp,
} from "./common/cidr.ts";
export { type IpRange, type IpSet, mergeCidrs } from "./common/ip-set.ts";
