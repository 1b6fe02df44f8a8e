/** Exchange Server 2019 exports of the hybrid organisation (see `source.ts`). */
import {
  ADOBJ,
  bindings,
  e,
  fqdn,
  LETS_ENCRYPT,
  list,
  objList,
  ranges,
  SC,
  SIZE,
  servers,
  size,
  smartHosts,
  spaces,
  x509,
} from "./shapes.ts";
import type { FxExport, FxObject, FxValue } from "./writers.ts";

function sendConnector(label: string, props: Record<string, FxValue>): FxObject {
  return {
    typeNames: [`${SC}.SmtpSendConnectorConfig`, `${SC}.MailGateway`, `${SC}.SendConnector`, "System.Object"],
    label,
    props: { Name: label, Identity: { text: label, type: ADOBJ }, Enabled: true, ...props },
  };
}

export const sendConnectors: FxExport = {
  name: "GetSendConnector",
  environment: "onprem",
  objects: [
    sendConnector("Internet via relay", {
      AddressSpaces: spaces("SMTP:*;1"),
      SmartHosts: smartHosts("relay.contoso.example"),
      DNSRoutingEnabled: false,
      Port: 587,
      SmartHostAuthMechanism: e("BasicAuthRequireTLS", `${SC}.SmtpSendConnectorConfig+AuthMechanisms`, 4),
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
      TlsAuthLevel: e("DomainValidation", "Microsoft.Exchange.Data.TlsAuthLevel", 4),
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
      TlsAuthLevel: e("DomainValidation", "Microsoft.Exchange.Data.TlsAuthLevel", 4),
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

export const receiveConnectors: FxExport = {
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

export const adPermissions: FxExport = {
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

export const onPremAcceptedDomains: FxExport = {
  name: "GetAcceptedDomain",
  environment: "onprem",
  objects: [
    acceptedDomain("contoso.example", "contoso.example", "Authoritative", 0, { Default: true }),
    acceptedDomain("news.contoso.example", "news.contoso.example", "Authoritative", 0),
    acceptedDomain("contoso.mail.onmicrosoft.com", "contoso.mail.onmicrosoft.com", "Authoritative", 0),
    acceptedDomain("Relay everything", "*", "InternalRelay", 2),
  ],
};

export const transportConfig: FxExport = {
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

export const hybridConfiguration: FxExport = {
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

export const onPremOrganizationConfig: FxExport = {
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
