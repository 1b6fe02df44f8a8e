/**
 * The one DNS seam of the library. Every protocol module (SPF, DKIM, DMARC, the audit) gets every
 * DNS answer through a {@link Resolver}; drivers (fixtures, UDP/TCP, DoH) and wrappers (cache,
 * recording, query budget) all implement this one narrow interface.
 *
 * A DNS *outcome* (NXDOMAIN, NODATA, SERVFAIL, a timeout...) is data, never an exception.
 */

/** Resource-record types with a typed record shape. Any other type name is allowed too. */
export type KnownRRType = "A" | "AAAA" | "TXT" | "MX" | "PTR" | "NS" | "CNAME" | "SPF" | "SOA";

/**
 * A record type name in upper case. Types outside {@link KnownRRType} carry their records as
 * presentation-format strings (RFC 1035 §5.1).
 */
export type RRType = KnownRRType | (string & {});

/** An MX record (RFC 1035 §3.3.9). `exchange` is `""` for a null MX (RFC 7505). */
export interface MxRecord {
  preference: number;
  exchange: string;
}

/** The shape of one record for each type. */
export interface RecordShapes {
  A: string;
  AAAA: string;
  /** The character-strings of one TXT RR, not joined (callers decide; RFC 7208 §3.3 joins them without separator). */
  TXT: string[];
  /** Same as TXT: the obsolete SPF RR type 99 (RFC 7208 §3.1, §14.1). */
  SPF: string[];
  MX: MxRecord;
  PTR: string;
  NS: string;
  CNAME: string;
  /** Presentation format: `mname rname serial refresh retry expire minimum`. */
  SOA: string;
}

/** The record shape for a type: typed for {@link KnownRRType}, a presentation string otherwise. */
export type RecordOf<T extends RRType> = T extends keyof RecordShapes ? RecordShapes[T] : string;

/**
 * The outcome of one question.
 * - `ok`: NOERROR with at least one record of the asked type.
 * - `nxdomain`: the name does not exist (RCODE 3).
 * - `nodata`: the name exists but has no record of this type (NOERROR, empty answer; RFC 2308 §2.2).
 * - `servfail`, `refused`: RCODE 2 and 5.
 * - `timeout`: no acceptable answer in time from any server.
 * - `error`: anything else (another RCODE, a malformed name, a driver that threw, a budget refusal); see `detail`.
 */
export type DnsStatus = "ok" | "nxdomain" | "nodata" | "servfail" | "refused" | "timeout" | "error";

/** All statuses, in a stable order (for tables and schemas). */
export const DNS_STATUSES: readonly DnsStatus[] = [
  "ok",
  "nxdomain",
  "nodata",
  "servfail",
  "refused",
  "timeout",
  "error",
];

/** One answer: plain, JSON-serialisable data. */
export interface DnsAnswer<T extends RRType = RRType> {
  /** The name asked, normalised (lower case, no trailing dot). */
  name: string;
  /** The type asked. */
  type: T;
  status: DnsStatus;
  /** The records of the asked type at the end of the CNAME chain; empty unless `status` is `ok`. */
  records: RecordOf<T>[];
  /** Seconds the answer may be cached (the smallest TTL involved; for a negative answer, RFC 2308 §5). */
  ttl: number;
  /** The canonical names followed from `name`, in order (empty when `name` is not an alias). */
  cnameChain: string[];
  /** A human-readable reason for anything but `ok` (which server, what went wrong). */
  detail?: string;
}

/** Options for one question. */
export interface ResolveOptions {
  /** Abort the question; the answer is then `status: "error"` with `detail` saying it was aborted. */
  signal?: AbortSignal;
}

/**
 * The resolver interface. Implementations must not throw for a DNS outcome; a driver that throws
 * anyway is caught by {@link resolveSafely} (which every module in this library calls).
 */
export interface Resolver {
  resolve<T extends RRType>(name: string, type: T, options?: ResolveOptions): Promise<DnsAnswer<T>>;
}
