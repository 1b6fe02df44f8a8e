/**
 * The DNS questions of DMARC discovery: `_dmarc.<domain>` TXT (RFC 9989 §4.10, RFC 7489 §6.6.3)
 * and the existence of a domain (RFC 9989 §3.2.13). One {@link DmarcQueries} asks each question
 * once and shares the answer between the two discovery methods and the alignment walks.
 */
import { joinTxt, resolveSafely } from "../dns/answer.ts";
import type { DnsAnswer, DnsStatus, Resolver } from "../dns/types.ts";
import { dmarcName, labelsOf } from "./domain.ts";
import { parseDmarc } from "./parse.ts";
import type { DmarcLookup } from "./results.ts";
import type { DmarcMode } from "./types.ts";

/** Statuses that mean "we could not tell" (never "no record"). */
export function isTempFailure(status: DnsStatus): boolean {
  return status !== "ok" && status !== "nxdomain" && status !== "nodata";
}

/** Most `_dmarc` queries of one tree walk (RFC 9989 §4.10: "no more than eight DNS queries"). */
export const MAX_WALK_QUERIES = 8;

/**
 * The domains a DNS Tree Walk starting at `domain` asks about, in order (RFC 9989 §4.10 steps 3-7):
 * the domain itself; then, with more than eight labels, the name shortened to seven labels, else its
 * parent; then one label less each time down to the top-level domain. At most eight names.
 */
export function walkTargets(domain: string): string[] {
  const labels = labelsOf(domain);
  const out = [domain];
  let count = labels.length >= MAX_WALK_QUERIES ? MAX_WALK_QUERIES - 1 : labels.length - 1;
  while (count >= 1 && out.length < MAX_WALK_QUERIES) {
    out.push(labels.slice(labels.length - count).join("."));
    count--;
  }
  return out;
}

/** Classifies one answer (RFC 9989 §4.10 step 2: non-DMARC records discarded, several DMARC records all discarded). */
export function classify(domain: string, answer: DnsAnswer<"TXT">, mode: DmarcMode): DmarcLookup {
  const txt =
    answer.status === "ok" ? answer.records.map((strings) => joinTxt(Array.isArray(strings) ? strings : [])) : [];
  const dmarc = txt.filter((t) => parseDmarc(t, { mode }).isDmarc);
  const lookup: DmarcLookup = {
    domain,
    name: dmarcName(domain),
    status: answer.status,
    cnameChain: [...(answer.cnameChain ?? [])],
    ttl: answer.ttl,
    txt,
    dmarc,
    outcome: isTempFailure(answer.status)
      ? "temperror"
      : dmarc.length === 1
        ? "record"
        : dmarc.length > 1
          ? "multiple"
          : "none",
  };
  if (answer.detail !== undefined) lookup.detail = answer.detail;
  if (lookup.outcome === "record") lookup.psd = parseDmarc(dmarc[0] as string, { mode }).record?.psd ?? "u";
  return lookup;
}

/** Whether a domain exists (RFC 9989 §3.2.13, Appendix A.4: NXDOMAIN means it and everything below it do not). */
export interface Existence {
  exists: boolean | "unknown";
  status: DnsStatus;
  detail?: string;
}

/** Asks each DMARC question once per instance; shared by discovery, alignment and report checks. */
export class DmarcQueries {
  readonly resolver: Resolver;
  readonly mode: DmarcMode;
  readonly signal: AbortSignal | undefined;
  readonly #answers = new Map<string, Promise<DnsAnswer<"TXT">>>();
  readonly #order: string[] = [];

  constructor(resolver: Resolver, mode: DmarcMode = "strict", signal?: AbortSignal) {
    this.resolver = resolver;
    this.mode = mode;
    this.signal = signal;
  }

  /** A TXT question, asked once. */
  txt(name: string): Promise<DnsAnswer<"TXT">> {
    let pending = this.#answers.get(name);
    if (pending === undefined) {
      pending = resolveSafely(this.resolver, name, "TXT", this.signal === undefined ? {} : { signal: this.signal });
      this.#answers.set(name, pending);
      this.#order.push(name);
    }
    return pending;
  }

  /** `_dmarc.<domain>` classified. */
  async at(domain: string): Promise<DmarcLookup> {
    return classify(domain, await this.txt(dmarcName(domain)), this.mode);
  }

  /** Whether `domain` exists, from a TXT question at the domain itself (any type tells NXDOMAIN from NODATA). */
  async exists(domain: string): Promise<Existence> {
    const answer = await this.txt(domain);
    const e: Existence = { exists: "unknown", status: answer.status };
    if (answer.detail !== undefined) e.detail = answer.detail;
    if (answer.status === "ok" || answer.status === "nodata") e.exists = true;
    // An alias exists even when its target does not (RFC 1034 §3.6.2).
    else if (answer.status === "nxdomain") e.exists = (answer.cnameChain ?? []).length > 0;
    return e;
  }

  /** The names asked so far, in order. */
  get asked(): string[] {
    return [...this.#order];
  }
}
