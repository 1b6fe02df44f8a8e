/**
 * A small hybrid organisation, Contoso (contoso.example, news.contoso.example, tenant `contoso`),
 * as Exchange Server 2019 and Exchange Online would export it. The fixtures in
 * `fixtures/exchange/hybrid/` are written from this source by `generate.ts`; the tests check that
 * they stay in step.
 *
 * What it holds: an on-premises send connector to a smart host with BasicAuthRequireTLS, the hybrid
 * connector to Exchange Online, a DNS-routed connector to a partner; accepted domains including a
 * `*` InternalRelay one; a receive connector with anonymous relay (AnonymousUsers and the AD
 * permission ms-Exch-SMTP-Accept-Any-Recipient); Exchange Online outbound and inbound connectors,
 * DKIM signing configurations (one enabled, one disabled with a 1024-bit key), organisation
 * configuration with RejectDirectSend false, a default remote domain that forwards, and the
 * default outbound spam policy.
 */
import type { FxExport, FxObject, FxValue } from "./writers.ts";

const SC = "Microsoft.Exchange.Data.Directory.SystemConfiguration";
const MVP = (t: string) =>
  `Microsoft.Exchange.Data.MultiValuedProperty\`1[[${t}, Microsoft.Exchange.Data, Version=15.0.0.0, Culture=neutral, PublicKeyToken=31bf3856ad364e35]]`;
const ADOBJ = "Microsoft.Exchange.Data.Directory.ADObjectId";
const SIZE = "Microsoft.Exchange.Data.ByteQuantifiedSize";
const UNLIMITED_SIZE =
  "Microsoft.Exchange.Data.Unlimited`1[[Microsoft.Exchange.Data.ByteQuantifiedSize, Microsoft.Exchange.Data, Version=15.0.0.0, Culture=neutral, PublicKeyToken=31bf3856ad364e35]]";

const list = (items: string[], type?: string): FxValue =>
  type === undefined ? { list: items } : { list: items, type };
const objList = (items: string[], itemType: string, listType: string): FxValue => ({
  list: items.map((text) => ({ text, type: itemType })),
  type: MVP(listType),
});
const e = (name: string, type: string, int?: number): FxValue =>
  int === undefined ? { enum: name, type } : { enum: name, type, int };
const fqdn = (name: string): FxValue => ({ text: name, type: "Microsoft.Exchange.Data.Fqdn", props: { Domain: name } });
const size = (text: string): FxValue => ({ text, type: UNLIMITED_SIZE });
const x509 = (issuer: string, subject: string): FxValue => ({
  text: `<I>${issuer}<S>${subject}`,
  type: "Microsoft.Exchange.Data.SmtpX509Identifier",
  props: { CertificateIssuer: issuer, CertificateSubject: subject },
});
const spaces = (...s: string[]): FxValue => ({
  list: s.map((text) => ({ text, type: "Microsoft.Exchange.Data.AddressSpace" })),
  type: MVP("Microsoft.Exchange.Data.AddressSpace"),
});
const smartHosts = (...h: string[]): FxValue =>
  objList(h, "Microsoft.Exchange.Data.SmartHost", "Microsoft.Exchange.Data.SmartHost");
const servers = (...s: string[]): FxValue => objList(s, ADOBJ, ADOBJ);
const ranges = (...r: string[]): FxValue =>
  objList(r, "Microsoft.Exchange.Data.IPRange", "Microsoft.Exchange.Data.IPRange");
const bindings = (...b: string[]): FxValue =>
  objList(b, "Microsoft.Exchange.Data.IPBinding", "Microsoft.Exchange.Data.IPBinding");
const LETS_ENCRYPT = "CN=R3, O=Let's Encrypt, C=US";

function sendConnector(label: string, props: Record<string, FxValue>): FxObject {
  return {
    typeNames: [`${SC}.SmtpSendConnectorConfig`, `${SC}.MailGateway`, `${SC}.SendConnector`, "System.Object"],
    label,
    props: { Name: label, Identity: { text: label, type: ADOBJ }, Enabled: true, ...props },
  };
}

