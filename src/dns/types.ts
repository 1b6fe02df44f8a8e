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
 * - `error`: anything else; `cause` says which kind ({@link DnsErrorCause}), `detail` says it in words.
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

/**
 * Why an answer has `status: "error"`: a closed list, so that code decides on a type, never on the
 * text of `detail`.
 * - `aborted`: the caller's signal aborted the question (says nothing about DNS).
 * - `budget`: a query budget refused the question; it was never asked.
 * - `invalid-name`: the name cannot exist in DNS (a label over 63 octets, a name over 253, an empty
 *   label: RFC 1035 §2.3.4, §3.1); it was not asked. Such a name is proven absent, not unknown.
 * - `malformed`: a reply (or what a driver returned) could not be accepted: not a DNS message, the
 *   wrong media type, too large, not a `DnsAnswer`, or only replies that do not answer our question.
 * - `driver`: a resolver threw (or reported an error without a cause).
 * - `rcode`: the server answered with an RCODE other than NOERROR, NXDOMAIN, SERVFAIL or REFUSED
 *   (FORMERR, NOTIMP...; RFC 1035 §4.1.1, RFC 6895 §2.3).
 * - `transport`: the exchange itself failed: connection refused or closed, TLS failure, an HTTP
 *   status other than 200, a redirect.
 * - `conflict`: proposed changes that cannot coexist (RFC 2181 §10.1: a CNAME beside other data),
 *   answered by `OverlayResolver` at the names they touch.
 */
export type DnsErrorCause =
  | "aborted"
  | "budget"
  | "invalid-name"
  | "malformed"
  | "driver"
  | "rcode"
  | "transport"
  | "conflict";

/** All error causes, in a stable order (for tables and schemas). */
export const DNS_ERROR_CAUSES: readonly DnsErrorCause[] = [
  "aborted",
  "budget",
  "invalid-name",
  "malformed",
  "driver",
  "rcode",
  "transport",
  "conflict",
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
  /** A human-readable reason for anything but `ok` (which server, what went wrong). Never parse it: use `cause`. */
  detail?: string;
  /** Set whenever `status` is `"error"`: the kind of failure. */
  cause?: DnsErrorCause;
  /**
   * The AD bit of the reply (RFC 4035 §3.2.3, RFC 6840 §5.7): the validating resolver asked says the
   * data was DNSSEC-validated. Present only when the driver was asked for it (`dnssec: true`); `false`
   * when no reply carried it. Trust it only from a validating resolver over a trusted path
   * (RFC 4035 §4.9.3, RFC 7672 §2.1.1).
   */
  authenticated?: boolean;
}

/**
 * Accounts for the extra upstream questions a driver asks on behalf of one question (the
 * `DnsResolver` continuing a CNAME chain a server left unresolved, the overlay resolver asking
 * below more than once). A budget wrapper passes one down in {@link ResolveOptions}; the driver runs
 * each extra question through it, so that it is counted, logged and possibly refused (then `ask` is
 * not called and the answer is `error` with cause `budget`).
 */
export type QueryAccount = <T extends RRType>(
  name: string,
  type: T,
  ask: () => Promise<DnsAnswer<T>>,
) => Promise<DnsAnswer<T>>;

/** Options for one question. */
export interface ResolveOptions {
  /** Abort the question; the answer is then `status: "error"` with cause `aborted`. */
  signal?: AbortSignal;
  /** Where a driver accounts for the extra questions it asks for this one (set by `QueryBudgetResolver`). */
  account?: QueryAccount;
}

/**
 * The resolver interface. Implementations must not throw for a DNS outcome; a driver that throws
 * anyway is caught by {@link resolveSafely} (which every module in this library calls).
 */
export interface Resolver {
  resolve<T extends RRType>(name: string, type: T, options?: ResolveOptions): Promise<DnsAnswer<T>>;
}
