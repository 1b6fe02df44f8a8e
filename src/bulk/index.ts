/**
 * Bulk checks in constant memory (`email-auth-audit/bulk`): many domains checked with bounded
 * concurrency over one shared resolver, each with an overall deadline, results written as they
 * finish in any bulk format (JSON Lines and CSV streamed; JSON, Markdown, HTML, text and SARIF
 * assembled from pieces kept on disk), output files renamed into place, and runs resumed from
 * their JSON Lines output. See docs/scale.md.
 */

export {
  BULK_FORMAT_NAMES,
  type BulkFormatName,
  bulkLayout,
  formatBulk,
  isBulkFormatName,
} from "../report/bulk.ts";
export { bulkReportSchema, domainResultSchema } from "../report/bulk-schema.ts";
export {
  addToSummary,
  type BulkReport,
  type BulkSummary,
  type CheckedDomain,
  DOMAIN_STATUSES,
  type DomainResult,
  emptySummary,
  mergeSummaries,
  type NotCheckedDomain,
  type NotFoundDomain,
  summariseBulk,
} from "../report/bulk-types.ts";
export { AtomicFile, type AtomicFileError, type AtomicFileOptions, openAtomicFile } from "./atomic-file.ts";
export {
  type CheckFunction,
  type CheckOneOptions,
  checkOne,
  DEFAULT_DOMAIN_TIMEOUT_MS,
} from "./check-one.ts";
export {
  checkDomainName,
  type DomainInput,
  type DomainList,
  DomainListError,
  MAX_LIST_DOMAINS,
  type ReadDomainListOptions,
  readDomainList,
  streamDomainList,
} from "./domain-list.ts";
export { FileSink, streamSink, type TextSink } from "./file-sink.ts";
export { type HeapGuard, type HeapGuardOptions, startHeapGuard } from "./heap-guard.ts";
export { type CarriedOver, carryOver } from "./resume.ts";
export {
  type BulkRunOutcome,
  type CheckDomainsOptions,
  checkDomains,
  DEFAULT_CONCURRENCY,
  MAX_CONCURRENCY,
  type RunBulkOptions,
  runBulk,
} from "./run.ts";
export { isAtOrBelow, ScopedResolver } from "./scoped-resolver.ts";
export { Spool } from "./spool.ts";
export { type BulkWriter, type BulkWriterOptions, createBulkWriter } from "./writer.ts";
