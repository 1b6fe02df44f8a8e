/**
 * DNS helpers of the transport checks: the evidence kept from each answer, the AD-bit accessor and
 * the "unknown is not absent" classification of statuses.
 */
import { joinTxt, resolveSafely } from "../dns/answer.ts";
import type { DnsAnswer, DnsStatus, ResolveOptions, Resolver, RRType } from "../dns/types.ts";
import type { DnsEvidence } from "./types.ts";

/**
 * Whether an answer was DNSSEC-validated (the AD bit, RFC 4035 §3.2.3, from a validating resolver).
 * Read through this accessor so that the code works whether or not `DnsAnswer` has the
 * `authenticated` field yet: `undefined` means "not known", never "unsigned".
 */
export function answerAuthenticated(answer: DnsAnswer): boolean | undefined {
  const value: unknown = (answer as { authenticated?: unknown }).authenticated;
  return typeof value === "boolean" ? value : undefined;
}

/** A definite "there is nothing": NXDOMAIN or NODATA (RFC 2308). */
export function isDefiniteAbsence(status: DnsStatus): boolean {
  return status === "nxdomain" || status === "nodata";
}

/** A failure that leaves the question undecided: timeout, SERVFAIL, REFUSED or another error. */
export function isUnknown(status: DnsStatus): boolean {
  return status !== "ok" && !isDefiniteAbsence(status);
}

function recordText(record: unknown): string {
  if (Array.isArray(record)) return joinTxt(record.map(String));
  if (typeof record === "string") return record;
  if (typeof record === "object" && record !== null && "exchange" in record && "preference" in record) {
    const mx = record as { preference: unknown; exchange: unknown };
    return `${String(mx.preference)} ${String(mx.exchange) || "."}`;
  }
  return JSON.stringify(record) ?? "";
}

/** Summarises an answer as evidence (records as text; at most 50 kept, bounded). */
export function evidenceOf(answer: DnsAnswer): DnsEvidence {
  const e: DnsEvidence = {
    name: answer.name,
    type: String(answer.type),
    status: answer.status,
    ttl: answer.ttl,
    cnameChain: [...answer.cnameChain],
    records: answer.records.slice(0, 50).map(recordText),
  };
  if (answer.detail !== undefined) e.detail = answer.detail;
  const ad = answerAuthenticated(answer);
  if (ad !== undefined) e.authenticated = ad;
  return e;
}

/** Asks through {@link resolveSafely} and keeps the evidence beside the answer. */
export async function ask<T extends RRType>(
  resolver: Resolver,
  name: string,
  type: T,
  options?: ResolveOptions,
): Promise<{ answer: DnsAnswer<T>; evidence: DnsEvidence }> {
  const answer = await resolveSafely(resolver, name, type, options);
  return { answer, evidence: evidenceOf(answer) };
}
