/**
 * Identifier Alignment (RFC 7489 §3.1, RFC 9989 §3.2.10 and §4.4): strict alignment is identity of
 * the two domains; relaxed alignment is equality of their Organizational Domains.
 */
import { normalizeDmarcDomain } from "./domain.ts";
import { type OrgLookup, pslOrganizationalDomain } from "./org-domain.ts";
import type { AlignmentFlag, AlignmentMode } from "./types.ts";

/** `r`/`s` or `relaxed`/`strict` to the word. */
export function alignmentMode(mode: AlignmentMode | AlignmentFlag): AlignmentMode {
  return mode === "s" || mode === "strict" ? "strict" : "relaxed";
}

/** The PSL Organizational Domain of a domain (RFC 7489 §3.2), or undefined for a name that is not a domain. */
export function pslOrgDomainOf(domain: string): string | undefined {
  return pslOrganizationalDomain(domain).orgDomain;
}

/** Whether an Authenticated Identifier's domain aligns with the From domain, and why. */
export interface Alignment {
  /** `unknown` when a DNS failure left an Organizational Domain undetermined. */
  aligned: boolean | "unknown";
  /** The identifier's Organizational Domain, when it was needed and found. */
  orgDomain?: string;
  reason: string;
}

/**
 * Identifier Alignment of `domain` with the From domain `from` (both normalised): the one
 * implementation the evaluation, the audit's path verdicts and {@link isAligned} share.
 * `strict`: identical (RFC 9989 §3.2.10.2); `relaxed`: the same Organizational Domain
 * (§3.2.10.1), asked through `orgOf` (the RFC 9989 tree walk or the PSL) only when the names differ.
 */
export async function alignIdentifier(
  domain: string,
  from: string,
  mode: AlignmentMode | AlignmentFlag,
  orgOf: (domain: string) => Promise<OrgLookup> | OrgLookup,
): Promise<Alignment> {
  if (domain === from || alignmentMode(mode) === "strict") return decideAlignment(domain, from, mode);
  const [own, fromOrg] = await Promise.all([orgOf(domain), orgOf(from)]);
  return decideAlignment(domain, from, mode, own, fromOrg);
}

/** The decision itself, given the Organizational Domains (needed only for relaxed mode and different names). */
function decideAlignment(
  domain: string,
  from: string,
  mode: AlignmentMode | AlignmentFlag,
  own?: OrgLookup,
  fromOrg?: OrgLookup,
): Alignment {
  if (domain === from) return { aligned: true, reason: `${domain} is the From domain (strict and relaxed alignment)` };
  if (alignmentMode(mode) === "strict")
    return { aligned: false, reason: `strict alignment needs ${domain} to be ${from}` };
  const out: Alignment = { aligned: false, reason: "" };
  if (own?.org !== undefined) out.orgDomain = own.org;
  if (own === undefined || fromOrg === undefined || own.temp !== undefined || fromOrg.temp !== undefined) {
    out.aligned = "unknown";
    out.reason = `Organizational Domain unknown: ${own?.temp ?? fromOrg?.temp ?? "not determined"}`;
    return out;
  }
  out.aligned = own.org !== undefined && own.org === fromOrg.org;
  out.reason = out.aligned
    ? `relaxed: ${domain} and ${from} share the Organizational Domain ${own.org}`
    : `relaxed: ${domain} has Organizational Domain ${own.org}, ${from} has ${fromOrg.org}`;
  return out;
}

/**
 * Whether two domains are aligned. `strict`: identical after normalisation (case, one trailing
 * dot, A-labels; RFC 9989 §3.2.10.2). `relaxed`: the same Organizational Domain (RFC 9989
 * §3.2.10.1), by default from the Public Suffix List (RFC 7489 §3.2); pass `orgDomainOf` to use
 * other Organizational Domains (for instance those of an RFC 9989 tree walk). A name that is not a
 * domain is aligned with nothing.
 */
export function isAligned(
  domainA: string,
  domainB: string,
  mode: AlignmentMode | AlignmentFlag,
  orgDomainOf: (domain: string) => string | undefined = pslOrgDomainOf,
): boolean {
  const a = normalizeDmarcDomain(domainA);
  const b = normalizeDmarcDomain(domainB);
  if (a === undefined || b === undefined) return false;
  const org = (d: string): OrgLookup => {
    const found = orgDomainOf(d);
    return found === undefined ? { temp: "no Organizational Domain" } : { org: found };
  };
  return decideAlignment(a, b, mode, org(a), org(b)).aligned === true;
}
