/**
 * Transport security published in DNS and over HTTPS (the subpath `email-auth-audit/transport`):
 * MTA-STS (RFC 8461), TLS-RPT (RFC 8460), DANE for SMTP (RFC 7672) and BIMI. Parsers are pure and
 * never throw; the checks take a Resolver (every question through resolveSafely) and report a
 * failed lookup as `unknown`, never as "absent". The SMTP probe (`probeSmtp`, `probeHosts`) is in
 * `./smtp/` and exported here too.
 */

export { type BimiCheck, type BimiCheckOptions, type BimiLookup, checkBimi } from "./bimi-check.ts";
export {
  type BimiDmarcInput,
  type BimiDmarcResult,
  bimiDmarcRequirement,
  type DmarcDiscoveryLike,
  type DmarcPolicyValues,
} from "./bimi-dmarc.ts";
export { BIMI_DRAFT, type BimiRecordParse, parseBimiRecord } from "./bimi-record.ts";
export {
  checkDane,
  type DaneCheck,
  type DaneCheckOptions,
  type DaneHostResult,
  type DaneHostStatus,
} from "./dane-check.ts";
export { formatTransportRef } from "./diagnostic.ts";
export { answerAuthenticated } from "./dns-evidence.ts";
export {
  DEFAULT_FETCH_TIMEOUT_MS,
  type FetchFailure,
  type FetchOptions,
  type FetchResult,
  fetchResource,
} from "./fetch-resource.ts";
export {
  type CertificateSummary,
  type HttpsFailureKind,
  type HttpsFetch,
  type HttpsRequest,
  type HttpsResponse,
  httpsGet,
} from "./https-fetch.ts";
export {
  fixtureFetch,
  type HttpsFixture,
  type HttpsFixtureFailure,
  type HttpsFixtureResponse,
  type HttpsRecorder,
  httpsFixtureSchema,
  offlineFetch,
  readHttpsFixture,
  recordHttps,
  requestUrl,
} from "./https-fixture.ts";
export {
  checkMtaSts,
  type MtaStsCheck,
  type MtaStsCheckOptions,
  type MtaStsMxResult,
  type MtaStsPolicyResult,
  type MtaStsRecordResult,
} from "./mta-sts-check.ts";
export { type MxCoverage, type MxMatchResult, matchMxHosts, mtaStsMatches } from "./mta-sts-match.ts";
export {
  MAX_MAX_AGE,
  MAX_POLICY_BYTES,
  type MtaStsMode,
  type MtaStsPolicy,
  type MtaStsPolicyParse,
  mxPatternProblem,
  parseMtaStsPolicy,
} from "./mta-sts-policy.ts";
export { type MtaStsRecordParse, parseMtaStsRecord } from "./mta-sts-record.ts";
export { lookupMx, MAX_MX_HOSTS, type MxLookup } from "./mx.ts";
export * from "./smtp/index.ts";
export { checkSvgTinyPs, MAX_SVG_BYTES, type SvgTinyPsCheck } from "./svg-tiny-ps.ts";
export {
  checkTlsRpt,
  parseTlsRptRecord,
  type TlsRptCheck,
  type TlsRptRecordParse,
  type TlsRptUri,
} from "./tls-rpt.ts";
export {
  type CertificateInput,
  type MatchTlsaOptions,
  matchTlsa,
  type TlsaMatch,
  type TlsaMatchResult,
} from "./tlsa-match.ts";
export { parseTlsaRecord, type TlsaParse, type TlsaRecord } from "./tlsa-record.ts";
export type {
  DnsEvidence,
  RecordOutcome,
  TransportDiagnostic,
  TransportRef,
  TransportSeverity,
} from "./types.ts";
