/**
 * Identifier Alignment (RFC 7489 §3.1, RFC 9989 §3.2.10 and §4.4): strict alignment is identity of
 * the two domains; relaxed alignment is equality of their Organizational Domains.
 */
import { normalizeDmarcDomain } from "./domain.ts";
import { pslOrganizationalDomain } from "./org-domain.ts";
import type { AlignmentFlag, AlignmentMode } from "./types.ts";

/** `r`/`s` or `relaxed`/`strict` to the word. */
export function alignmentMode(mode: AlignmentMode | AlignmentFlag): AlignmentMode {
  return mode === "s" || mode === "strict" ? "strict" : "relaxed";
}

/** The PSL Organizational Domain of a domain (RFC 7489 §3.2), or undefined for a name that is not a domain. */
export function pslOrgDomainOf(domain: string): string | undefined {
  return pslOrganizationalDomain(domain).orgDomain;
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
  if (a === b) return true;
  if (alignmentMode(mode) === "strict") return false;
  const orgA = orgDomainOf(a);
  return orgA !== undefined && orgA === orgDomainOf(b);
}
