/**
 * `email-auth-audit/dns`: the one DNS seam of the library. The {@link Resolver} interface and its
 * answer types, the drivers (recorded fixtures, UDP/TCP, DNS over HTTPS), the wrappers (cache,
 * recording, query budget, overlay of proposed changes), and the helpers every module asks DNS
 * through (`resolveSafely`, `dnsOutcome`). See docs/dns.md.
 */

export {
  abortReason,
  DEFAULT_TTL,
  type DnsOutcome,
  dnsOutcome,
  errorAnswer,
  type FailedAnswerExtra,
  failedAnswer,
  invalidNameAnswer,
  isAborted,
  joinTxt,
  MAX_CNAME_CHAIN,
  recordsAnswer,
  resolveSafely,
} from "./answer.ts";
export { type QueryBudgetOptions, QueryBudgetResolver, type QueryLogEntry } from "./budget.ts";
export { type CacheStats, CachingResolver, type CachingResolverOptions } from "./cache.ts";
export { checkDohUrl, DohResolver, type DohResolverOptions, type FetchLike } from "./doh.ts";
export { FixtureResolver, type FixtureResolverOptions } from "./fixture/resolver.ts";
export { dnsFixtureSchema } from "./fixture/schema.ts";
export type { DnsFixture, FixtureFailure, FixtureMx, FixtureOwner, FixtureTxt } from "./fixture/types.ts";
export { FixtureError, validateFixture } from "./fixture/validate.ts";
export { nameProblem, normalizeName, reverseName } from "./names.ts";
export { OverlayResolver } from "./overlay.ts";
export {
  CNAME_PROBE_TYPES,
  type DnsChange,
  type OverlayConflict,
  type OverlayConflictKind,
} from "./overlay-changes.ts";
export { RecordingResolver } from "./recording.ts";
export {
  DNS_ERROR_CAUSES,
  DNS_STATUSES,
  type DnsAnswer,
  type DnsErrorCause,
  type DnsStatus,
  type KnownRRType,
  type MxRecord,
  type QueryAccount,
  type RecordOf,
  type RecordShapes,
  type ResolveOptions,
  type Resolver,
  type RRType,
} from "./types.ts";
export type { ServerAddress } from "./wire/address.ts";
export { DnsResolver, type DnsResolverOptions } from "./wire/resolver.ts";
export { parseServer, systemServers } from "./wire/servers.ts";