const sendConnectors: FxExport = {
  name: "GetSendConnector",
  environment: "onprem",
  objects: [
    sendConnector("Internet via relay", {
      AddressSpaces: spaces("SMTP:*;1"),
      SmartHosts: smartHosts("relay.contoso.example"),
      DNSRoutingEnabled: false,
      Port: 587,
      SmartHostAuthMechanism: e("BasicAuthRequireTLS", `${SC}.SmtpSendConnectorConfig+AuthMechanisms`),
      AuthenticationCredential: { credential: "CONTOSO\\smtp-relay" },
      RequireTLS: true,
      TlsAuthLevel: e("CertificateValidation", "Microsoft.Exchange.Data.TlsAuthLevel", 2),
      TlsDomain: null,
      TlsCertificateName: null,
      IgnoreSTARTTLS: false,
      DomainSecureEnabled: false,
      Fqdn: fqdn("mail.contoso.example"),
      CloudServicesMailEnabled: false,
      ConnectorType: e("Default", "Microsoft.Exchange.Data.SendConnectorType", 0),
      SourceTransportServers: servers("EX01", "EX02"),
      FrontendProxyEnabled: false,
      MaxMessageSize: size("35 MB (36,700,160 bytes)"),
      Comment: "Line one\r\nline two",
      WhenChangedUTC: { date: "2025-05-04T10:11:12Z" },
    }),
    sendConnector("Outbound to Office 365 - 6f1e3c", {
      AddressSpaces: spaces("smtp:contoso.mail.onmicrosoft.com;1"),
      SmartHosts: smartHosts("contoso-example.mail.protection.outlook.com"),
      DNSRoutingEnabled: false,
      Port: 25,
      SmartHostAuthMechanism: e("None", `${SC}.SmtpSendConnectorConfig+AuthMechanisms`, 0),
      RequireTLS: true,
      TlsAuthLevel: e("DomainValidation", "Microsoft.Exchange.Data.TlsAuthLevel"),
      TlsDomain: { text: "mail.protection.outlook.com", type: "Microsoft.Exchange.Data.SmtpDomainWithSubdomains" },
      TlsCertificateName: x509(LETS_ENCRYPT, "CN=mail.contoso.example"),
      IgnoreSTARTTLS: false,
      Fqdn: fqdn("mail.contoso.example"),
      CloudServicesMailEnabled: true,
      ConnectorType: e("XPremises", "Microsoft.Exchange.Data.SendConnectorType"),
      SourceTransportServers: servers("EX01"),
      MaxMessageSize: size("Unlimited"),
    }),
    sendConnector("Partner direct", {
      AddressSpaces: spaces("SMTP:partner.example;10"),
      SmartHosts: smartHosts(),
      DNSRoutingEnabled: true,
      Port: 25,
      RequireTLS: true,
      TlsAuthLevel: e("DomainValidation", "Microsoft.Exchange.Data.TlsAuthLevel"),
      TlsDomain: { text: "partner.example", type: "Microsoft.Exchange.Data.SmtpDomainWithSubdomains" },
      IgnoreSTARTTLS: false,
      Fqdn: fqdn("mail.contoso.example"),
      SourceTransportServers: servers("EX01"),
      MaxMessageSize: size("10 MB (10,485,760 bytes)"),
    }),
  ],
};

function receiveConnector(name: string, props: Record<string, FxValue>): FxObject {
  const identity = `EX01\\${name}`;
  return {
    typeNames: [`${SC}.ReceiveConnector`, "System.Object"],
    label: identity,
    props: {
      Name: name,
      Identity: { text: identity, type: ADOBJ },
      Server: { text: "EX01", type: ADOBJ },
      Enabled: true,
      ...props,
    },
  };
}

const AUTH = `${SC}.AuthMechanisms`;
const PERM = "Microsoft.Exchange.Data.PermissionGroups";
const ROLE = `${SC}.ServerRole`;

