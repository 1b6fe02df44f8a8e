/**
 * The queue's jobs: one per domain, its id the domain itself (so adding a domain twice is a no-op
 * while its job exists; https://docs.bullmq.io/guide/jobs/job-ids), its result a
 * {@link DomainResult} stored with the job (compressed: a report is ~9 KB of JSON, ~1.5 KB deflated).
 */
import { deflateRawSync, inflateRawSync } from "node:zlib";
import type { DomainResult } from "../report/bulk-types.ts";
import { DOMAIN_STATUSES } from "../report/bulk-types.ts";

/** A job's data. */
export interface DomainJob {
  domain: string;
}

/** The name of every job (BullMQ's job name). */
export const JOB_NAME = "check";

const PREFIX = "z1:";

/** A result as stored with its job. */
export function encodeResult(result: DomainResult): string {
  return PREFIX + deflateRawSync(Buffer.from(JSON.stringify(result))).toString("base64");
}

/**
 * A stored result, read back; `undefined` when it is not one (a foreign or damaged value): the
 * caller then reports the domain "not checked" with the reason.
 */
export function decodeResult(stored: unknown, domain: string): DomainResult | undefined {
  if (typeof stored !== "string" || !stored.startsWith(PREFIX)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(inflateRawSync(Buffer.from(stored.slice(PREFIX.length), "base64")).toString("utf8"));
  } catch {
    return undefined;
  }
  if (typeof value !== "object" || value === null) return undefined;
  const v = value as { domain?: unknown; status?: unknown; report?: unknown; reason?: unknown };
  if (v.domain !== domain || !(DOMAIN_STATUSES as readonly unknown[]).includes(v.status)) return undefined;
  if (v.status === "checked" ? typeof v.report !== "object" || v.report === null : typeof v.reason !== "string")
    return undefined;
  return value as DomainResult;
}
