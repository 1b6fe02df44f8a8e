/**
 * Helpers shared by the mapping to an organisation description: how an object is cited, ids, and
 * the Exchange Online tenant and smart hosts as the exports show them.
 */
import { INITIAL_DOMAIN } from "./environment.ts";
import type { ExchangeConfig, ExchangeObject } from "./types.ts";

/** `Get-SendConnector "Internet" (onprem/send.xml)`. */
export function cite(obj: ExchangeObject & { Name?: string | null }, name?: string | null): string {
  const label = name ?? obj.Name ?? `#${obj.source.index + 1}`;
  return `${obj.source.cmdlet} "${label}" (${obj.source.file})`;
}

/** An id for the description (`^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$`) from any text, unique among `taken`. */
export function uniqueId(text: string, taken: Set<string>, fallback = "path"): string {
  let base = text
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, "-")
    .replace(/^[^a-z0-9]+/, "")
    .replace(/[-.]+$/, "")
    .slice(0, 56);
  if (base.length === 0) base = fallback;
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  taken.add(id);
  return id;
}

/** The Exchange Online tenant, the cloud its initial domain's suffix shows, and where it was read. */
export interface TenantGuess {
  tenant: string;
  cloud?: "gcc-high" | "21vianet";
  from: string;
  /** Other tenants the exports name (a conflict the admin must resolve). */
  others: string[];
}

const COEXISTENCE = /^([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)\.mail\.(onmicrosoft\.com|onmicrosoft\.us)$/i;
const DKIM_TARGET =
  /\._domainkey\.([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)\.(onmicrosoft\.com|onmicrosoft\.us|[a-z]-v\d+\.dkim\.mail\.microsoft)\.?$/i;

/** Whether a domain belongs to Microsoft's tenant namespaces (`*.onmicrosoft.com` and its hybrid `*.mail.onmicrosoft.com`). */
export function isTenantDomain(domain: string): boolean {
  return INITIAL_DOMAIN.test(domain) || COEXISTENCE.test(domain);
}

/**
 * The tenant from, in order: an accepted domain or Exchange Online organisation name that is the
 * initial domain (`contoso.onmicrosoft.com`); a hybrid coexistence domain
 * (`contoso.mail.onmicrosoft.com`) in accepted or remote domains or send connector address
 * spaces; a DKIM CNAME target (`..._domainkey.contoso.onmicrosoft.com`, `...contoso.n-v1.dkim.mail.microsoft`).
 */
export function findTenant(config: ExchangeConfig): TenantGuess | undefined {
  const found: { tenant: string; cloud?: TenantGuess["cloud"]; from: string }[] = [];
  const initial = (name: string | null | undefined, from: string) => {
    const m = name ? INITIAL_DOMAIN.exec(name) : null;
    if (m?.[1] === undefined) return;
    const suffix = (m[2] ?? "").toLowerCase();
    const cloud = suffix === "onmicrosoft.us" ? "gcc-high" : suffix === "partner.onmschina.cn" ? "21vianet" : undefined;
    found.push({ tenant: m[1].toLowerCase(), ...(cloud ? { cloud } : {}), from });
  };
  for (const d of config.acceptedDomains) initial(d.DomainName, cite(d, d.DomainName));
  for (const o of config.organizationConfig) initial(o.Name, cite(o));
  const coexistence = (name: string | null | undefined, from: string) => {
    const m = name ? COEXISTENCE.exec(name.replace(/^\*\./, "")) : null;
    if (m?.[1] !== undefined) found.push({ tenant: m[1].toLowerCase(), from });
  };
  for (const d of config.acceptedDomains) coexistence(d.DomainName, cite(d, d.DomainName));
  for (const d of config.remoteDomains) coexistence(d.DomainName, cite(d, d.DomainName));
  for (const c of config.sendConnectors) for (const a of c.AddressSpaces ?? []) coexistence(a.Address, cite(c));
  for (const k of config.dkimSigningConfigs) {
    for (const target of [k.Selector1CNAME, k.Selector2CNAME]) {
      const m = target ? DKIM_TARGET.exec(target) : null;
      if (m?.[1] !== undefined) found.push({ tenant: m[1].toLowerCase(), from: cite(k, k.Domain ?? k.Name) });
    }
  }
  const first = found[0];
  if (first === undefined) return undefined;
  const others = [...new Set(found.map((f) => f.tenant))].filter((t) => t !== first.tenant);
  return { ...first, others };
}

const EXO_SMART_HOST =
  /(^|\.)(mail\.protection\.(outlook\.com|outlook\.de|office365\.us|partner\.outlook\.cn)|smtp\.office365\.(com|us))$/i;

/** Whether a smart host is Exchange Online (`contoso-com.mail.protection.outlook.com`, `smtp.office365.com`). */
export function isExchangeOnlineHost(host: string): boolean {
  return EXO_SMART_HOST.test(host.replace(/\.$/, ""));
}

/** Whether text is an IPv4 or IPv6 address literal (optionally in brackets). */
export function isIpLiteral(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, "");
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(h) || (h.includes(":") && /^[0-9a-f:.]+$/i.test(h));
}
