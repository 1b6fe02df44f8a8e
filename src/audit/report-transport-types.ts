/**
 * The transport part of the {@link AuditReport}: what each domain publishes for the security of
 * mail in transit (MTA-STS, TLS-RPT, DANE, BIMI) and, when the audit probed, one compact row per
 * (host, port). Plain JSON; described by `report-transport-schema.ts`.
 */

/** What one domain publishes; a part is absent when it was not checked (no MX, BIMI not applicable). */
export interface TransportDomainReport {
  domain: string;
  mtaSts?: {
    /** `absent` · `unknown` · `invalid` · `unreachable` · `valid` (see docs/transport.md). */
    status: "absent" | "unknown" | "invalid" | "unreachable" | "valid";
    /** The `_mta-sts` TXT record (the first that begins with `v=STSv1`, or a near miss). */
    record: string | null;
    id: string | null;
    /** The policy's URL, when it was fetched. */
    policyUrl: string | null;
    mode: "enforce" | "testing" | "none" | null;
    /** The policy's `mx` patterns. */
    mx: string[];
    maxAge: number | null;
    /** MX hosts no pattern matches. */
    uncovered: string[];
  };
  tlsRpt?: {
    status: "absent" | "unknown" | "multiple" | "invalid" | "valid";
    record: string | null;
    /** The report destinations (`mailto:` and `https:` URIs). */
    rua: string[];
  };
  dane?: {
    status: "absent" | "unknown" | "unsigned" | "invalid" | "unverified" | "valid";
    hosts: {
      host: string;
      status: "none" | "unknown" | "unsigned" | "unverified" | "unusable" | "usable";
      /** The TLSA records (`3 1 1 …`). */
      records: string[];
      /** The AD bit of the TLSA answer; absent when the resolver does not say. */
      authenticated?: boolean;
    }[];
  };
  bimi?: {
    status: "absent" | "unknown" | "declined" | "invalid" | "valid";
    record: string | null;
    /** The logo's URL (`l=`). */
    logo: string | null;
    /** Whether the DMARC policy meets BIMI's requirement. */
    dmarc: "ok" | "insufficient" | "missing" | "unknown";
  };
}

/** A step's outcome in a probe row: a value, `unknown` (it could not complete), or null (it does not apply). */
export type ProbeCell<T> = T | "unknown" | null;

/** One probed (host, port), compact. */
export interface ProbeReport {
  host: string;
  port: number;
  /** Why the host was probed. */
  roles: ("mx" | "smart-host" | "named")[];
  /** The domains it serves. */
  domains: string[];
  address: string | null;
  /**
   * `probed`, or why not: no address, address lookups failed, a documentation address (example
   * data), a provider's MX host, too many hosts, a refused input.
   */
  status: "probed" | "no-address" | "address-unknown" | "documentation-address" | "provider" | "too-many" | "error";
  /** Why it was not probed. */
  detail?: string;
  tlsMode: "starttls" | "implicit" | null;
  /** The greeting's first line. */
  banner: ProbeCell<string>;
  /** STARTTLS offered (null on an implicit-TLS port). */
  starttls: ProbeCell<boolean>;
  tls: ProbeCell<{
    protocol: string;
    cipher: string;
    /** Trusted, valid for the host name and within its dates. */
    valid: boolean;
    chainTrusted: boolean;
    chainError: string | null;
    nameMatches: boolean;
    expired: boolean;
    daysToExpiry: number | null;
    subject: string | null;
    issuer: string | null;
    validTo: string | null;
    /** The leaf's DNS names. */
    names: string[];
  }>;
  /** AUTH offered before STARTTLS (null on an implicit-TLS port). */
  authBeforeTls: ProbeCell<boolean>;
  /** The relay test: `accepted` (may relay for strangers), `refused`, `deferred`; null when not run. */
  relay: ProbeCell<"accepted" | "refused" | "deferred">;
  /** Port 25 with usable TLSA records: whether the served chain matches them. */
  dane?: "match" | "no-match";
  /** The steps that could not complete. */
  unknown: { step: string; cause: string; detail: string }[];
  /** The probe's transcript (commands, replies' first lines, events), at most 60 entries. */
  transcript: string[];
}

/** The transport part of a report. */
export interface TransportReport {
  domains: TransportDomainReport[];
  /** Present when the audit probed. */
  probes?: ProbeReport[];
}
