/**
 * What the transport rules need to know of connectors: how a send connector delivers (smart hosts
 * or DNS), whether it carries mail to Exchange Online (the hybrid connector), the certificate a
 * `TlsCertificateName` names, and the hybrid receive connector
 * (https://learn.microsoft.com/exchange/mail-flow/connectors/send-connectors,
 * https://microsoft.github.io/CSS-Exchange/Diagnostics/HealthChecker/ExoConnectorCheck/).
 */
import { isExchangeOnlineHost } from "./org-sources.ts";
import type { ExchangeConfig } from "./types.ts";
import type { ExchangeCertificate, ReceiveConnector, SendConnector } from "./types-onprem.ts";

/** `mail.onmicrosoft.com` address spaces: Exchange Online mailboxes of a hybrid organisation. */
const COEXISTENCE = /(^|\.)mail\.onmicrosoft\.(com|us)$/i;

const lower = (s: string | null | undefined) => (s ?? "").trim().toLowerCase().replace(/\.$/, "");

/** The connector's name as the exports give it. */
export function connectorName(c: {
  Name?: string | null;
  Identity?: string | null;
  source: { index: number };
}): string {
  return c.Name ?? c.Identity ?? `#${c.source.index + 1}`;
}

/** Whether a send connector is enabled (an export without `Enabled` counts as enabled, Exchange's default). */
export function isEnabled(c: { Enabled?: boolean | null }): boolean {
  return c.Enabled !== false;
}

/** The connector's SMTP smart hosts, lower case, when it routes through smart hosts. */
export function smartHostsOf(c: SendConnector): string[] {
  const hosts = (c.SmartHosts ?? []).map(lower).filter((h) => h !== "");
  const viaSmartHosts = c.DNSRoutingEnabled === false || (c.DNSRoutingEnabled == null && hosts.length > 0);
  return viaSmartHosts ? hosts : [];
}

/** Whether a send connector delivers by MX lookup (DNS routing) itself. */
export function deliversByDns(c: SendConnector): boolean {
  return c.DNSRoutingEnabled !== false && (c.SmartHosts ?? []).length === 0;
}

/** Whether a send connector carries SMTP mail at all (a foreign X.400 connector does not). */
export function carriesSmtp(c: SendConnector): boolean {
  const spaces = c.AddressSpaces ?? [];
  return spaces.length === 0 || spaces.some((a) => a.Type.toUpperCase() === "SMTP");
}

/**
 * Whether a send connector carries mail to Exchange Online: a smart host in Exchange Online, an
 * address space of `*.mail.onmicrosoft.com`, or `ConnectorType` `XPremises` (HealthChecker's test).
 */
export function isExchangeOnlineConnector(c: SendConnector): boolean {
  if ((c.ConnectorType ?? "").toLowerCase() === "xpremises") return true;
  if ((c.SmartHosts ?? []).some((h) => isExchangeOnlineHost(h))) return true;
  return (c.AddressSpaces ?? []).some((a) => COEXISTENCE.test(a.Address.replace(/^\*\./, "")));
}

/** A receive connector that accepts hybrid mail from Exchange Online (`TlsDomainCapabilities` …`:AcceptCloudServicesMail`). */
export function isHybridReceiveConnector(c: ReceiveConnector): boolean {
  return (c.TlsDomainCapabilities ?? []).some((t) => /:(AcceptCloudServicesMail|AcceptOorgProtocol)\b/i.test(t));
}

/** Whether the exports show a hybrid organisation (the hybrid configuration, or a connector between the two). */
export function isHybrid(config: ExchangeConfig): boolean {
  return (
    config.hybridConfiguration.length > 0 ||
    config.sendConnectors.some((c) => isEnabled(c) && isExchangeOnlineConnector(c)) ||
    config.outboundConnectors.some((c) => isEnabled(c) && c.ConnectorType === "OnPremises") ||
    config.inboundConnectors.some((c) => isEnabled(c) && c.ConnectorType === "OnPremises")
  );
}

/** The issuer and subject of a `TlsCertificateName` (`<I>X.500Issuer<S>X.500Subject`), or undefined when malformed. */
export function parseCertificateName(text: string | null | undefined): { issuer: string; subject: string } | undefined {
  const m = /^<I>(.+)<S>(.+)$/s.exec((text ?? "").trim());
  if (m === null) return undefined;
  return { issuer: (m[1] ?? "").trim(), subject: (m[2] ?? "").trim() };
}

/** A distinguished name compared loosely: case and the spaces after separators do not matter. */
function dnKey(dn: string): string {
  return dn
    .split(/(?<!\\)[,;]/)
    .map((p) =>
      p
        .trim()
        .toLowerCase()
        .replace(/\s*=\s*/, "="),
    )
    .join(",");
}

/**
 * The exported certificates a `TlsCertificateName` names (same issuer and subject), latest expiry
 * first. Empty when none matches.
 */
export function certificatesNamed(
  name: { issuer: string; subject: string },
  certificates: readonly ExchangeCertificate[],
): ExchangeCertificate[] {
  const issuer = dnKey(name.issuer);
  const subject = dnKey(name.subject);
  return certificates
    .filter((c) => c.Issuer != null && c.Subject != null && dnKey(c.Issuer) === issuer && dnKey(c.Subject) === subject)
    .sort((a, b) => (b.NotAfter ?? "").localeCompare(a.NotAfter ?? ""));
}
