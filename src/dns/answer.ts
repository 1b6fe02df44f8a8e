import { normalizeName } from "./names.ts";
import type { DnsAnswer, DnsStatus, RecordOf, ResolveOptions, Resolver, RRType } from "./types.ts";

/** Longest CNAME chain any driver follows (fixture contract: "a loop or a chain longer than 8 gives SERVFAIL"). */
export const MAX_CNAME_CHAIN = 8;

/** Default TTL for answers that carry none (fixtures without `$ttl`). */
export const DEFAULT_TTL = 300;

/** Builds an answer that is not `ok`. */
export function failedAnswer<T extends RRType>(
  name: string,
  type: T,
  status: Exclude<DnsStatus, "ok">,
  detail?: string,
  extra: { ttl?: number; cnameChain?: string[] } = {},
): DnsAnswer<T> {
  const answer: DnsAnswer<T> = {
    name: normalizeName(name),
    type,
    status,
    records: [],
    ttl: extra.ttl ?? 0,
    cnameChain: extra.cnameChain ?? [],
  };
  if (detail !== undefined) answer.detail = detail;
  return answer;
}

/** Builds a positive answer (or `nodata` when `records` is empty). */
export function recordsAnswer<T extends RRType>(
  name: string,
  type: T,
  records: RecordOf<T>[],
  ttl: number,
  cnameChain: string[] = [],
): DnsAnswer<T> {
  return {
    name: normalizeName(name),
    type,
    status: records.length > 0 ? "ok" : "nodata",
    records,
    ttl,
    cnameChain,
  };
}

function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

/**
 * Asks `resolver` and never rejects: a driver that throws gives `status: "error"` with the message,
 * and an already-aborted signal gives `status: "error"` without asking. Every module of this library
 * asks DNS through this function, so a user-written driver cannot crash an audit.
 */
export async function resolveSafely<T extends RRType>(
  resolver: Resolver,
  name: string,
  type: T,
  options?: ResolveOptions,
): Promise<DnsAnswer<T>> {
  if (options?.signal?.aborted) return failedAnswer(name, type, "error", "aborted before the question was asked");
  try {
    const answer = await resolver.resolve(name, type, options);
    if (answer === null || typeof answer !== "object" || typeof answer.status !== "string") {
      return failedAnswer(name, type, "error", "the resolver returned something that is not a DnsAnswer");
    }
    return answer;
  } catch (error) {
    return failedAnswer(name, type, "error", `resolver threw: ${errorMessage(error)}`);
  }
}

/** Rejects when `signal` aborts; used by drivers to race I/O against cancellation. */
export function abortReason(signal: AbortSignal | undefined): string {
  const reason: unknown = signal?.reason;
  if (reason instanceof Error) return `aborted: ${reason.message}`;
  return reason === undefined ? "aborted" : `aborted: ${String(reason)}`;
}

/** The character-strings of one TXT RR joined as RFC 7208 §3.3 and RFC 6376 §3.6.2.2 require: no separator. */
export function joinTxt(strings: readonly string[]): string {
  return strings.join("");
}
