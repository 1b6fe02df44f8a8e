/**
 * The audit's entry points. (Signatures fixed now so that the command line and the reports can be
 * built against them; the implementation lands with the audit issue.)
 */
import type { Resolver } from "../dns/types.ts";
import type { RuleSelection } from "../rules/engine.ts";
import type { AuditReport } from "./report-types.ts";

/** Options of {@link audit}. */
export interface AuditOptions {
  /** Where every DNS answer comes from (a fixture, real DNS, DoH; wrapped in a per-audit cache). */
  resolver: Resolver;
  /** Extra provider catalog entries (JSON objects in the catalog entry format). */
  catalog?: readonly unknown[];
  /** The clock (report timestamp, key and signature dates). Default: now. */
  now?: Date;
  /** Which rules run. */
  rules?: RuleSelection;
  /** Most DNS questions the audit may ask. Default 2,000. */
  maxQueries?: number;
  signal?: AbortSignal;
}

/** Options of {@link checkDomain}: an audit without an organisation description. */
export interface CheckOptions extends AuditOptions {
  /** DKIM selectors to try besides the known ones (selectors cannot be listed from DNS). */
  selectors?: readonly string[];
}

/** Audits an organisation description (an object, or JSON/YAML text) against DNS. */
export async function audit(org: unknown, options: AuditOptions): Promise<AuditReport> {
  void org;
  void options;
  throw new Error("audit() is not implemented yet");
}

/** Checks one domain with no description: what it publishes, the providers it uses, and every rule that applies. */
export async function checkDomain(domain: string, options: CheckOptions): Promise<AuditReport> {
  void domain;
  void options;
  throw new Error("checkDomain() is not implemented yet");
}
