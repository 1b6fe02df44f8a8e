/**
 * DANE for SMTP (RFC 7672) as published in DNS: the TLSA records at `_25._tcp.<mx>` of every MX
 * host, whether each answer was DNSSEC-validated (the AD bit from a validating resolver), and
 * whether the records are usable by SMTP clients. Matching the certificates the hosts present is
 * the SMTP probe's part ({@link matchTlsa}).
 */
import type { Resolver } from "../dns/types.ts";
import { diagnostic, hasErrors, rfc } from "./diagnostic.ts";
import { answerAuthenticated, ask, isUnknown } from "./dns-evidence.ts";
import { givenMx, lookupMx, type MxLookup } from "./mx.ts";
import { parseTlsaRecord, type TlsaParse } from "./tlsa-record.ts";
import type { DnsEvidence, TransportDiagnostic } from "./types.ts";

/** Options of {@link checkDane}. */
export interface DaneCheckOptions {
  resolver: Resolver;
  /** MX hosts already known (skips the MX lookup). */
  mxHosts?: readonly string[];
  /** SMTP port; default 25 (RFC 7672 §2.2.2: `_25._tcp.<host>`). */
  port?: number;
  signal?: AbortSignal;
}

/**
 * The DANE state of one MX host:
 * - `none`: no TLSA records (NXDOMAIN or NODATA): no DANE for this host;
 * - `unknown`: the lookup failed (a validating resolver answers SERVFAIL for bogus DNSSEC, and
 *   senders then defer mail to the host, RFC 7672 §2.2), or was not made;
 * - `unsigned`: records exist but the answer was not DNSSEC-validated: senders ignore them (RFC 7672 §2.2);
 * - `unverified`: records exist and the resolver did not say whether they were validated;
 * - `unusable`: validated records, none usable (senders then use TLS without authentication, RFC 7672 §2.2);
 * - `usable`: validated records, at least one usable.
 */
export type DaneHostStatus = "none" | "unknown" | "unsigned" | "unverified" | "unusable" | "usable";

/** One MX host's TLSA records. */
export interface DaneHostResult {
  host: string;
  /** `_25._tcp.<host>`. */
  name: string;
  status: DaneHostStatus;
  dns: DnsEvidence;
  /** The AD bit of the TLSA answer; absent when the resolver does not say. */
  authenticated?: boolean;
  records: TlsaParse[];
  usableRecords: number;
  diagnostics: TransportDiagnostic[];
}

/** What {@link checkDane} returns. */
export interface DaneCheck {
  domain: string;
  mx: MxLookup;
  /** The AD bit of the MX answer (RFC 7672 §2.2.1: DANE may still apply to hosts from an insecure MX RRset). */
  mxAuthenticated?: boolean;
  hosts: DaneHostResult[];
  /**
   * - `absent`: no host has TLSA records (or there is no MX host);
   * - `unknown`: the MX lookup failed, or a host's lookup failed and none has records;
   * - `unsigned`: some host has TLSA records that were not DNSSEC-validated;
   * - `invalid`: some host has records with errors (unusable records, digests of the wrong length...);
   * - `unverified`: records exist, the resolver does not report validation;
   * - `valid`: every host with records has validated, usable records.
   */
  status: "absent" | "unknown" | "unsigned" | "invalid" | "unverified" | "valid";
  /** Hosts with usable validated records, and MX hosts without any (a partial deployment). */
  protectedHosts: string[];
  unprotectedHosts: string[];
  diagnostics: TransportDiagnostic[];
}

