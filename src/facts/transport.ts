/**
 * The published transport-security policies of every audited domain that receives mail: MTA-STS
 * (RFC 8461: the `_mta-sts` record and the policy fetched over HTTPS), TLS-RPT (RFC 8460), the
 * TLSA records of each MX host (DANE, RFC 7672), and BIMI for the From domains whose DMARC policy
 * is at enforcement. Every DNS question goes through the audit's cached resolver (each (name, type)
 * once); HTTPS fetches are bounded (a deadline, a size cap) and injectable (`https.fetch`: an
 * HTTPS fixture for offline runs). A failed lookup or fetch stays unknown, never "absent".
 */
import { type BimiCheck, checkBimi } from "../transport/bimi-check.ts";
import { checkDane, type DaneCheck } from "../transport/dane-check.ts";
import type { FetchOptions, FetchResult } from "../transport/fetch-resource.ts";
import { checkMtaSts, type MtaStsCheck } from "../transport/mta-sts-check.ts";
import { checkTlsRpt, type TlsRptCheck } from "../transport/tls-rpt.ts";
import type { AuditContext } from "./context.ts";
import type { ProbeFacts } from "./probes.ts";
import type { DomainFacts } from "./types.ts";

/** Options of the published-policy checks (`AuditOptions.transport`). */
export interface TransportOptions {
  /**
   * How policies and logos are fetched: `fetch` (default: a real HTTPS GET; `fixtureFetch` replays
   * an HTTPS fixture, `offlineFetch` fetches nothing), `ca`, `port`, `timeoutMs` (default 20 s per
   * fetch). Bodies are capped (64 KB for a policy, 32 KB for a logo).
   */
  https?: Omit<FetchOptions, "signal">;
  /** Check BIMI for the From domains at DMARC enforcement. Default true. */
  bimi?: boolean;
}

/** The published policies of one domain. */
export interface TransportDomainFacts {
  domain: string;
  /** MTA-STS, TLS-RPT and DANE: only for a domain that receives mail (MX hosts published). */
  mtaSts?: MtaStsCheck;
  tlsRpt?: TlsRptCheck;
  dane?: DaneCheck;
  /** BIMI: only for a From domain of the description whose DMARC policy is quarantine or reject. */
  bimi?: BimiCheck;
}

/** What the transport gatherers found (`GatheredFacts.transport`). */
export interface TransportFacts {
  domains: TransportDomainFacts[];
  /** The SMTP probes, when the audit was asked to probe. */
  probes?: ProbeFacts;
}

/** Whether a domain publishes MX hosts (a null MX or an unknown answer: no). */
export function receivesMail(d: Pick<DomainFacts, "mx">): boolean {
  return d.mx.status === "ok" && d.mx.records.some((r) => r.exchange !== "" && r.exchange !== ".");
}

/** Whether BIMI applies: a From domain of the description that sends, with DMARC at quarantine or reject. */
export function bimiApplies(d: Pick<DomainFacts, "roles" | "sends" | "dmarc">): boolean {
  const p = d.dmarc?.status === "found" ? d.dmarc.policy?.p : undefined;
  return d.roles.includes("org") && d.sends && (p === "quarantine" || p === "reject");
}

/**
 * Whether a fetch was decided: `ok` (a 200 within the cap), `failed` (the server or DNS answered
 * definitely: no such host, a refused connection, a bad certificate, a redirect, another status,
 * a body too large, the wrong media type, a broken handshake or HTTP exchange) or `unknown` (the
 * host's addresses could not be resolved, the deadline passed, the network was unreachable, the
 * caller aborted, or the run is offline): unknown is never reported as a broken policy host.
 */
export function fetchState(fetch: FetchResult): "ok" | "failed" | "unknown" {
  if (fetch.outcome === "ok") return "ok";
  if (fetch.outcome === "unknown") return "unknown";
  switch (fetch.failure) {
    case "timeout":
    case "aborted":
    case "unavailable":
      return "unknown";
    case "connect":
      // Refused is the server's answer; unreachable networks and resets may be our own egress.
      return fetch.errorCode === "ECONNREFUSED" ? "failed" : "unknown";
    default:
      return "failed";
  }
}

async function gatherOne(d: DomainFacts, ctx: AuditContext, options: TransportOptions): Promise<TransportDomainFacts> {
  const base = { resolver: ctx.resolver, ...(ctx.signal ? { signal: ctx.signal } : {}) };
  const https = { ...(options.https ?? {}), ...base };
  const out: TransportDomainFacts = { domain: d.domain };
  const bimi =
    options.bimi !== false && bimiApplies(d) && d.dmarc !== undefined
      ? checkBimi(d.domain, {
          ...https,
          dmarc: d.dmarc,
          ...(d.dmarc.orgDomain.orgDomain !== undefined ? { orgDomain: d.dmarc.orgDomain.orgDomain } : {}),
        })
      : undefined;
  if (receivesMail(d)) {
    // The MX answer is already in the audit's cache: checkMtaSts and checkDane ask it again for free.
    const [mtaSts, tlsRpt, dane] = await Promise.all([
      checkMtaSts(d.domain, https),
      checkTlsRpt(d.domain, base),
      checkDane(d.domain, base),
    ]);
    out.mtaSts = mtaSts;
    out.tlsRpt = tlsRpt;
    out.dane = dane;
  }
  if (bimi !== undefined) out.bimi = await bimi;
  return out;
}

/** Checks the published policies of every domain in `domains` that receives mail (and BIMI where it applies). */
export async function gatherTransport(
  domains: readonly DomainFacts[],
  ctx: AuditContext,
  options: TransportOptions = {},
): Promise<TransportFacts> {
  const relevant = domains.filter((d) => receivesMail(d) || (options.bimi !== false && bimiApplies(d)));
  return { domains: await Promise.all(relevant.map((d) => gatherOne(d, ctx, options))) };
}
