/**
 * Which Exchange wrote an export: Exchange Server or Exchange Online. Connectors, DKIM and spam
 * policies exist in one of them only; accepted and remote domains, the transport and organisation
 * configuration in both, so those are told apart by their content or, failing that, by the names
 * of the file and its folder (`exo/`, `online-accepted-domains.json`, `onprem/`).
 */
import type { CmdletSpec } from "./cmdlets.ts";
import type { ExchangeEnvironment } from "./types.ts";

/** An object just read, for environment inference. */
export interface ReadObject {
  spec: CmdletSpec;
  value: Record<string, unknown>;
}

/** The tenant's initial domain (`contoso.onmicrosoft.com`), never the hybrid `*.mail.onmicrosoft.com`. */
export const INITIAL_DOMAIN =
  /^([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)\.(onmicrosoft\.com|onmicrosoft\.us|partner\.onmschina\.cn)$/i;

function onlineByContent(o: ReadObject): boolean {
  const v = o.value;
  switch (o.spec.cmdlet) {
    case "Get-AcceptedDomain":
      return (
        v.InitialDomain === true ||
        (typeof v.DomainName === "string" && INITIAL_DOMAIN.test(v.DomainName)) ||
        v.SendingFromDomainDisabled !== undefined ||
        v.SmtpDaneStatus !== undefined
      );
    case "Get-OrganizationConfig":
      return v.RejectDirectSend !== undefined;
    case "Get-TransportConfig":
      return v.SmtpClientAuthenticationDisabled !== undefined || v.AllowLegacyTLSClients !== undefined;
    default:
      return false;
  }
}

/** The environment a file or folder name suggests. */
export function environmentFromName(path: string): ExchangeEnvironment {
  const p = path.toLowerCase();
  if (/on-?prem|(^|[^a-z])(ems|exchange-?server)([^a-z]|$)/.test(p)) return "on-premises";
  if (/(^|[^a-z0-9])(exo|online|o365|m365|cloud|eop)([^a-z0-9]|$)/.test(p)) return "online";
  return "unknown";
}

/**
 * The environment of a file's objects whose cmdlet exists in both: online when any object's content
 * says so, on-premises when the file also holds on-premises-only objects, otherwise from the name.
 */
export function fileEnvironment(path: string, objects: readonly ReadObject[]): ExchangeEnvironment {
  if (objects.some(onlineByContent)) return "online";
  const known = new Set(objects.map((o) => o.spec.environment).filter((e) => e !== "unknown"));
  if (known.size === 1) return [...known][0] as ExchangeEnvironment;
  return environmentFromName(path);
}