const receiveConnectors: FxExport = {
  name: "GetReceiveConnector",
  environment: "onprem",
  objects: [
    receiveConnector("Default Frontend EX01", {
      Bindings: bindings("[::]:25", "0.0.0.0:25"),
      RemoteIPRanges: ranges("::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "0.0.0.0-255.255.255.255"),
      AuthMechanism: e("Tls, Integrated, BasicAuth, BasicAuthRequireTLS, ExchangeServer", AUTH, 31),
      PermissionGroups: e("AnonymousUsers, ExchangeServers, ExchangeLegacyServers", PERM, 13),
      TransportRole: e("FrontendTransport", ROLE, 16384),
      Fqdn: fqdn("mail.contoso.example"),
      RequireTLS: false,
      TlsCertificateName: x509(LETS_ENCRYPT, "CN=mail.contoso.example"),
      TlsDomainCapabilities: list(["mail.protection.outlook.com:AcceptCloudServicesMail"]),
      MaxMessageSize: { text: "36 MB (37,748,736 bytes)", type: SIZE },
      MessageRateLimit: { text: "Unlimited", type: "Microsoft.Exchange.Data.Unlimited`1[[System.Int32]]" },
    }),
    receiveConnector("Anonymous Relay", {
      Bindings: bindings("0.0.0.0:25"),
      RemoteIPRanges: ranges("192.0.2.0/24", "198.51.100.20"),
      AuthMechanism: e("Tls", AUTH, 1),
      PermissionGroups: e("AnonymousUsers", PERM, 1),
      TransportRole: e("FrontendTransport", ROLE, 16384),
      Fqdn: fqdn("relay-in.contoso.example"),
      RequireTLS: false,
      TlsCertificateName: null,
      TlsDomainCapabilities: list([]),
      MaxMessageSize: { text: "36 MB (37,748,736 bytes)", type: SIZE },
      MessageRateLimit: { text: "100", type: "Microsoft.Exchange.Data.Unlimited`1[[System.Int32]]" },
    }),
  ],
};

const ACE = "Microsoft.Exchange.Management.RecipientTasks.ADAcePresentationObject";
function ace(identity: string, user: string, rights: string[]): FxObject {
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
    },
  };
}

const adPermissions: FxExport = {
  name: "GetADPermission",
  environment: "onprem",
  objects: [
    ace("EX01\\Anonymous Relay", "NT AUTHORITY\\ANONYMOUS LOGON", ["ms-Exch-SMTP-Accept-Any-Recipient"]),
    ace("EX01\\Default Frontend EX01", "NT AUTHORITY\\ANONYMOUS LOGON", ["ms-Exch-SMTP-Submit"]),
  ],
};

function acceptedDomain(
  name: string,
  domain: string,
  type: string,
  int: number,
  props: Record<string, FxValue> = {},
): FxObject {
  return {
    typeNames: [`${SC}.AcceptedDomain`, "System.Object"],
    label: name,
    props: {
      Name: name,
      DomainName: { text: domain, type: "Microsoft.Exchange.Data.SmtpDomainWithSubdomains" },
      DomainType: e(type, `${SC}.AcceptedDomainType`, int),
      Default: false,
      MatchSubDomains: false,
      ...props,
    },
  };
}

const onPremAcceptedDomains: FxExport = {
  name: "GetAcceptedDomain",
  environment: "onprem",
  objects: [
    acceptedDomain("contoso.example", "contoso.example", "Authoritative", 0, { Default: true }),
    acceptedDomain("news.contoso.example", "news.contoso.example", "Authoritative", 0),
    acceptedDomain("contoso.mail.onmicrosoft.com", "contoso.mail.onmicrosoft.com", "Authoritative", 0),
    acceptedDomain("Relay everything", "*", "InternalRelay", 2),
  ],
};

const transportConfig: FxExport = {
  name: "GetTransportConfig",
  environment: "onprem",
  objects: [
    {
      typeNames: [`${SC}.TransportConfigContainer`, "System.Object"],
      label: "Transport Settings",
      props: {
        Name: "Transport Settings",
        InternalSMTPServers: ranges("192.0.2.25"),
        TLSSendDomainSecureList: list([]),
        TLSReceiveDomainSecureList: list([]),
        ExternalPostmasterAddress: null,
        MaxSendSize: size("35 MB (36,700,160 bytes)"),
        MaxReceiveSize: size("36 MB (37,748,736 bytes)"),
        MaxRecipientEnvelopeLimit: { text: "Unlimited", type: "Microsoft.Exchange.Data.Unlimited`1[[System.Int32]]" },
      },
    },
  ],
};

const hybridConfiguration: FxExport = {
  name: "GetHybridConfiguration",
  environment: "onprem",
  objects: [
    {
      typeNames: [`${SC}.HybridConfiguration`, "System.Object"],
      label: "Hybrid Configuration",
      props: {
        Name: "Hybrid Configuration",
        OnPremisesSmartHost: { text: "mail.contoso.example", type: "Microsoft.Exchange.Data.SmtpDomain" },
        Domains: objList(
          ["contoso.example", "news.contoso.example"],
          "Microsoft.Exchange.Data.AutoDiscoverSmtpDomain",
          "Microsoft.Exchange.Data.AutoDiscoverSmtpDomain",
        ),
        Features: objList(
          [
            "FreeBusy",
            "MoveMailbox",
            "Mailtips",
            "MessageTracking",
            "OwaRedirection",
            "OnlineArchive",
            "SecureMail",
            "Photos",
          ],
          "HybridFeature",
          "HybridFeature",
        ),
        SendingTransportServers: servers("EX01"),
        ReceivingTransportServers: servers("EX01"),
        EdgeTransportServers: servers(),
        TlsCertificateName: x509(LETS_ENCRYPT, "CN=mail.contoso.example"),
        ExternalIPAddresses: ranges(),
      },
    },
  ],
};

