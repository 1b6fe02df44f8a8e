/**
 * Small Exchange exports for the Exchange rules' test tables, written by the hybrid fixture's
 * writers (`test/exchange/hybrid/writers.ts`) in both formats: one builder per object type, with
 * the defaults of a sound configuration, and one per export file.
 */
import { X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import {
  ADOBJ,
  bindings,
  e,
  fqdn,
  list,
  ranges,
  SC,
  servers,
  smartHosts,
  spaces,
  x509,
} from "../exchange/hybrid/shapes.ts";
import type { FxExport, FxObject, FxValue } from "../exchange/hybrid/writers.ts";

type Props = Record<string, FxValue>;

const AUTH = `${SC}.SmtpSendConnectorConfig+AuthMechanisms`;
const TLS = "Microsoft.Exchange.Data.TlsAuthLevel";

/** A send connector to a smart host with TLS required and checked (override what a case is about). */
export function sendConnector(name: string, props: Props = {}): FxObject {
  return {
    typeNames: [`${SC}.SmtpSendConnectorConfig`, `${SC}.SendConnector`, "System.Object"],
    label: name,
    props: {
      Name: name,
      Identity: { text: name, type: ADOBJ },
      Enabled: true,
      AddressSpaces: spaces("SMTP:*;1"),
      SmartHosts: smartHosts("relay.example.net"),
      DNSRoutingEnabled: false,
      Port: 587,
      SmartHostAuthMechanism: e("BasicAuthRequireTLS", AUTH),
      AuthenticationCredential: { credential: "EXAMPLE\\relay" },
      RequireTLS: true,
      TlsAuthLevel: e("CertificateValidation", TLS),
      TlsDomain: null,
      IgnoreSTARTTLS: false,
      Fqdn: fqdn("mail.example.com"),
      CloudServicesMailEnabled: false,
      SourceTransportServers: servers("EX01"),
      ...props,
    },
  };
}

/** A send connector that delivers by DNS (MX), with its EHLO name. */
export function dnsConnector(name: string, ehlo: string, props: Props = {}): FxObject {
  return sendConnector(name, {
    SmartHosts: smartHosts(),
    DNSRoutingEnabled: true,
    Port: 25,
    SmartHostAuthMechanism: e("None", AUTH),
    AuthenticationCredential: null,
    RequireTLS: false,
    TlsAuthLevel: null,
    Fqdn: fqdn(ehlo),
    ...props,
  });
}

/** The hybrid send connector to Exchange Online, as the Hybrid Configuration Wizard makes it. */
export function hybridSendConnector(props: Props = {}): FxObject {
  return sendConnector("Outbound to Office 365", {
    AddressSpaces: spaces("smtp:example.mail.onmicrosoft.com;1"),
    SmartHosts: smartHosts("example-com.mail.protection.outlook.com"),
    Port: 25,
    SmartHostAuthMechanism: e("None", AUTH),
    AuthenticationCredential: null,
    TlsAuthLevel: e("DomainValidation", TLS),
    TlsDomain: { text: "mail.protection.outlook.com", type: "Microsoft.Exchange.Data.SmtpDomainWithSubdomains" },
    TlsCertificateName: x509("CN=Contoso Test CA, O=Contoso Test", "CN=mail.contoso.example"),
    CloudServicesMailEnabled: true,
    ConnectorType: e("XPremises", "Microsoft.Exchange.Data.SendConnectorType"),
    ...props,
  });
}

const PERM = "Microsoft.Exchange.Data.PermissionGroups";
const RAUTH = `${SC}.AuthMechanisms`;

/** A receive connector on server EX01 (a dedicated relay connector by default). */
export function receiveConnector(name: string, props: Props = {}): FxObject {
  const identity = `EX01\\${name}`;
  return {
    typeNames: [`${SC}.ReceiveConnector`, "System.Object"],
    label: identity,
    props: {
      Name: name,
      Identity: { text: identity, type: ADOBJ },
      Server: { text: "EX01", type: ADOBJ },
      Enabled: true,
      Bindings: bindings("0.0.0.0:25"),
      RemoteIPRanges: ranges("10.1.2.0/24"),
      AuthMechanism: e("Tls", RAUTH),
      PermissionGroups: e("AnonymousUsers", PERM),
      TransportRole: e("FrontendTransport", `${SC}.ServerRole`),
      Fqdn: fqdn("mail.example.com"),
      RequireTLS: false,
      TlsCertificateName: null,
      TlsDomainCapabilities: list([]),
      ...props,
    },
  };
}

/** The Default Frontend connector of EX01, as setup makes it. */
export function defaultFrontend(props: Props = {}): FxObject {
  return receiveConnector("Default Frontend EX01", {
    Bindings: bindings("[::]:25", "0.0.0.0:25"),
    RemoteIPRanges: ranges("::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "0.0.0.0-255.255.255.255"),
    AuthMechanism: e("Tls, Integrated, BasicAuth, BasicAuthRequireTLS, ExchangeServer", RAUTH),
    PermissionGroups: e("AnonymousUsers, ExchangeServers, ExchangeLegacyServers", PERM),
    ...props,
  });
}

const ACE = "Microsoft.Exchange.Management.RecipientTasks.ADAcePresentationObject";

/** A `Get-ADPermission` entry. */
export function permission(identity: string, user: string, rights: string[], props: Props = {}): FxObject {
  return {
    typeNames: [`Selected.${ACE}`, "System.Management.Automation.PSCustomObject", "System.Object"],
    label: `@{Identity=${identity}; User=${user}}`,
    members: true,
    props: {
      Identity: identity,
      User: user,
      ExtendedRights: list(rights),
      AccessRights: list(["ExtendedRight"]),
      Deny: false,
      IsInherited: false,
      ...props,
    },
  };
}

/** An accepted domain. */
export function acceptedDomain(domain: string, type = "Authoritative", props: Props = {}): FxObject {
  return {
    typeNames: [`${SC}.AcceptedDomain`, "System.Object"],
    label: domain,
    props: {
      Name: domain,
      DomainName: { text: domain, type: "Microsoft.Exchange.Data.SmtpDomainWithSubdomains" },
      DomainType: e(type, `${SC}.AcceptedDomainType`),
      Default: false,
      ...props,
    },
  };
}

/** A remote domain (`*` is the default one). */
export function remoteDomain(
  domain: string,
  autoForward: boolean,
  name = domain === "*" ? "Default" : domain,
): FxObject {
  return {
    typeNames: [`${SC}.DomainContentConfig`, "System.Object"],
    label: name,
    props: {
      Identity: name,
      Name: name,
      DomainName: { text: domain, type: "Microsoft.Exchange.Data.SmtpDomainWithSubdomains" },
      AutoForwardEnabled: autoForward,
      AutoReplyEnabled: true,
      AllowedOOFType: e("External", `${SC}.AllowedOOFType`),
    },
  };
}

function onlineObject(type: string, name: string, props: Props): FxObject {
  return {
    typeNames: [`${SC}.${type}`, "System.Object"],
    label: name,
    props: { Identity: name, Name: name, ...props },
  };
}

/** An Exchange Online outbound connector (a partner connector with checked TLS by default). */
export function outboundConnector(name: string, props: Props = {}): FxObject {
  return onlineObject("TenantOutboundConnector", name, {
    Enabled: true,
    ConnectorType: e("Partner", "Microsoft.Exchange.Data.TenantConnectorType"),
    UseMXRecord: true,
    SmartHosts: list([]),
    RecipientDomains: list(["partner.example"]),
    TlsSettings: e("DomainValidation", TLS),
    TlsDomain: "mx.partner.example",
    RouteAllMessagesViaOnPremises: false,
    MtaStsMode: e("Opportunistic", "Microsoft.Exchange.Data.MtaStsMode"),
    SmtpDaneMode: e("Opportunistic", "Microsoft.Exchange.Data.SmtpDaneMode"),
    ...props,
  });
}

/** An Exchange Online inbound connector from on-premises (by certificate by default). */
export function inboundConnector(name: string, props: Props = {}): FxObject {
  return onlineObject("TenantInboundConnector", name, {
    Enabled: true,
    ConnectorType: e("OnPremises", "Microsoft.Exchange.Data.TenantConnectorType"),
    SenderIPAddresses: list([]),
    SenderDomains: list(["smtp:*;1"]),
    RequireTls: true,
    RestrictDomainsToIPAddresses: false,
    TlsSenderCertificateName: "mail.example.com",
    CloudServicesMailEnabled: true,
    ...props,
  });
}

/** An Exchange Online DKIM signing configuration, enabled, 2048-bit, `Valid`. */
export function dkimConfig(domain: string, props: Props = {}): FxObject {
  const dashed = domain.replace(/\./g, "-");
  return onlineObject("DkimSigningConfig", domain, {
    Domain: domain,
    Enabled: true,
    Status: e("Valid", "Microsoft.Exchange.Data.DkimSigningConfigStatus"),
    Selector1CNAME: `selector1-${dashed}._domainkey.contoso.n-v1.dkim.mail.microsoft`,
    Selector2CNAME: `selector2-${dashed}._domainkey.contoso.n-v1.dkim.mail.microsoft`,
    Selector1KeySize: 2048,
    Selector2KeySize: 2048,
    IsDefault: false,
    ...props,
  });
}

/** `Get-OrganizationConfig` of Exchange Online. */
export function onlineOrganization(props: Props = {}): FxObject {
  return {
    typeNames: ["Microsoft.Exchange.Data.Directory.Management.OrganizationConfig", "System.Object"],
    label: "contoso.onmicrosoft.com",
    props: { Name: "contoso.onmicrosoft.com", DisplayName: "Contoso", RejectDirectSend: true, ...props },
  };
}

/** The default outbound spam filter policy. */
export function spamPolicy(mode: "Automatic" | "On" | "Off", props: Props = {}): FxObject {
  return onlineObject("HostedOutboundSpamFilterPolicy", "Default", {
    IsDefault: true,
    AutoForwardingMode: e(mode, "Microsoft.Exchange.Data.AutoForwardingMode"),
    ...props,
  });
}

const certificates = JSON.parse(
  readFileSync(new URL("../../fixtures/exchange/certificates/certificates.json", import.meta.url), "utf8"),
) as Record<"valid" | "expiring" | "expired", string>;

/** A `Get-ExchangeCertificate` object holding one of the test certificates (CN=mail.contoso.example). */
export function certificate(which: "valid" | "expiring" | "expired"): FxObject {
  return {
    typeNames: [
      "Microsoft.Exchange.Management.SystemConfigurationTasks.ExchangeCertificate",
      "System.Security.Cryptography.X509Certificates.X509Certificate2",
      "System.Object",
    ],
    label: "[Subject]\r\n  CN=mail.contoso.example",
    props: {
      RawData: certificates[which],
      Thumbprint: new X509Certificate(Buffer.from(certificates[which], "base64")).fingerprint.replace(/:/g, ""),
      Services: e("SMTP", "Microsoft.Exchange.Management.SystemConfigurationTasks.AllowedServices"),
    },
  };
}

/** `Get-HybridConfiguration`. */
export function hybridConfiguration(props: Props = {}): FxObject {
  return {
    typeNames: [`${SC}.HybridConfiguration`, "System.Object"],
    label: "Hybrid Configuration",
    props: {
      Name: "Hybrid Configuration",
      OnPremisesSmartHost: { text: "mail.contoso.example", type: "Microsoft.Exchange.Data.SmtpDomain" },
      TlsCertificateName: x509("CN=Contoso Test CA, O=Contoso Test", "CN=mail.contoso.example"),
      ...props,
    },
  };
}

/** One export file of Exchange Server. */
export function onprem(name: string, ...objects: FxObject[]): FxExport {
  return { name, environment: "onprem", objects };
}

/** One export file of Exchange Online. */
export function online(name: string, ...objects: FxObject[]): FxExport {
  return { name, environment: "online", objects };
}
