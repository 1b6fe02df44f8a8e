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

// DMARC: record parser, policy discovery (PSL and RFC 9989 tree walk), alignment, evaluation, report destinations.
export {
  alignmentMode,
  checkReportDestinations,
  DEFAULT_MAX_DESTINATIONS,
  discoverDmarc,
  DMARC_TAGS,
  DmarcQueries,
  evaluateDmarc,
  extractFromDomain,
  formatRef,
  isAligned,
  MAX_WALK_QUERIES,
  normalizeDomain as normalizeDmarcDomain,
  organizationalDomain,
  parseDmarc,
  pslOrganizationalDomain,
  selectOrgDomain,
  walkTargets,
} from "./dmarc/index.ts";
export type {
  AlignmentFlag,
  AlignmentMode,
  AppliedPolicy,
  DmarcDiagnostic,
  DmarcDiscovery,
  DmarcDnsOptions,
  DmarcEvaluation,
  DmarcEvaluationInput,
  DmarcLookup,
  DmarcMode,
  DmarcParseOptions,
  DmarcParseResult,
  DmarcPolicy,
  DmarcRecord,
  DmarcSpec,
  DmarcTag,
  DmarcTagName,
  DmarcUri,
  FailureOption,
  FromDomainResult,
  IdentifierCheck,
  OrgDomainResult,
  PolicyStatus,
  ReportDestination,
  ReportDestinationOptions,
  ReportDestinationsResult,
  RfcRef,
  Severity,
} from "./dmarc/index.ts";
