/**
 * Object types that both Exchange Server and Exchange Online return, and the value types shared by
 * all objects. See `types.ts` for the conventions (absent = not exported, `null` = not set).
 */
import type { ExchangeObject } from "./types.ts";

/** A size in bytes, or `"Unlimited"` (Exchange's `Unlimited<ByteQuantifiedSize>`). */
export type ByteSize = number | "Unlimited";

/** A count, or `"Unlimited"` (Exchange's `Unlimited<Int32>`). */
export type UnlimitedCount = number | "Unlimited";

/** An enum's name as Exchange writes it; names this version does not know are kept as they are. */
export type EnumName<Known extends string> = Known | (string & {});

/** `Get-AcceptedDomain` (https://learn.microsoft.com/powershell/module/exchangepowershell/get-accepteddomain). */
export interface AcceptedDomain extends ExchangeObject {
  Name?: string | null;
  Identity?: string | null;
  /** `contoso.com`, `*.contoso.com`, or `*` (every domain: an open relay when relayed). */
  DomainName?: string | null;
  /** `Authoritative`, `InternalRelay`, or `ExternalRelay` (on-premises only). */
  DomainType?: EnumName<"Authoritative" | "InternalRelay" | "ExternalRelay"> | null;
  Default?: boolean | null;
  MatchSubDomains?: boolean | null;
  /** Exchange Online: the tenant's `*.onmicrosoft.com` domain. */
  InitialDomain?: boolean | null;
  AddressBookEnabled?: boolean | null;
  /** A hybrid coexistence domain (`contoso.mail.onmicrosoft.com`). */
  IsCoexistenceDomain?: boolean | null;
  OutboundOnly?: boolean | null;
  /** Exchange Online: the domain may not be used as a sender address. */
  SendingFromDomainDisabled?: boolean | null;
  SendingToDomainDisabled?: boolean | null;
  /** Exchange Online: inbound SMTP DANE (`Enabled`, `Disabled`). */
  SmtpDaneStatus?: string | null;
  /** Exchange Online: `Managed` or `Federated`. */
  AuthenticationType?: string | null;
  PendingRemoval?: boolean | null;
}

/** `Get-RemoteDomain` (https://learn.microsoft.com/powershell/module/exchangepowershell/get-remotedomain). */
export interface RemoteDomain extends ExchangeObject {
  Name?: string | null;
  Identity?: string | null;
  /** `*` for the default remote domain. */
  DomainName?: string | null;
  /** Automatic forwarding to this domain allowed. */
  AutoForwardEnabled?: boolean | null;
  AutoReplyEnabled?: boolean | null;
  /** `External`, `InternalLegacy`, `ExternalLegacy`, `None`. */
  AllowedOOFType?: string | null;
  DeliveryReportEnabled?: boolean | null;
  NDREnabled?: boolean | null;
  IsInternal?: boolean | null;
  TrustedMailOutboundEnabled?: boolean | null;
  TrustedMailInboundEnabled?: boolean | null;
  TargetDeliveryDomain?: boolean | null;
  IsCoexistenceDomain?: boolean | null;
}

/** `Get-TransportConfig` (https://learn.microsoft.com/powershell/module/exchangepowershell/get-transportconfig). */
export interface TransportConfig extends ExchangeObject {
  Name?: string | null;
  Identity?: string | null;
  /** Internal hops skipped when finding the connecting external address (on-premises). */
  InternalSMTPServers?: string[] | null;
  /** Domain Secure (mutual TLS) partners for outbound mail. */
  TLSSendDomainSecureList?: string[] | null;
  TLSReceiveDomainSecureList?: string[] | null;
  ExternalPostmasterAddress?: string | null;
  MaxSendSize?: ByteSize | null;
  MaxReceiveSize?: ByteSize | null;
  MaxRecipientEnvelopeLimit?: UnlimitedCount | null;
  /** Exchange Online: SMTP AUTH client submission disabled organisation-wide. */
  SmtpClientAuthenticationDisabled?: boolean | null;
  /** Exchange Online: TLS 1.0/1.1 clients still accepted. */
  AllowLegacyTLSClients?: boolean | null;
}

/** `Get-OrganizationConfig` (https://learn.microsoft.com/powershell/module/exchangepowershell/get-organizationconfig). */
export interface OrganizationConfig extends ExchangeObject {
  /** The organisation's name (Exchange Online: the tenant's initial domain, `contoso.onmicrosoft.com`). */
  Name?: string | null;
  Identity?: string | null;
  DisplayName?: string | null;
  /**
   * Exchange Online: anonymous mail from an accepted domain that matches no inbound connector
   * ("Direct Send") is rejected.
   */
  RejectDirectSend?: boolean | null;
  /** Exchange Online: the organisation is dehydrated (few objects can be customised). */
  IsDehydrated?: boolean | null;
  /** `0.20 (15.0.0.0)`, `0.1 (8.0.535.0)`... */
  ExchangeVersion?: string | null;
}