const onPremOrganizationConfig: FxExport = {
  name: "GetOrganizationConfig",
  environment: "onprem",
  objects: [
    {
      typeNames: ["Microsoft.Exchange.Data.Directory.Management.OrganizationConfig", "System.Object"],
      label: "Contoso",
      props: {
        OrganizationId: "",
        Name: "Contoso",
        DisplayName: "",
        IsDehydrated: false,
        ExchangeVersion: { text: "0.1 (8.0.535.0)", type: "Microsoft.Exchange.Data.ExchangeObjectVersion" },
      },
    },
  ],
};

function online(type: string, label: string, props: Record<string, FxValue>): FxObject {
  return { typeNames: [`${SC}.${type}`, "System.Object"], label, props: { Identity: label, Name: label, ...props } };
}

const onlineAcceptedDomains: FxExport = {
  name: "GetAcceptedDomain",
  environment: "online",
  objects: [
    ["contoso.example", { Default: true }],
    ["news.contoso.example", {}],
    ["contoso.onmicrosoft.com", { InitialDomain: true }],
    ["contoso.mail.onmicrosoft.com", {}],
  ].map(([d, extra]) =>
    online("AcceptedDomain", d as string, {
      DomainName: d as string,
      DomainType: e("Authoritative", `${SC}.AcceptedDomainType`),
      Default: false,
      InitialDomain: false,
      SendingFromDomainDisabled: false,
      SmtpDaneStatus: e("Disabled", "Microsoft.Exchange.Data.SmtpDaneStatus"),
      ...(extra as Record<string, FxValue>),
    }),
  ),
};

const outboundConnectors: FxExport = {
  name: "GetOutboundConnector",
  environment: "online",
  objects: [
    online("TenantOutboundConnector", "Outbound to Contoso on-premises", {
      Enabled: true,
      ConnectorType: e("OnPremises", "Microsoft.Exchange.Data.TenantConnectorType"),
      ConnectorSource: e("HybridWizard", "Microsoft.Exchange.Data.TenantConnectorSource"),
      UseMXRecord: false,
      SmartHosts: list(["mail.contoso.example"]),
      RecipientDomains: list(["contoso.example", "news.contoso.example"]),
      TlsSettings: e("DomainValidation", "Microsoft.Exchange.Data.TlsAuthLevel"),
      TlsDomain: "mail.contoso.example",
      RouteAllMessagesViaOnPremises: false,
      CloudServicesMailEnabled: true,
      MtaStsMode: e("Opportunistic", "Microsoft.Exchange.Data.MtaStsMode"),
      SmtpDaneMode: e("Opportunistic", "Microsoft.Exchange.Data.SmtpDaneMode"),
    }),
    online("TenantOutboundConnector", "Partner Fabrikam", {
      Enabled: true,
      ConnectorType: e("Partner", "Microsoft.Exchange.Data.TenantConnectorType"),
      ConnectorSource: e("AdminUI", "Microsoft.Exchange.Data.TenantConnectorSource"),
      UseMXRecord: true,
      SmartHosts: list([]),
      RecipientDomains: list(["fabrikam.example"]),
      TlsSettings: e("EncryptionOnly", "Microsoft.Exchange.Data.TlsAuthLevel"),
      TlsDomain: null,
      RouteAllMessagesViaOnPremises: false,
      MtaStsMode: e("None", "Microsoft.Exchange.Data.MtaStsMode"),
      SmtpDaneMode: e("None", "Microsoft.Exchange.Data.SmtpDaneMode"),
    }),
  ],
};

