/**
 * Object types only Exchange Online returns (Exchange Online PowerShell). See `types.ts` for the
 * conventions (absent = not exported, `null` = not set).
 */
import type { ExchangeObject } from "./types.ts";
import type { EnumName } from "./types-shared.ts";

/** `Get-OutboundConnector` (https://learn.microsoft.com/powershell/module/exchangepowershell/get-outboundconnector). */
export interface OutboundConnector extends ExchangeObject {
  Name?: string | null;
  Identity?: string | null;
  Enabled?: boolean | null;
  /** `Partner` (to other organisations) or `OnPremises` (to your own servers). */
  ConnectorType?: EnumName<"Partner" | "OnPremises"> | null;
  /** `Default`, `Migrated`, `HybridWizard`, `AdminUI`. */
  ConnectorSource?: string | null;
  /** `true`: delivers by MX lookup; `false`: through `SmartHosts`. */
  UseMXRecord?: boolean | null;
  SmartHosts?: string[] | null;
  /** The recipient domains the connector applies to (`*` is every domain). */
  RecipientDomains?: string[] | null;
  AllAcceptedDomains?: boolean | null;
  /** `EncryptionOnly`, `CertificateValidation`, `DomainValidation`; null is Exchange Online's default (opportunistic TLS). */
  TlsSettings?: EnumName<"EncryptionOnly" | "CertificateValidation" | "DomainValidation"> | null;
  TlsDomain?: string | null;
  /** `OnPremises` connectors: all mail from Exchange Online leaves through on-premises (centralised mail transport). */
  RouteAllMessagesViaOnPremises?: boolean | null;
  CloudServicesMailEnabled?: boolean | null;
  IsTransportRuleScoped?: boolean | null;
  SenderRewritingEnabled?: boolean | null;
  /** `Opportunistic` (default) or `None`. */
  MtaStsMode?: EnumName<"Opportunistic" | "None"> | null;
  /** `Opportunistic` (default), `Mandatory` or `None`. */
  SmtpDaneMode?: EnumName<"Opportunistic" | "Mandatory" | "None"> | null;
  TestMode?: boolean | null;
  IsValidated?: boolean | null;
  Comment?: string | null;
}

/** `Get-InboundConnector` (https://learn.microsoft.com/powershell/module/exchangepowershell/get-inboundconnector). */
export interface InboundConnector extends ExchangeObject {
  Name?: string | null;
  Identity?: string | null;
  Enabled?: boolean | null;
  /** `Partner`, or `OnPremises` (relay through the tenant, mail treated as internal). */
  ConnectorType?: EnumName<"Partner" | "OnPremises"> | null;
  ConnectorSource?: string | null;
  /** IPv4 addresses or CIDR ranges (/24 to /32). */
  SenderIPAddresses?: string[] | null;
  /** `smtp:*;1`, `smtp:contoso.com;1` as written on the wire. */
  SenderDomains?: string[] | null;
  RequireTls?: boolean | null;
  RestrictDomainsToIPAddresses?: boolean | null;
  RestrictDomainsToCertificate?: boolean | null;
  /** The certificate name the sender must present (`*.contoso.com`). */
  TlsSenderCertificateName?: string | null;
  TreatMessagesAsInternal?: boolean | null;
  AssociatedAcceptedDomains?: string[] | null;
  TrustedOrganizations?: string[] | null;
  CloudServicesMailEnabled?: boolean | null;
  /** Enhanced Filtering for Connectors: addresses skipped when finding the original sender. */
  EFSkipIPs?: string[] | null;
  EFSkipLastIP?: boolean | null;
  EFSkipMailGateway?: string[] | null;
  Comment?: string | null;
}

/**
 * `Get-DkimSigningConfig` (https://learn.microsoft.com/powershell/module/exchangepowershell/get-dkimsigningconfig).
 * The CNAME targets are Microsoft's to assign (the 2025 form carries a partition letter): read
 * them here, never build them.
 */
export interface DkimSigningConfig extends ExchangeObject {
  Name?: string | null;
  Identity?: string | null;
  Domain?: string | null;
  Enabled?: boolean | null;
  /** `Valid`, `CnameError`, `NoDKIMKeys`... */
  Status?: string | null;
  /** `selector1-contoso-com._domainkey.contoso.onmicrosoft.com` or `…<partition>-v1.dkim.mail.microsoft`. */
  Selector1CNAME?: string | null;
  Selector2CNAME?: string | null;
  Selector1KeySize?: number | null;
  Selector2KeySize?: number | null;
  Selector1PublicKey?: string | null;
  Selector2PublicKey?: string | null;
  /** `selector1` or `selector2`. */
  SelectorBeforeRotateOnDate?: string | null;
  SelectorAfterRotateOnDate?: string | null;
  RotateOnDate?: string | null;
  KeyCreationTime?: string | null;
  LastChecked?: string | null;
  IsDefault?: boolean | null;
  /** `RsaSHA256`. */
  Algorithm?: string | null;
  /** `Relaxed` or `Simple`. */
  HeaderCanonicalization?: string | null;
  BodyCanonicalization?: string | null;
}

/** `Get-HostedOutboundSpamFilterPolicy` (https://learn.microsoft.com/powershell/module/exchangepowershell/get-hostedoutboundspamfilterpolicy). */
export interface HostedOutboundSpamFilterPolicy extends ExchangeObject {
  Name?: string | null;
  Identity?: string | null;
  IsDefault?: boolean | null;
  Enabled?: boolean | null;
  /** `Automatic` (system-controlled: off), `On` (external forwarding allowed), `Off`. */
  AutoForwardingMode?: EnumName<"Automatic" | "On" | "Off"> | null;
  /** 0 means the service default. */
  RecipientLimitExternalPerHour?: number | null;
  RecipientLimitInternalPerHour?: number | null;
  RecipientLimitPerDay?: number | null;
  /** `BlockUserForToday`, `BlockUser`, `Alert`. */
  ActionWhenThresholdReached?: string | null;
  NotifyOutboundSpam?: boolean | null;
  BccSuspiciousOutboundMail?: boolean | null;
}
