/**
 * Bounds on everything an input can make the reader do (RFC 9990 §7 Security Considerations:
 * compression and XML bombs). Every refusal names the limit it hit.
 */
export interface ReportLimits {
  /** Decompressed bytes of one document (the XML or JSON after every layer). Default 256 MiB. */
  maxDocumentBytes: number;
  /**
   * Decompressed-to-compressed ratio of one input file, checked once its output passes
   * `ratioFloorBytes`. Default 1,000 (deflate itself tops out near 1,032:1, so only nested
   * compression or a forged archive goes past it).
   */
  maxRatio: number;
  /** Output below this size is never refused for its ratio. Default 1 MiB. */
  ratioFloorBytes: number;
  /** Bytes of one email message, one archive or one raw input file held in memory. Default 64 MiB. */
  maxBufferBytes: number;
  /** Records in one aggregate report. Default 1,000,000. */
  maxRecords: number;
  /** Files walked under the folders given, and entries in one archive or message. Default 100,000. */
  maxFiles: number;
  /** Entries in one zip archive or attachments in one message. Default 1,000. */
  maxEntries: number;
  /** Container layers (gzip in zip in mail...). Default 4. */
  maxDepth: number;
  /** Characters kept for one XML text value (a longer value is cut, with a problem). Default 64 KiB. */
  maxTextChars: number;
}

/** The defaults: generous for real reports (the largest seen are a few MB), tight for bombs. */
export const DEFAULT_REPORT_LIMITS: Readonly<ReportLimits> = Object.freeze({
  maxDocumentBytes: 256 * 1024 * 1024,
  maxRatio: 1000,
  ratioFloorBytes: 1024 * 1024,
  maxBufferBytes: 64 * 1024 * 1024,
  maxRecords: 1_000_000,
  maxFiles: 100_000,
  maxEntries: 1000,
  maxDepth: 4,
  maxTextChars: 64 * 1024,
});

/** The defaults overridden by `partial`, ignoring values that are not positive numbers. */
export function resolveLimits(partial?: Partial<ReportLimits>): ReportLimits {
  const limits: ReportLimits = { ...DEFAULT_REPORT_LIMITS };
  if (partial === undefined) return limits;
  for (const key of Object.keys(limits) as (keyof ReportLimits)[]) {
    const value = partial[key];
    if (typeof value === "number" && Number.isFinite(value) && value > 0) limits[key] = value;
  }
  return limits;
}
