/**
 * DMARC aggregate reports (RFC 7489 Appendix C, RFC 9990) and SMTP TLS reports (RFC 8460): reading
 * them from files, archives, mail and IMAP, and keeping them in a store. Subpath
 * `email-auth-audit/reports`.
 */
export {
  type AggregateParseOptions,
  type AggregateStreamOptions,
  parseAggregateReport,
  readAggregateReport,
} from "./aggregate.ts";
export type { ByteSource } from "./bytes.ts";
export type { InputItem } from "./expand.ts";
export { fetchReportsFromImap, IMPORTED_KEYWORD, type ImapFetchOptions, type ImapFetchResult } from "./imap.ts";
export { type ImportOptions, type ImportSummary, importItems, importReports } from "./import.ts";
export { type InputOptions, readInputs } from "./inputs.ts";
export { DEFAULT_REPORT_LIMITS, type ReportLimits, resolveLimits } from "./limits.ts";
export { type LoadOptions, type LoadResult, loadAggregateReports } from "./load.ts";
export { type DraftAnnotation, type OrgDraft, type OrgDraftOptions, orgFromReports } from "./org-draft.ts";
export { draftToYaml } from "./org-draft-yaml.ts";
export { type NamedProvider, providerOfName } from "./provider-names.ts";
export { lookupPtrs, type PtrInfo, type PtrOptions } from "./ptr.ts";
export { type SeenIdentifier, type SourceDay, summarizeSources } from "./source-days.ts";
export { MIGRATIONS, SCHEMA_VERSION } from "./sqlite-schema.ts";
export { type OpenStoreResult, openSqliteReportStore, SqliteReportStore } from "./sqlite-store.ts";
export type {
  FileLogEntry,
  FileOutcome,
  ObservedRecord,
  PendingAggregate,
  ReportQuery,
  ReportStore,
  StoredReport,
  StoredTlsReport,
} from "./store-types.ts";
export { parseTlsReport } from "./tls.ts";
export type { TlsFailureDetail, TlsParseResult, TlsPolicyResult, TlsReport, TlsResultType } from "./tls-types.ts";
export type {
  AggregateParseResult,
  AggregateRecord,
  AggregateReport,
  AggregateReportHeader,
  AggregateSchema,
  AggregateStreamResult,
  AlignmentMode,
  Disposition,
  DkimAuth,
  DkimAuthResult,
  EvaluatedResult,
  PolicyOverrideReason,
  PolicyValue,
  PublishedPolicy,
  RefusalError,
  RefusalReason,
  ReportProblem,
  ReportProblemCode,
  SpfAuth,
  SpfAuthResult,
  SpfScope,
} from "./types.ts";
