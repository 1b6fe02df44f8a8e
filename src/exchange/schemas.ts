/**
 * The properties read from each cmdlet's objects and how each is read. The `satisfies` clauses tie
 * every schema to its object type: a property added to a type without a reader, or the reverse, is a
 * type error.
 *
 * Integer values of enums (what ConvertTo-Json writes from the Exchange Management Shell) are mapped
 * only where a source gives them: the CSS-Exchange captures (notes §2-§5, every `<I32>` beside a
 * `<ToString>`), and the enum definitions of Exchange Server's own assemblies as decompiled copies
 * in public repositories show them (`Microsoft.Exchange.Data.PermissionGroups`, `TlsAuthLevel`,
 * `...SystemConfiguration.AuthMechanisms`, `SmtpSendConnectorConfig.AuthMechanisms`,
 * `AcceptedDomainType`), which agree with every value the captures hold. Any other integer is
 * reported, never guessed.
 */

import { getProp, isPsObject, type PsObject } from "./ps-value.ts";
import type { ExchangeObject } from "./types.ts";
import type {
  DkimSigningConfig,
  HostedOutboundSpamFilterPolicy,
  InboundConnector,
  OutboundConnector,
} from "./types-online.ts";
import type {
  AdPermission,
  ExchangeCertificate,
  HybridConfiguration,
  ReceiveConnector,
  SendConnector,
} from "./types-onprem.ts";
import type { AcceptedDomain, OrganizationConfig, RemoteDomain, TransportConfig } from "./types-shared.ts";
import type { Kind } from "./values.ts";

/** A reader for every property of an object type (its `source` excepted). */
export type PropSchema<T extends ExchangeObject> = { [K in Exclude<keyof T, "source">]-?: Kind };

const str: Kind = { kind: "string" };
const strs: Kind = { kind: "strings" };
const bool: Kind = { kind: "bool" };
const int: Kind = { kind: "int" };
const size: Kind = { kind: "size" };
const unlimited: Kind = { kind: "unlimited" };
const date: Kind = { kind: "date" };
const anyEnum: Kind = { kind: "enum" };
const enumOf = (values: Readonly<Record<number, string>>): Kind => ({ kind: "enum", values });

/** A property as text; an IP address object (ConvertTo-Json of a deserialised IPAddress) by its text. */
function text(o: PsObject, name: string): string | undefined {
  const v = getProp(o, name);
  if (isPsObject(v)) {
    const ip = getProp(v, "IPAddressToString");
    return v.text ?? (typeof ip === "string" ? ip : undefined);
  }
  return typeof v === "string" ? v : typeof v === "number" ? String(v) : undefined;
}

/** `<I>issuer<S>subject` from an SmtpX509Identifier's properties (JSON exports). */
const x509: Kind = {
  kind: "string",
  compose: (o) => {
    const issuer = text(o, "CertificateIssuer");
    const subject = text(o, "CertificateSubject");
    return issuer !== undefined && subject !== undefined ? `<I>${issuer}<S>${subject}` : undefined;
  },
};

/** An IPBinding's `address:port` (`[::]:25` for IPv6) from its properties (JSON exports). */
const bindings: Kind = {
  kind: "strings",
  compose: (o) => {
    const address = text(o, "Address");
    const port = text(o, "Port");
    if (address === undefined || port === undefined) return undefined;
    return address.includes(":") ? `[${address}]:${port}` : `${address}:${port}`;
  },
};

/** A SmartHost: its address when it is an IP address, its domain otherwise (JSON exports). */
const smartHosts: Kind = {
  kind: "strings",
  compose: (o) => {
    const isIp = getProp(o, "IsIPAddress");
    return isIp === true ? text(o, "Address") : text(o, "Domain");
  },
};

const ipRanges: Kind = { kind: "strings", keys: ["Expression", "Value", "Address"] };

