/**
 * The organisation's domains from the accepted domains: authoritative and internal-relay domains
 * with a real name become domains; wildcards (`*`, `*.contoso.com`), external-relay domains
 * (another organisation's), Microsoft's tenant domains and names outside the public DNS
 * (`.local`) are left out, each with a note saying why (Set-AcceptedDomain, DomainType).
 */
import { parse } from "tldts";
import { DOMAIN_PATTERN } from "../providers/patterns.ts";
import { cite, isTenantDomain } from "./org-sources.ts";
import type { ExchangeConfig, ExchangeEnvironment } from "./types.ts";

/** A domain of the organisation and which Exchange accepts mail for it. */
export interface DomainEntry {
  /** Lower case. */
  name: string;
  onPremises: boolean;
  online: boolean;
  /** Exchange Online: `SendingFromDomainDisabled`. */
  sendingDisabled: boolean;
  from: string[];
}

export interface CollectedDomains {
  domains: DomainEntry[];
  /** Whether accepted domains were read from each environment. */
  haveOnPremises: boolean;
  haveOnline: boolean;
}

const domainPattern = new RegExp(DOMAIN_PATTERN, "u");

/**
 * Why an accepted domain's name cannot be a domain of the description (a wildcard, Microsoft's
 * tenant domain, a name outside the public DNS), or undefined when it can.
 */
export function unusableDomain(name: string): string | undefined {
  if (name.includes("*")) return "a wildcard";
  if (isTenantDomain(name)) return "Microsoft's tenant domain (its DNS is Microsoft's)";
  if (!domainPattern.test(name)) return "not a domain name in ASCII form";
  const p = parse(name, { allowPrivateDomains: true });
  // `.example` (RFC 2606 §2) is kept for documentation and tests.
  if (!p.isIcann && !p.isPrivate && p.publicSuffix !== "example") {
    return `not in the public DNS (.${p.publicSuffix ?? name} is not a public suffix)`;
  }
  return undefined;
}

function add(
  found: Map<string, DomainEntry>,
  name: string,
  environment: ExchangeEnvironment,
  from: string,
  sendingDisabled = false,
): void {
  const key = name.toLowerCase();
  let entry = found.get(key);
  if (entry === undefined) {
    entry = { name: key, onPremises: false, online: false, sendingDisabled: false, from: [] };
    found.set(key, entry);
  }
  if (environment !== "online") entry.onPremises = true;
  if (environment !== "on-premises") entry.online = true;
  if (sendingDisabled && environment !== "on-premises") entry.sendingDisabled = true;
  if (!entry.from.includes(from)) entry.from.push(from);
}

/** The domains, with a note for each accepted domain left out. */
export function collectDomains(config: ExchangeConfig, notes: string[]): CollectedDomains {
  const found = new Map<string, DomainEntry>();
  const skipped = new Map<string, { why: string; from: string[] }>();
  let haveOnPremises = false;
  let haveOnline = false;
  for (const d of config.acceptedDomains) {
    const env = d.source.environment;
    if (env !== "online") haveOnPremises = true;
    if (env !== "on-premises") haveOnline = true;
    const name = d.DomainName ?? undefined;
    if (name === undefined) continue;
    const type = d.DomainType ?? "Authoritative";
    const why = type === "ExternalRelay" ? "an ExternalRelay domain (another organisation's)" : unusableDomain(name);
    if (why !== undefined) {
      const key = `${name.toLowerCase()} (${type})`;
      const entry = skipped.get(key) ?? { why, from: [] };
      entry.from.push(cite(d));
      skipped.set(key, entry);
      continue;
    }
    add(found, name, env, `${cite(d, name)}: ${type}`, d.SendingFromDomainDisabled === true);
  }
  for (const [key, { why, from }] of skipped) {
    notes.push(`Accepted domain ${key} is not listed: ${why} (${from.join(", ")}).`);
  }
  if (config.acceptedDomains.length === 0) {
    // Without Get-AcceptedDomain, the domains other exports name.
    for (const h of config.hybridConfiguration) {
      for (const name of h.Domains ?? []) {
        if (unusableDomain(name) === undefined) add(found, name, "unknown", `${cite(h)}: Domains`);
      }
    }
    for (const k of config.dkimSigningConfigs) {
      const name = k.Domain ?? undefined;
      if (name !== undefined && unusableDomain(name) === undefined) add(found, name, "online", cite(k, name));
    }
    if (found.size > 0) {
      notes.push(
        "Get-AcceptedDomain was not read: the domains come from the hybrid configuration and DKIM signing configurations; export the accepted domains to list them all.",
      );
    }
  }
  return { domains: [...found.values()], haveOnPremises, haveOnline };
}
