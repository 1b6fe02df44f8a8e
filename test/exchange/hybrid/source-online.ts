/** Exchange Online exports of the hybrid organisation (see `source.ts`). */
import { e, list, SC } from "./shapes.ts";
import type { FxExport, FxObject, FxValue } from "./writers.ts";

function online(type: string, label: string, props: Record<string, FxValue>): FxObject {
  return { typeNames: [`${SC}.${type}`, "System.Object"], label, props: { Identity: label, Name: label, ...props } };
}

export const onlineAcceptedDomains: FxExport = {
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

export const outboundConnectors: FxExport = {
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

export const inboundConnectors: FxExport = {
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

export const dkimSigningConfigs: FxExport = {
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

export const onlineOrganizationConfig: FxExport = {
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

export const remoteDomains: FxExport = {
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

export const outboundSpam: FxExport = {
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