async function checkHost(
  resolver: Resolver,
  host: string,
  port: number,
  signal?: AbortSignal,
): Promise<DaneHostResult> {
  const name = `_${port}._tcp.${host}`;
  const { answer, evidence } = await ask(resolver, name, "TLSA", signal ? { signal } : undefined);
  const result: DaneHostResult = {
    host,
    name,
    status: "none",
    dns: evidence,
    records: [],
    usableRecords: 0,
    diagnostics: [],
  };
  const ad = answerAuthenticated(answer);
  if (ad !== undefined) result.authenticated = ad;
  if (isUnknown(answer.status)) {
    result.status = "unknown";
    result.diagnostics.push(
      diagnostic(
        "dane-tlsa-lookup-failed",
        "warning",
        `could not look up ${name}: ${answer.status}${answer.detail ? ` (${answer.detail})` : ""}; if a validating resolver finds the DNSSEC signatures bogus, senders defer mail to ${host}`,
        [rfc(7672, "2.2")],
        { name },
      ),
    );
    return result;
  }
  if (answer.status !== "ok") return result;
  result.records = answer.records.slice(0, 50).map((r) => parseTlsaRecord(String(r)));
  result.usableRecords = result.records.filter(
    (r) => r.usable && r.record && r.record.usage >= 2 && r.record.usage <= 3,
  ).length;
  const someUsable = result.usableRecords > 0;
  for (const r of result.records) {
    for (const d of r.diagnostics) {
      // With usable records beside it, an unusable record is noise rather than an outage.
      const severity = d.severity === "error" && someUsable ? "warning" : d.severity;
      result.diagnostics.push({ ...d, severity, name });
    }
  }
  if (ad === false) {
    result.status = "unsigned";
    result.diagnostics.push(
      diagnostic(
        "dane-unsigned",
        "error",
        `${name} has TLSA records but the answer is not DNSSEC-validated: senders ignore them (sign the zone of ${host})`,
        [rfc(7672, "2.2")],
        { name },
      ),
    );
  } else if (ad === undefined) {
    result.status = "unverified";
    result.diagnostics.push(
      diagnostic(
        "dane-unverified",
        "info",
        `${name} has TLSA records; the resolver does not report DNSSEC validation (use a validating resolver to tell)`,
        [rfc(7672, "2.2")],
        { name },
      ),
    );
  } else {
    result.status = someUsable ? "usable" : "unusable";
    if (!someUsable)
      result.diagnostics.push(
        diagnostic(
          "dane-tlsa-none-usable",
          "error",
          `no TLSA record of ${host} is usable for SMTP: senders use TLS without authenticating the host`,
          [rfc(7672, "2.2"), rfc(7672, "3.1")],
          { name },
        ),
      );
  }
  return result;
}

/** Checks the TLSA records of every MX host of `domain` (at most 20). Never throws. */
export async function checkDane(domain: string, options: DaneCheckOptions): Promise<DaneCheck> {
  const d = domain.toLowerCase().replace(/\.$/, "");
  const mx = options.mxHosts ? givenMx(options.mxHosts) : await lookupMx(options.resolver, d, options.signal);
  const check: DaneCheck = {
    domain: d,
    mx,
    hosts: [],
    status: "absent",
    protectedHosts: [],
    unprotectedHosts: [],
    diagnostics: [],
  };
  if (mx.dns) {
    const ad = mx.dns.authenticated;
    if (ad !== undefined) check.mxAuthenticated = ad;
  }
  if (mx.status === "unknown") {
    check.status = "unknown";
    return check;
  }
  // No MX RRset: mail goes to the domain itself (RFC 5321 §5.1), so its TLSA records apply (RFC 7672 §2.2.2).
  const hosts = mx.status === "none" ? [d] : mx.hosts;
  check.hosts = await Promise.all(hosts.map((h) => checkHost(options.resolver, h, options.port ?? 25, options.signal)));
  for (const h of check.hosts) check.diagnostics.push(...h.diagnostics);
  const withRecords = check.hosts.filter((h) => h.records.length > 0);
  check.protectedHosts = check.hosts.filter((h) => h.status === "usable").map((h) => h.host);
  check.unprotectedHosts =
    withRecords.length > 0 ? check.hosts.filter((h) => h.status === "none").map((h) => h.host) : [];
  for (const host of check.unprotectedHosts)
    check.diagnostics.push(
      diagnostic(
        "dane-host-without-tlsa",
        "warning",
        `MX ${host} has no TLSA records while other MX hosts do: an attacker can steer mail to it`,
        [rfc(7672, "2.2.1")],
        { name: host },
      ),
    );
  check.status = overall(check, withRecords);
  return check;
}

function overall(check: DaneCheck, withRecords: DaneHostResult[]): DaneCheck["status"] {
  if (withRecords.length === 0) return check.hosts.some((h) => h.status === "unknown") ? "unknown" : "absent";
  if (withRecords.some((h) => h.status === "unsigned")) return "unsigned";
  if (withRecords.some((h) => h.status === "unusable" || hasErrors(h.diagnostics))) return "invalid";
  if (withRecords.some((h) => h.status === "unverified")) return "unverified";
  return "valid";
}