export const sendConnectorSchema = {
  Name: str,
  Identity: str,
  Enabled: bool,
  AddressSpaces: { kind: "addressSpaces" },
  SmartHosts: smartHosts,
  DNSRoutingEnabled: bool,
  SmartHostAuthMechanism: enumOf({
    0: "None",
    2: "BasicAuth",
    4: "BasicAuthRequireTLS",
    8: "ExchangeServer",
    16: "ExternalAuthoritative",
  }),
  AuthenticationCredential: { kind: "credential" },
  Port: int,
  RequireTLS: bool,
  TlsAuthLevel: enumOf({ 1: "EncryptionOnly", 2: "CertificateValidation", 4: "DomainValidation" }),
  TlsDomain: str,
  TlsCertificateName: x509,
  IgnoreSTARTTLS: bool,
  DomainSecureEnabled: bool,
  Fqdn: str,
  CloudServicesMailEnabled: bool,
  ConnectorType: enumOf({ 0: "Default" }),
  SourceTransportServers: strs,
  SourceIPAddress: str,
  FrontendProxyEnabled: bool,
  MaxMessageSize: size,
  IsScopedConnector: bool,
  UseExternalDNSServersEnabled: bool,
  ForceHELO: bool,
  RequireOorg: bool,
  ProtocolLoggingLevel: enumOf({ 0: "None" }),
  ErrorPolicies: enumOf({ 0: "Default" }),
  SmtpMaxMessagesPerConnection: int,
  Comment: str,
  WhenChangedUTC: date,
} as const satisfies PropSchema<SendConnector>;

export const receiveConnectorSchema = {
  Name: str,
  Identity: str,
  DistinguishedName: str,
  Server: str,
  Enabled: bool,
  Bindings: bindings,
  RemoteIPRanges: ipRanges,
  AuthMechanism: {
    kind: "flags",
    bits: {
      0: "None",
      1: "Tls",
      2: "Integrated",
      4: "BasicAuth",
      8: "BasicAuthRequireTLS",
      16: "ExchangeServer",
      32: "ExternalAuthoritative",
    },
  },
  PermissionGroups: {
    kind: "flags",
    bits: {
      0: "None",
      1: "AnonymousUsers",
      2: "ExchangeUsers",
      4: "ExchangeServers",
      8: "ExchangeLegacyServers",
      16: "Partners",
      32: "Custom",
    },
  },
  TransportRole: enumOf({ 32: "HubTransport", 16384: "FrontendTransport" }),
  Fqdn: str,
  Banner: str,
  RequireTLS: bool,
  RequireEHLODomain: bool,
  DomainSecureEnabled: bool,
  TlsCertificateName: x509,
  TlsDomainCapabilities: strs,
  MaxMessageSize: size,
  MaxRecipientsPerMessage: int,
  MessageRateLimit: unlimited,
  MaxInboundConnectionPerSource: unlimited,
  MaxProtocolErrors: unlimited,
  ProxyEnabled: bool,
  ProtocolLoggingLevel: enumOf({ 0: "None" }),
  Comment: str,
} as const satisfies PropSchema<ReceiveConnector>;

export const acceptedDomainSchema = {
  Name: str,
  Identity: str,
  DomainName: str,
  DomainType: enumOf({ 0: "Authoritative", 1: "ExternalRelay", 2: "InternalRelay" }),
  Default: bool,
  MatchSubDomains: bool,
  InitialDomain: bool,
  AddressBookEnabled: bool,
  IsCoexistenceDomain: bool,
  OutboundOnly: bool,
  SendingFromDomainDisabled: bool,
  SendingToDomainDisabled: bool,
  SmtpDaneStatus: anyEnum,
  AuthenticationType: anyEnum,
  PendingRemoval: bool,
} as const satisfies PropSchema<AcceptedDomain>;

export const remoteDomainSchema = {
  Name: str,
  Identity: str,
  DomainName: str,
  AutoForwardEnabled: bool,
  AutoReplyEnabled: bool,
  AllowedOOFType: anyEnum,
  DeliveryReportEnabled: bool,
  NDREnabled: bool,
  IsInternal: bool,
  TrustedMailOutboundEnabled: bool,
  TrustedMailInboundEnabled: bool,
  TargetDeliveryDomain: bool,
  IsCoexistenceDomain: bool,
} as const satisfies PropSchema<RemoteDomain>;

export const transportConfigSchema = {
  Name: str,
  Identity: str,
  InternalSMTPServers: ipRanges,
  TLSSendDomainSecureList: strs,
  TLSReceiveDomainSecureList: strs,
  ExternalPostmasterAddress: str,
  MaxSendSize: size,
  MaxReceiveSize: size,
  MaxRecipientEnvelopeLimit: unlimited,
  SmtpClientAuthenticationDisabled: bool,
  AllowLegacyTLSClients: bool,
} as const satisfies PropSchema<TransportConfig>;