const inboundConnectors: FxExport = {
  name: "GetInboundConnector",
  environment: "online",
  objects: [
    online("TenantInboundConnector", "Inbound from Contoso on-premises", {
      Enabled: true,
      ConnectorType: e("OnPremises", "Microsoft.Exchange.Data.TenantConnectorType"),
      ConnectorSource: e("HybridWizard", "Microsoft.Exchange.Data.TenantConnectorSource"),
      SenderIPAddresses: list([]),
      SenderDomains: list(["smtp:*;1"]),
      RequireTls: true,
      RestrictDomainsToCertificate: false,
      RestrictDomainsToIPAddresses: false,
      TlsSenderCertificateName: "mail.contoso.example",
      CloudServicesMailEnabled: true,
    }),
  ],
};

function dkim(domain: string, props: Record<string, FxValue>): FxObject {
  return online("DkimSigningConfig", domain, { Domain: domain, ...props });
}

const dkimSigningConfigs: FxExport = {
  name: "GetDkimSigningConfig",
  environment: "online",
  objects: [
    dkim("contoso.example", {
      Enabled: true,
      Status: e("Valid", "Microsoft.Exchange.Data.DkimSigningConfigStatus"),
      Selector1CNAME: "selector1-contoso-example._domainkey.contoso.n-v1.dkim.mail.microsoft",
      Selector2CNAME: "selector2-contoso-example._domainkey.contoso.n-v1.dkim.mail.microsoft",
      Selector1KeySize: 2048,
      Selector2KeySize: 2048,
      SelectorBeforeRotateOnDate: "selector2",
      SelectorAfterRotateOnDate: "selector1",
      RotateOnDate: { date: "2026-01-10T08:00:00Z" },
      IsDefault: false,
    }),
    dkim("news.contoso.example", {
      Enabled: false,
      Status: e("CnameError", "Microsoft.Exchange.Data.DkimSigningConfigStatus"),
      Selector1CNAME: "selector1-news-contoso-example._domainkey.contoso.onmicrosoft.com",
      Selector2CNAME: "selector2-news-contoso-example._domainkey.contoso.onmicrosoft.com",
      Selector1KeySize: 1024,
      Selector2KeySize: 1024,
      IsDefault: false,
    }),
    dkim("contoso.onmicrosoft.com", {
      Enabled: true,
      Status: e("Valid", "Microsoft.Exchange.Data.DkimSigningConfigStatus"),
      Selector1CNAME: null,
      Selector2CNAME: null,
      Selector1KeySize: 2048,
      Selector2KeySize: 2048,
      IsDefault: true,
    }),
  ],
};

const onlineOrganizationConfig: FxExport = {
  name: "GetOrganizationConfig",
  environment: "online",
  objects: [
    {
      typeNames: ["Microsoft.Exchange.Data.Directory.Management.OrganizationConfig", "System.Object"],
      label: "contoso.onmicrosoft.com",
      props: { Name: "contoso.onmicrosoft.com", DisplayName: "Contoso", RejectDirectSend: false, IsDehydrated: false },
    },
  ],
};

const remoteDomains: FxExport = {
  name: "GetRemoteDomain",
  environment: "online",
  objects: [
    online("DomainContentConfig", "Default", {
      DomainName: { text: "*", type: "Microsoft.Exchange.Data.SmtpDomainWithSubdomains" },
      AutoForwardEnabled: true,
      AutoReplyEnabled: true,
      AllowedOOFType: e("External", `${SC}.AllowedOOFType`),
      IsInternal: false,
      TargetDeliveryDomain: false,
    }),
  ],
};

const outboundSpam: FxExport = {
  name: "GetHostedOutboundSpamFilterPolicy",
  environment: "online",
  objects: [
    online("HostedOutboundSpamFilterPolicy", "Default", {
      IsDefault: true,
      AutoForwardingMode: e("On", "Microsoft.Exchange.Data.AutoForwardingMode"),
      RecipientLimitExternalPerHour: 0,
      RecipientLimitInternalPerHour: 0,
      RecipientLimitPerDay: 0,
      ActionWhenThresholdReached: e(
        "BlockUserForToday",
        "Microsoft.Exchange.Data.OutboundRecipientLimitsExceededAction",
      ),
    }),
  ],
};

/** Every export of the organisation. */
export const HYBRID_EXPORTS: readonly FxExport[] = [
  sendConnectors,
  receiveConnectors,
  adPermissions,
  onPremAcceptedDomains,
  transportConfig,
  hybridConfiguration,
  onPremOrganizationConfig,
  onlineAcceptedDomains,
  outboundConnectors,
  inboundConnectors,
  dkimSigningConfigs,
  onlineOrganizationConfig,
  remoteDomains,
  outboundSpam,
];
