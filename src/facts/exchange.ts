/**
 * What the Exchange rules need from DNS, asked once through the audit's resolver:
 * - for each send connector that delivers by DNS itself, its EHLO name (`Fqdn`): the A/AAAA of the
 *   name, the PTR of each egress address (forward-confirmed reverse DNS, RFC 8601 §3), and
 *   check_host() of each egress address against the name's SPF record (the HELO identity,
 *   RFC 7208 §2.3, which is all a receiver has for null-sender bounces);
 * - for each Exchange Online DKIM signing configuration, the CNAMEs at `selector1._domainkey` and
 *   `selector2._domainkey` of its domain (compared with `Selector1CNAME`/`Selector2CNAME`);
 * - for each authoritative accepted domain the description does not list, its SPF record and DMARC
 *   policy.
 * Nothing is judged here; a failed question stays in the facts as its answer (unknown, not absent).
 */
import { discoverDmarc } from "../dmarc/discover.ts";
import type { DmarcDiscovery } from "../dmarc/results.ts";
import { resolveSafely } from "../dns/answer.ts";
import { reverseName } from "../dns/names.ts";
import type { DnsAnswer } from "../dns/types.ts";
import {
  carriesSmtp,
  connectorName,
  deliversByDns,
  isEnabled,
  isExchangeOnlineConnector,
} from "../exchange/connectors.ts";
import { unusableDomain } from "../exchange/org-domains.ts";
import { isTenantDomain } from "../exchange/org-sources.ts";
import type { ExchangeConfig } from "../exchange/types.ts";
import type { DkimSigningConfig } from "../exchange/types-online.ts";
import type { SendConnector } from "../exchange/types-onprem.ts";
import type { AcceptedDomain } from "../exchange/types-shared.ts";
import type { Organisation } from "../org/types.ts";
import { checkHost } from "../spf/check-host.ts";
import { type SpfSelection, selectSpfRecord } from "../spf/record.ts";
import type { SpfCheckResult } from "../spf/types.ts";
import type { AuditContext } from "./context.ts";

/** Bounds: connectors whose EHLO name is checked, addresses per connector, DKIM configurations, unlisted domains. */
export const EXCHANGE_LIMITS = { connectors: 50, addresses: 16, dkim: 200, domains: 200 } as const;

/** One egress address of a connector, as receivers check it. */
export interface HeloAddress {
  ip: string;
  /** The PTR answer for the address. */
  ptr: DnsAnswer<"PTR">;
  /** check_host() of the address with the EHLO name as the domain (the HELO identity). */
  spf: SpfCheckResult;
}

/** A send connector that delivers by DNS, its EHLO name, and what DNS says of it. */
export interface HeloFacts {
  connector: SendConnector;
  /** The EHLO name (`Fqdn`), lower case, without a trailing dot. */
  fqdn: string;
  /**
   * Where the egress addresses come from: the direct paths of the description whose description
   * names the connector (`path`), or, without one, the A/AAAA records of the `Fqdn` (`fqdn`).
   */
  egress: { source: "path" | "fqdn"; paths: string[]; ips: string[] };
  /** A and AAAA of the EHLO name. */
  forward: { a: DnsAnswer<"A">; aaaa: DnsAnswer<"AAAA"> };
  addresses: HeloAddress[];
}

/** The DNS at one selector of an Exchange Online DKIM signing configuration. */
export interface DkimSelectorFacts {
  selector: "selector1" | "selector2";
  /** `selector1._domainkey.<domain>`. */
  name: string;
  /** The target `Get-DkimSigningConfig` gives (`Selector1CNAME`), lower case, without a trailing dot. */
  expected: string;
  answer: DnsAnswer<"CNAME">;
}

export interface DkimConfigFacts {
  config: DkimSigningConfig;
  /** The domain, lower case. */
  domain: string;
  /** The selectors whose target the export gives. */
  selectors: DkimSelectorFacts[];
}

/** An authoritative accepted domain that the description does not list. */
export interface UnlistedDomainFacts {
  accepted: AcceptedDomain;
  domain: string;
  spf: { answer: DnsAnswer<"TXT">; selection: SpfSelection };
  dmarc: DmarcDiscovery;
}

/** The Exchange configuration and what DNS says of it. */
export interface ExchangeFacts {
  config: ExchangeConfig;
  /** The audit's clock, ISO 8601 (certificate expiry). */
  now: string;
  helo: HeloFacts[];
  dkim: DkimConfigFacts[];
  unlisted: UnlistedDomainFacts[];
  /** What was not checked because of {@link EXCHANGE_LIMITS}, in words. */
  skipped: string[];
}

const bare = (name: string) => name.trim().toLowerCase().replace(/\.$/, "");

/** The egress addresses of a connector: the description's direct paths that name it. */
function pathEgress(org: Organisation, name: string): { paths: string[]; ips: string[] } {
  const needle = `send connector "${name}"`.toLowerCase();
  const paths: string[] = [];
  const ips = new Set<string>();
  for (const p of org.paths) {
    if (!("direct" in p.via) || !(p.description ?? "").toLowerCase().includes(needle)) continue;
    paths.push(p.id);
    for (const ip of p.via.direct.ips) ips.add(ip);
  }
  return { paths, ips: [...ips] };
}

/** The connectors whose EHLO name receivers see: enabled, SMTP, delivering by DNS, to the internet, with an `Fqdn`. */
export function heloConnectors(config: ExchangeConfig): SendConnector[] {
  return config.sendConnectors.filter(
    (c) =>
      isEnabled(c) && carriesSmtp(c) && deliversByDns(c) && !isExchangeOnlineConnector(c) && bare(c.Fqdn ?? "") !== "",
  );
}

