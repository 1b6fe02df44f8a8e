import { nameProblem, normalizeName } from "./names.ts";
import {
  DNS_ERROR_CAUSES,
  DNS_STATUSES,
  type DnsAnswer,
  type DnsErrorCause,
  type DnsStatus,
  type RecordOf,
  type ResolveOptions,
  type Resolver,
  type RRType,
} from "./types.ts";

/** Longest CNAME chain any driver follows (fixture contract: "a loop or a chain longer than 8 gives SERVFAIL"). */
export const MAX_CNAME_CHAIN = 8;

/** Default TTL for answers that carry none (fixtures without `$ttl`). */
export const DEFAULT_TTL = 300;

/** Extra fields of {@link failedAnswer}. */
export interface FailedAnswerExtra {
  ttl?: number;
  cnameChain?: string[];
  /** The kind of failure; set it whenever the status is `error`. */
  cause?: DnsErrorCause;
}

/** Builds an answer that is not `ok`. For `status: "error"`, prefer {@link errorAnswer}, which requires the cause. */
export function failedAnswer<T extends RRType>(
  name: string,
  type: T,
  status: Exclude<DnsStatus, "ok">,
  detail?: string,
  extra: FailedAnswerExtra = {},
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
  if (status === "error" && extra.cause !== undefined) answer.cause = extra.cause;
  return answer;
}

/** Builds a `status: "error"` answer with its typed cause and its human-readable detail. */
export function errorAnswer<T extends RRType>(
  name: string,
  type: T,
  cause: DnsErrorCause,
  detail: string,
  extra: Omit<FailedAnswerExtra, "cause"> = {},
): DnsAnswer<T> {
  return failedAnswer(name, type, "error", detail, { ...extra, cause });
}

/**
 * The answer for a name that cannot exist in DNS (cause `invalid-name`, RFC 1035 §2.3.4, §3.1), or
 * `undefined` when the name can be asked. Drivers call it before asking anything.
 */
export function invalidNameAnswer<T extends RRType>(name: string, type: T): DnsAnswer<T> | undefined {
  const problem = nameProblem(name);
  if (problem === undefined) return undefined;
  return errorAnswer(name, type, "invalid-name", `invalid name ${JSON.stringify(normalizeName(name))}: ${problem}`);
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

const STATUSES: ReadonlySet<unknown> = new Set(DNS_STATUSES);
const CAUSES: ReadonlySet<unknown> = new Set(DNS_ERROR_CAUSES);

/** Is `value` shaped like a {@link DnsAnswer} (a known status, a records array, a CNAME chain array)? */
function isAnswer(value: unknown): value is DnsAnswer {
  if (value === null || typeof value !== "object") return false;
  const v = value as Partial<DnsAnswer>;
  return STATUSES.has(v.status) && Array.isArray(v.records) && Array.isArray(v.cnameChain);
}

/**
 * Asks `resolver` and never rejects: a driver that throws gives `status: "error"` with cause
 * `driver`; something that is not a {@link DnsAnswer} gives cause `malformed`; an already-aborted
 * signal gives cause `aborted` without asking; an `error` answer without a known cause gets cause
 * `driver`. Every module of this library asks DNS through this function, so a user-written driver
 * cannot crash an audit.
 */
export async function resolveSafely<T extends RRType>(
  resolver: Resolver,
  name: string,
  type: T,
  options?: ResolveOptions,
): Promise<DnsAnswer<T>> {
  if (options?.signal?.aborted) return errorAnswer(name, type, "aborted", abortReason(options.signal));
  try {
    const answer: unknown = await resolver.resolve(name, type, options);
    if (!isAnswer(answer))
      return errorAnswer(name, type, "malformed", "the resolver returned something that is not a DnsAnswer");
    if (answer.status === "error" && !CAUSES.has(answer.cause))
      return {
        ...answer,
        cause: "driver",
        detail: answer.detail ?? "the resolver reported an error without saying why",
      } as DnsAnswer<T>;
    return answer as DnsAnswer<T>;
  } catch (error) {
    return errorAnswer(name, type, "driver", `resolver threw: ${errorMessage(error)}`);
  }
}

/** What an answer proves about the data asked for. */
export type DnsOutcome = "present" | "absent" | "unknown";

/**
 * The one classifier of answers: `present` (records), `absent` (proven by DNS: NXDOMAIN or NODATA,
 * or a name that cannot exist in DNS at all, cause `invalid-name`), or `unknown` (a timeout,
 * SERVFAIL, REFUSED, a malformed reply, a budget refusal, an abort, a conflict...). Unknown is never
 * absent.
 */
export function dnsOutcome(answer: Pick<DnsAnswer, "status" | "cause">): DnsOutcome {
  switch (answer.status) {
    case "ok":
      return "present";
    case "nxdomain":
    case "nodata":
      return "absent";
    case "error":
      return answer.cause === "invalid-name" ? "absent" : "unknown";
    default:
      return "unknown";
  }
}

/** Was the answer cut short by the caller (an abort), so that it says nothing about DNS? */
export function isAborted(answer: Pick<DnsAnswer, "status" | "cause">): boolean {
  return answer.status === "error" && answer.cause === "aborted";
}

/** The `detail` of an aborted question: `aborted`, with the signal's reason when it has one. */
export function abortReason(signal: AbortSignal | undefined): string {
  const reason: unknown = signal?.reason;
  if (reason instanceof Error) return `aborted: ${reason.message}`;
  return reason === undefined ? "aborted" : `aborted: ${String(reason)}`;
}

/** The answer for an aborted question (cause `aborted`). */
export function abortedAnswer<T extends RRType>(name: string, type: T, signal: AbortSignal | undefined): DnsAnswer<T> {
  return errorAnswer(name, type, "aborted", abortReason(signal));
}

/** The character-strings of one TXT RR joined as RFC 7208 §3.3 and RFC 6376 §3.6.2.2 require: no separator. */
export function joinTxt(strings: readonly string[]): string {
  return strings.join("");
}
