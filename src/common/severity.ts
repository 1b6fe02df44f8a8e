/**
 * The one severity scale of the library: protocol diagnostics (SPF, DKIM, DMARC), rule findings and
 * the reports all use it, with one ordering.
 */

/**
 * How bad something is.
 * - `error`: mail fails, is unprotected, or an RFC is violated so that receivers may ignore the record;
 * - `warning`: fragile, or likely to break;
 * - `info`: worth knowing.
 */
export type Severity = "error" | "warning" | "info";

/** Every severity, worst first. */
export const SEVERITIES: readonly Severity[] = ["error", "warning", "info"];

/** 0 for `error`, 1 for `warning`, 2 for `info`: sorts worst first. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

/** Whether `severity` is at least as bad as `threshold` (`atLeast("error", "warning")` is true). */
export function atLeast(severity: Severity, threshold: Severity): boolean {
  return severityRank(severity) <= severityRank(threshold);
}

/** Counts by severity. */
export type SeverityCounts = Record<Severity, number>;
