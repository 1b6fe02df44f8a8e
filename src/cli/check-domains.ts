/**
 * Checks many domains with bounded concurrency, one entry per domain whatever happens to it: a
 * check that throws (or returns no report) makes that domain `failed` and the others go on; a name
 * that is not a domain is `failed` without asking anything. The caller passes one resolver for all
 * of them (the CLI passes one shared `CachingResolver`), so that what domains have in common (a
 * provider's SPF include) is asked once.
 */
import type { CheckOptions } from "../audit/api.ts";
import type { AuditReport } from "../audit/report-types.ts";
import { type BulkEntry, type BulkReport, summariseBulk } from "../report/bulk-types.ts";
import { messageOf } from "./errors.ts";

/** A domain to check, with where it came from and, if it cannot be checked, why. */
export interface DomainInput {
  domain: string;
  line?: number;
  problem?: string;
}

/** Options of {@link checkDomains}. */
export interface CheckDomainsOptions {
  /** Checks one domain (the library's `checkDomain`, or a test's fake). */
  check: (domain: string, options: CheckOptions) => Promise<AuditReport>;
  /** Passed to every check; its resolver is shared by all of them. */
  options: CheckOptions;
  /** Most checks in flight at once. Default 8. */
  concurrency?: number;
  /** Called as each domain finishes (progress). */
  onDone?: (entry: BulkEntry, done: number, total: number) => void;
  /** The version for the report's `tool`. */
  version?: string;
  /** Milliseconds clock (elapsed time). Default `performance.now`. */
  now?: () => number;
}

function isReport(value: unknown): value is AuditReport {
  return (
    typeof value === "object" &&
    value !== null &&
    Array.isArray((value as AuditReport).findings) &&
    typeof (value as AuditReport).summary === "object"
  );
}

async function checkOne(input: DomainInput, o: CheckDomainsOptions): Promise<BulkEntry> {
  const where = input.line === undefined ? {} : { line: input.line };
  if (input.problem !== undefined)
    return { domain: input.domain, status: "failed", error: `not a domain name: ${input.problem}`, ...where };
  try {
    const report: unknown = await o.check(input.domain, o.options);
    if (!isReport(report))
      return { domain: input.domain, status: "failed", error: "the check returned no report", ...where };
    return { domain: input.domain, status: "checked", report };
  } catch (error) {
    return { domain: input.domain, status: "failed", error: messageOf(error) || "the check failed", ...where };
  }
}

/** Checks every domain (in input order in the result) with at most `concurrency` at once. */
export async function checkDomains(
  inputs: readonly (string | DomainInput)[],
  o: CheckDomainsOptions,
): Promise<BulkReport> {
  const now = o.now ?? (() => performance.now());
  const started = now();
  const list = inputs.map((x) => (typeof x === "string" ? { domain: x } : x));
  const entries: BulkEntry[] = new Array<BulkEntry>(list.length);
  const limit = Math.max(1, Math.min(Math.floor(o.concurrency ?? 8), list.length || 1));
  let next = 0;
  let done = 0;
  const worker = async () => {
    for (let i = next++; i < list.length; i = next++) {
      const input = list[i];
      if (input === undefined) continue;
      const entry = await checkOne(input, o);
      entries[i] = entry;
      done++;
      o.onDone?.(entry, done, list.length);
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
  return {
    version: 1,
    kind: "bulk",
    tool: { name: "email-auth-audit", version: o.version ?? "0.0.0" },
    generatedAt: new Date().toISOString(),
    entries,
    summary: summariseBulk(entries, now() - started),
  };
}