export const exchangeCertificateSchema = {
  Thumbprint: str,
  Subject: str,
  Issuer: str,
  SerialNumber: str,
  NotBefore: date,
  NotAfter: date,
  CertificateDomains: strs,
  Services: { kind: "flags", bits: { 0: "None" } },
  IsSelfSigned: bool,
  Status: anyEnum,
  FriendlyName: str,
  PublicKeySize: int,
} as const satisfies PropSchema<ExchangeCertificate>;

export const hybridConfigurationSchema = {
  Name: str,
  OnPremisesSmartHost: str,
  Domains: strs,
  Features: strs,
  SendingTransportServers: strs,
  ReceivingTransportServers: strs,
  EdgeTransportServers: strs,
  TlsCertificateName: x509,
  ExternalIPAddresses: ipRanges,
} as const satisfies PropSchema<HybridConfiguration>;

export const adPermissionSchema = {
  Identity: str,
  User: str,
  ExtendedRights: strs,
  AccessRights: strs,
  Deny: bool,
  IsInherited: bool,
} as const satisfies PropSchema<AdPermission>;

export const outboundConnectorSchema = {
  Name: str,
  Identity: str,
  Enabled: bool,
  ConnectorType: anyEnum,
  ConnectorSource: anyEnum,
  UseMXRecord: bool,
  SmartHosts: smartHosts,
  RecipientDomains: strs,
  AllAcceptedDomains: bool,
  TlsSettings: anyEnum,
  TlsDomain: str,
  RouteAllMessagesViaOnPremises: bool,
  CloudServicesMailEnabled: bool,
  IsTransportRuleScoped: bool,
  SenderRewritingEnabled: bool,
  MtaStsMode: anyEnum,
  SmtpDaneMode: anyEnum,
  TestMode: bool,
  IsValidated: bool,
  Comment: str,
} as const satisfies PropSchema<OutboundConnector>;

export const inboundConnectorSchema = {
  Name: str,
  Identity: str,
  Enabled: bool,
  ConnectorType: anyEnum,
  ConnectorSource: anyEnum,
  SenderIPAddresses: ipRanges,
  SenderDomains: strs,
  RequireTls: bool,
  RestrictDomainsToIPAddresses: bool,
  RestrictDomainsToCertificate: bool,
  TlsSenderCertificateName: str,
  TreatMessagesAsInternal: bool,
  AssociatedAcceptedDomains: strs,
  TrustedOrganizations: strs,
  CloudServicesMailEnabled: bool,
  EFSkipIPs: ipRanges,
  EFSkipLastIP: bool,
  EFSkipMailGateway: strs,
  Comment: str,
} as const satisfies PropSchema<InboundConnector>;

export const dkimSigningConfigSchema = {
  Name: str,
  Identity: str,
  Domain: str,
  Enabled: bool,
  Status: anyEnum,
  Selector1CNAME: str,
  Selector2CNAME: str,
  Selector1KeySize: int,
  Selector2KeySize: int,
  Selector1PublicKey: str,
  Selector2PublicKey: str,
  SelectorBeforeRotateOnDate: str,
  SelectorAfterRotateOnDate: str,
  RotateOnDate: date,
  KeyCreationTime: date,
  LastChecked: date,
  IsDefault: bool,
  Algorithm: anyEnum,
  HeaderCanonicalization: anyEnum,
  BodyCanonicalization: anyEnum,
} as const satisfies PropSchema<DkimSigningConfig>;

export const organizationConfigSchema = {
  Name: str,
  Identity: str,
  DisplayName: str,
  RejectDirectSend: bool,
  IsDehydrated: bool,
  ExchangeVersion: str,
} as const satisfies PropSchema<OrganizationConfig>;

export const outboundSpamPolicySchema = {
  Name: str,
  Identity: str,
  IsDefault: bool,
  Enabled: bool,
  AutoForwardingMode: anyEnum,
  RecipientLimitExternalPerHour: int,
  RecipientLimitInternalPerHour: int,
  RecipientLimitPerDay: int,
  ActionWhenThresholdReached: anyEnum,
  NotifyOutboundSpam: bool,
  BccSuspiciousOutboundMail: bool,
} as const satisfies PropSchema<HostedOutboundSpamFilterPolicy>;
