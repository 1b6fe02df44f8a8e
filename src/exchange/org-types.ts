/**
 * What {@link orgFromExchange} returns besides the description: where each part came from and what
 * the admin must confirm, keyed by JSON Pointer (RFC 6901) into the description. `orgToYaml` turns
 * these into comments.
 */
import type { Resolver } from "../dns/types.ts";
import type { Organisation } from "../org/types.ts";

/** Remarks on one part of the description. */
export interface OrgAnnotation {
  /** A JSON Pointer into the description (`/paths/0`, `/domains/2`); `""` is the whole description. */
  pointer: string;
  /** The exports it came from: `Get-SendConnector "Internet" (onprem/send.xml)`. */
  from: string[];
  /** What the admin must check before relying on it. */
  confirm: string[];
  /** Other remarks (what was left out, and why). */
  notes: string[];
}

/** Options of {@link orgFromExchange}. */
export interface OrgFromExchangeOptions {
  /**
   * Resolves the `Fqdn` (EHLO name) of connectors that deliver by DNS, to find their egress
   * addresses (A and AAAA). Without it such connectors cannot become paths, and the annotations
   * say so.
   */
  resolver?: Resolver;
  signal?: AbortSignal;
  /** The organisation's name (default: from `Get-OrganizationConfig`). */
  name?: string;
}

/** The description and its annotations, or why no valid description could be made. */
export type OrgFromExchangeResult =
  | { ok: true; org: Organisation; annotations: OrgAnnotation[] }
  | { ok: false; error: string; annotations: OrgAnnotation[] };