async function gatherHelo(c: SendConnector, org: Organisation, ctx: AuditContext): Promise<HeloFacts> {
  const options = ctx.signal ? { signal: ctx.signal } : {};
  const fqdn = bare(c.Fqdn ?? "");
  const [a, aaaa] = await Promise.all([
    resolveSafely(ctx.resolver, fqdn, "A", options),
    resolveSafely(ctx.resolver, fqdn, "AAAA", options),
  ]);
  const fromPaths = pathEgress(org, connectorName(c));
  const egress: HeloFacts["egress"] =
    fromPaths.ips.length > 0
      ? { source: "path", ...fromPaths }
      : { source: "fqdn", paths: [], ips: [...new Set([...a.records, ...aaaa.records])] };
  egress.ips = egress.ips.filter((ip) => reverseName(ip) !== undefined).slice(0, EXCHANGE_LIMITS.addresses);
  const addresses = await Promise.all(
    egress.ips.map(async (ip): Promise<HeloAddress> => {
      const [ptr, spf] = await Promise.all([
        resolveSafely(ctx.resolver, reverseName(ip) as string, "PTR", options),
        checkHost(
          { ip, domain: fqdn, sender: `postmaster@${fqdn}`, helo: fqdn },
          { resolver: ctx.resolver, cache: ctx.spfCache, now: () => ctx.now.getTime(), ...options },
        ),
      ]);
      return { ip, ptr, spf };
    }),
  );
  return { connector: c, fqdn, egress, forward: { a, aaaa }, addresses };
}

async function gatherDkim(k: DkimSigningConfig, ctx: AuditContext): Promise<DkimConfigFacts> {
  const options = ctx.signal ? { signal: ctx.signal } : {};
  const domain = bare(k.Domain ?? k.Name ?? "");
  const wanted = [
    ["selector1", k.Selector1CNAME],
    ["selector2", k.Selector2CNAME],
  ] as const;
  const selectors = await Promise.all(
    wanted
      .filter(([, target]) => typeof target === "string" && target.trim() !== "")
      .map(async ([selector, target]): Promise<DkimSelectorFacts> => {
        const name = `${selector}._domainkey.${domain}`;
        return {
          selector,
          name,
          expected: bare(target as string),
          answer: await resolveSafely(ctx.resolver, name, "CNAME", options),
        };
      }),
  );
  return { config: k, domain, selectors };
}

/** The DKIM signing configurations of custom domains (the tenant's own domains sign by themselves). */
export function customDkimConfigs(config: ExchangeConfig): DkimSigningConfig[] {
  return config.dkimSigningConfigs.filter((k) => {
    const d = bare(k.Domain ?? k.Name ?? "");
    return d !== "" && !isTenantDomain(d);
  });
}

/** Authoritative accepted domains with a public name that the description does not list, once each. */
export function unlistedDomains(config: ExchangeConfig, org: Organisation): AcceptedDomain[] {
  const listed = new Set(org.domains.map((d) => bare(d.name)));
  const seen = new Set<string>();
  return config.acceptedDomains.filter((d) => {
    const name = bare(d.DomainName ?? "");
    if (name === "" || (d.DomainType ?? "Authoritative") !== "Authoritative" || unusableDomain(name) !== undefined)
      return false;
    if (listed.has(name) || seen.has(name)) return false;
    seen.add(name);
    return true;
  });
}

async function gatherUnlisted(d: AcceptedDomain, ctx: AuditContext): Promise<UnlistedDomainFacts> {
  const options = ctx.signal ? { signal: ctx.signal } : {};
  const domain = bare(d.DomainName ?? "");
  const [answer, dmarc] = await Promise.all([
    resolveSafely(ctx.resolver, domain, "TXT", options),
    discoverDmarc(domain, { resolver: ctx.resolver, queries: ctx.dmarcQueries, ...options }),
  ]);
  return { accepted: d, domain, spf: { answer, selection: selectSpfRecord(answer) }, dmarc };
}

/** Asks DNS what the Exchange rules need about `config` (with `org`, the description audited). */
export async function gatherExchange(
  config: ExchangeConfig,
  org: Organisation,
  ctx: AuditContext,
): Promise<ExchangeFacts> {
  const skipped: string[] = [];
  const cap = <T>(items: T[], max: number, what: string): T[] => {
    if (items.length > max) skipped.push(`${items.length - max} ${what} beyond the first ${max}`);
    return items.slice(0, max);
  };
  const helo = cap(heloConnectors(config), EXCHANGE_LIMITS.connectors, "send connectors");
  const dkim = cap(customDkimConfigs(config), EXCHANGE_LIMITS.dkim, "DKIM signing configurations");
  const unlisted = cap(unlistedDomains(config, org), EXCHANGE_LIMITS.domains, "accepted domains");
  const [heloFacts, dkimFacts, unlistedFacts] = await Promise.all([
    Promise.all(helo.map((c) => gatherHelo(c, org, ctx))),
    Promise.all(dkim.map((k) => gatherDkim(k, ctx))),
    Promise.all(unlisted.map((d) => gatherUnlisted(d, ctx))),
  ]);
  return { config, now: ctx.now.toISOString(), helo: heloFacts, dkim: dkimFacts, unlisted: unlistedFacts, skipped };
}
