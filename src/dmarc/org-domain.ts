/**
 * The Organizational Domain: RFC 7489 §3.2 (Public Suffix List, via `tldts`) and RFC 9989 §4.10.2
 * (the DNS Tree Walk with `psd` tags).
 */
import { parse as parseWithPsl } from "tldts";
import type { Resolver } from "../dns/types.ts";
import { labelsOf, normalizeDmarcDomain } from "./domain.ts";
import { DmarcQueries, walkTargets } from "./lookup.ts";
import type { DmarcDnsOptions, DmarcLookup, OrgDomainResult } from "./results.ts";
import type { DmarcSpec } from "./types.ts";

/**
 * RFC 7489 §3.2: "the Organizational Domain is found by taking the public suffix and adding one
 * label" of the subject domain, with the Public Suffix List. We use the whole list, PRIVATE section
 * included, by default (see docs/dmarc.md). A domain that is itself a public suffix (`co.uk`, an
 * unlisted TLD) has no registrable domain; the algorithm then gives the domain itself.
 */
export function pslOrganizationalDomain(domain: string, options: { privateDomains?: boolean } = {}): OrgDomainResult {
  const name = normalizeDmarcDomain(domain);
  if (name === undefined) {
    return { domain: String(domain), method: "rfc7489", status: "invalid", reason: "not a domain name" };
  }
  const parsed = parseWithPsl(name, {
    allowPrivateDomains: options.privateDomains ?? true,
    extractHostname: false,
    detectIp: false,
    validateHostname: false,
  });
  const suffix = parsed.publicSuffix ?? labelsOf(name).slice(-1).join(".");
  const registrable = parsed.domain;
  const result: OrgDomainResult = {
    domain: name,
    method: "rfc7489",
    status: "ok",
    orgDomain: registrable ?? name,
    publicSuffix: suffix,
    registrableDomain: registrable,
    reason:
      registrable === null
        ? `${name} is itself a public suffix; it is its own Organizational Domain`
        : `public suffix "${suffix}" plus one label${parsed.isPrivate ? " (PRIVATE section of the PSL)" : ""}`,
  };
  return result;
}

/** The name one label below `ancestor` on the way down to `domain` (RFC 9989 §4.10.2 rule 2). */
function childToward(domain: string, ancestor: string): string {
  const labels = labelsOf(domain);
  return labels.slice(labels.length - labelsOf(ancestor).length - 1).join(".");
}

/**
 * RFC 9989 §4.10.2 over a walk's lookups (longest name first). Returns the result without DNS.
 */
export function selectOrgDomain(domain: string, walk: DmarcLookup[]): OrgDomainResult {
  const steps: Array<DmarcLookup & { used: boolean }> = walk.map((w) => ({ ...w, used: false }));
  const found: DmarcLookup[] = [];
  for (const step of steps) {
    step.used = true;
    if (step.outcome === "temperror") {
      return {
        domain,
        method: "rfc9989",
        status: "temperror",
        reason: `${step.name}: ${step.status}${step.detail ? ` (${step.detail})` : ""}; the tree walk cannot continue`,
        walk: steps,
      };
    }
    if (step.outcome !== "record") continue;
    found.push(step);
    // Steps 2 and 6: a single record with psd=n or psd=y stops the walk.
    if (step.psd === "y" || step.psd === "n") break;
  }
  const base = { domain, method: "rfc9989" as const, status: "ok" as const, walk: steps };
  for (const f of found) {
    if (f.psd === "n") return { ...base, orgDomain: f.domain, reason: `the record at ${f.name} has psd=n` };
    if (f.psd === "y" && f.domain !== domain) {
      return {
        ...base,
        orgDomain: childToward(domain, f.domain),
        reason: `the record at ${f.name} has psd=y: the Organizational Domain is one label below it`,
      };
    }
  }
  const top = found.at(-1);
  if (top !== undefined)
    return { ...base, orgDomain: top.domain, reason: `${top.name} is the DMARC record with the fewest labels` };
  return {
    ...base,
    orgDomain: domain,
    reason: "no DMARC record in the tree walk: the domain is its own Organizational Domain",
  };
}

/** RFC 9989 §4.10.2: the tree walk from `domain` (at most eight queries, asked concurrently). */
export async function treeWalkOrganizationalDomain(domain: string, queries: DmarcQueries): Promise<OrgDomainResult> {
  const name = normalizeDmarcDomain(domain);
  if (name === undefined)
    return { domain: String(domain), method: "rfc9989", status: "invalid", reason: "not a domain name" };
  const walk = await Promise.all(walkTargets(name).map((d) => queries.at(d)));
  return selectOrgDomain(name, walk);
}

/**
 * The Organizational Domain of `domain` by either method. `rfc9989` (default) asks DNS through
 * `options.resolver`; `rfc7489` uses the Public Suffix List only.
 */
export async function organizationalDomain(
  domain: string,
  options: Omit<DmarcDnsOptions, "resolver"> & { resolver?: Resolver; queries?: DmarcQueries } = {},
): Promise<OrgDomainResult> {
  if ((options.method ?? "rfc9989") === "rfc7489") {
    return pslOrganizationalDomain(
      domain,
      options.pslPrivateDomains === undefined ? {} : { privateDomains: options.pslPrivateDomains },
    );
  }
  const resolver = options.queries?.resolver ?? options.resolver;
  if (resolver === undefined) {
    return {
      domain: String(domain),
      method: "rfc9989",
      status: "invalid",
      reason: 'the RFC 9989 tree walk needs a resolver (or use method: "rfc7489")',
    };
  }
  const queries = options.queries ?? new DmarcQueries(resolver, options.mode ?? "strict", options.signal);
  return treeWalkOrganizationalDomain(domain, queries);
}

/** An Organizational Domain, or why it is unknown (a DNS failure during the tree walk). */
export interface OrgLookup {
  org?: string;
  temp?: string;
}

/**
 * A memoised Organizational Domain function for one method: the PSL (no DNS) or the tree walk over
 * `queries`. Used where many domains are compared with one (alignment, report destinations).
 */
export function orgDomainFinder(
  method: DmarcSpec,
  queries: DmarcQueries,
  pslPrivateDomains?: boolean,
): (domain: string) => Promise<OrgLookup> {
  const cache = new Map<string, Promise<OrgLookup>>();
  const psl = pslPrivateDomains === undefined ? {} : { privateDomains: pslPrivateDomains };
  return (domain) => {
    let pending = cache.get(domain);
    if (pending === undefined) {
      const found: Promise<OrgDomainResult> =
        method === "rfc7489"
          ? Promise.resolve(pslOrganizationalDomain(domain, psl))
          : treeWalkOrganizationalDomain(domain, queries);
      pending = found.then(
        (o): OrgLookup => (o.status === "ok" && o.orgDomain !== undefined ? { org: o.orgDomain } : { temp: o.reason }),
      );
      cache.set(domain, pending);
    }
    return pending;
  };
}
