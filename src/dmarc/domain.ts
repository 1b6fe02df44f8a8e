import { domainToASCII } from "node:url";
import { nameProblem } from "../dns/names.ts";

/**
 * A domain name made comparable: lower case, one trailing dot removed, U-labels converted to
 * A-labels (RFC 9989 §5.3.1: "If the domain is a U-label, the domain MUST be converted to an
 * A-label, as described in Section 2.3 of [RFC5890]"). Returns `undefined` for a name that cannot
 * be a domain (empty, empty labels, over-long labels, an IP literal, characters IDNA rejects).
 */
export function normalizeDmarcDomain(input: string): string | undefined {
  if (typeof input !== "string") return undefined;
  let name = input.trim().toLowerCase();
  if (name.endsWith(".") && name.length > 1) name = name.slice(0, -1);
  if (name === "" || name.startsWith(".") || name.includes("..") || name.startsWith("[")) return undefined;
  // Underscore labels (_dmarc, _report) are fine in DNS (RFC 8552) but IDNA refuses them: convert
  // only names that need it.
  const ascii = /^[\x21-\x7e]*$/.test(name) ? name : domainToASCII(name);
  if (ascii === "" || /[^a-z0-9._-]/.test(ascii)) return undefined;
  if (nameProblem(ascii) !== undefined) return undefined;
  return ascii;
}

/** The labels of a normalised domain. */
export function labelsOf(domain: string): string[] {
  return domain.split(".");
}

/** Whether `child` is `parent` or a subdomain of it (both normalised). */
export function isAtOrBelow(child: string, parent: string): boolean {
  return child === parent || child.endsWith(`.${parent}`);
}

/** The DMARC policy record name of a domain (RFC 9989 §4.5: "names starting with the label _dmarc"). */
export function dmarcName(domain: string): string {
  return `_dmarc.${domain}`;
}
