/**
 * An adapter from our {@link Resolver} to the resolver shape mailauth expects: a function like
 * `dns.promises.resolve(name, rrtype)` that resolves to Node's record shapes and rejects with
 * `err.code` set to one of Node's DNS error codes. Generic: DKIM, SPF or DMARC code can use it, so
 * fixtures, caching and query budgets apply to mailauth too.
 */
import { resolveSafely } from "../dns/answer.ts";
import type { DnsAnswer, DnsStatus, MxRecord, Resolver } from "../dns/types.ts";

/** Node's MX shape (`dns.resolveMx`). */
export interface NodeMxRecord {
  exchange: string;
  priority: number;
}

/** What the adapter resolves to: Node's shapes (`resolveTxt` gives string[][], `resolveMx` objects, others string[]). */
export type MailauthRecords = string[][] | NodeMxRecord[] | string[];

/** A resolver function in mailauth's (and `dns.promises.resolve`'s) shape. */
export type MailauthResolverFunction = (name: string, rrtype: string) => Promise<MailauthRecords>;

/** An error as Node's resolver throws it: `code` (ENOTFOUND, ENODATA...), `hostname`, and our answer. */
export interface MailauthDnsError extends Error {
  code: string;
  hostname: string;
  /** The answer that caused it (for evidence). */
  answer?: DnsAnswer;
}

/** Options of {@link toMailauthResolver}. */
export interface MailauthResolverOptions {
  signal?: AbortSignal;
  /** Called with every answer (to keep evidence, or count questions). */
  onAnswer?: (answer: DnsAnswer) => void;
  /**
   * Return false to refuse a question without asking it (it rejects with `ECANCELLED`); used to
   * bound the questions a message can cause.
   */
  allow?: (name: string, type: string) => boolean;
}

/** Node's error code for each of our statuses (`dns` module constants). */
const NODE_CODES: Record<Exclude<DnsStatus, "ok">, string> = {
  nxdomain: "ENOTFOUND",
  nodata: "ENODATA",
  servfail: "ESERVFAIL",
  refused: "EREFUSED",
  timeout: "ETIMEOUT",
  error: "EBADRESP",
};

function dnsError(code: string, name: string, type: string, answer?: DnsAnswer): MailauthDnsError {
  const detail = answer?.detail === undefined ? "" : ` (${answer.detail})`;
  const error = new Error(`query${type} ${code} ${name}${detail}`) as MailauthDnsError;
  error.code = code;
  error.hostname = name;
  if (answer !== undefined) error.answer = answer;
  return error;
}

function nodeRecords(answer: DnsAnswer): MailauthRecords {
  if (answer.type === "TXT" || answer.type === "SPF")
    return (answer.records as string[][]).map((strings) => [...strings]);
  if (answer.type === "MX") {
    return (answer.records as MxRecord[]).map((mx) => ({ exchange: mx.exchange, priority: mx.preference }));
  }
  return (answer.records as unknown[]).map((record) => String(record));
}

/**
 * Wraps `resolver` as a mailauth resolver function. Every question goes through
 * {@link resolveSafely}; NXDOMAIN rejects with `ENOTFOUND`, NODATA with `ENODATA`, SERVFAIL with
 * `ESERVFAIL`, REFUSED with `EREFUSED`, a timeout with `ETIMEOUT` and any other failure with
 * `EBADRESP` (`ECANCELLED` when aborted or refused by `allow`), as Node's resolver does.
 */
export function toMailauthResolver(
  resolver: Resolver,
  options: MailauthResolverOptions = {},
): MailauthResolverFunction {
  return async (name: string, rrtype: string): Promise<MailauthRecords> => {
    const type = String(rrtype).toUpperCase();
    if (options.allow !== undefined && !options.allow(name, type)) throw dnsError("ECANCELLED", name, type);
    const answer = await resolveSafely(resolver, name, type, { signal: options.signal });
    options.onAnswer?.(answer);
    if (answer.status === "ok") return nodeRecords(answer);
    const code =
      answer.status === "error" && options.signal?.aborted === true ? "ECANCELLED" : NODE_CODES[answer.status];
    throw dnsError(code, name, type, answer);
  };
}
