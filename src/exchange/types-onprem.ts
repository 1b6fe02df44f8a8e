/**
 * Object types only Exchange Server returns (the Exchange Management Shell). See `types.ts` for the
 * conventions (absent = not exported, `null` = not set).
 */
import type { ExchangeObject } from "./types.ts";
import type { ByteSize, EnumName, UnlimitedCount } from "./types-shared.ts";

/**
 * One address space of a send connector: `SMTP:*.contoso.com;1` is type `SMTP`, address
 * `*.contoso.com`, cost 1 (New-SendConnector `-AddressSpaces`).
 */
export interface AddressSpace {
  /** `SMTP` for Internet mail; X400 and custom types are kept as written. */
  Type: string;
  /** `*`, `contoso.com`, `*.contoso.com`. */
  Address: string;
  /** 1 to 100; null when the export gives none. */
  Cost: number | null;
  /** Whether subdomains match (`*` and `*.` addresses). */
  IncludeSubDomains?: boolean;
}

/** `Get-SendConnector` (https://learn.microsoft.com/powershell/module/exchangepowershell/get-sendconnector). */
export interface SendConnector extends ExchangeObject {
  Name?: string | null;
  Identity?: string | null;
  Enabled?: boolean | null;
  /** The recipient domains the connector carries mail to. */
  AddressSpaces?: AddressSpace[] | null;
  /** Relays the connector hands mail to (host names or IP addresses), when it does not use DNS. */
  SmartHosts?: string[] | null;
  /** `true`: delivers by MX lookup; `false`: through `SmartHosts`. */
  DNSRoutingEnabled?: boolean | null;
  /** `None`, `BasicAuth`, `BasicAuthRequireTLS`, `ExchangeServer`, `ExternalAuthoritative`. */
  SmartHostAuthMechanism?: EnumName<
    "None" | "BasicAuth" | "BasicAuthRequireTLS" | "ExchangeServer" | "ExternalAuthoritative"
  > | null;
  /** The user name of the smart host credential; the password is never read. */
  AuthenticationCredential?: string | null;
  Port?: number | null;
  RequireTLS?: boolean | null;
  /** `EncryptionOnly`, `CertificateValidation`, `DomainValidation`. */
  TlsAuthLevel?: EnumName<"EncryptionOnly" | "CertificateValidation" | "DomainValidation"> | null;
  /** The domain the remote certificate must match with `DomainValidation`. */
  TlsDomain?: string | null;
  /** The certificate offered, `<I>issuer<S>subject`. */
  TlsCertificateName?: string | null;
  IgnoreSTARTTLS?: boolean | null;
  DomainSecureEnabled?: boolean | null;
  /** The EHLO name; null means the server's own FQDN. */
  Fqdn?: string | null;
  /** Hybrid: Exchange cross-premises headers kept (connectors to Exchange Online). */
  CloudServicesMailEnabled?: boolean | null;
  /** `Default`, or `XPremises` for a connector to Microsoft 365. */
  ConnectorType?: string | null;
  /** The Mailbox or Edge servers that send through the connector. */
  SourceTransportServers?: string[] | null;
  /** Edge only: the local address mail leaves from (`0.0.0.0`: any). */
  SourceIPAddress?: string | null;
  /** Outbound mail is proxied through the Front End Transport service. */
  FrontendProxyEnabled?: boolean | null;
  MaxMessageSize?: ByteSize | null;
  IsScopedConnector?: boolean | null;
  UseExternalDNSServersEnabled?: boolean | null;
  ForceHELO?: boolean | null;
  RequireOorg?: boolean | null;
  ProtocolLoggingLevel?: string | null;
  ErrorPolicies?: string | null;
  SmtpMaxMessagesPerConnection?: number | null;
  Comment?: string | null;
  WhenChangedUTC?: string | null;
}

/** `Get-ReceiveConnector` (https://learn.microsoft.com/powershell/module/exchangepowershell/get-receiveconnector). */
export interface ReceiveConnector extends ExchangeObject {
  Name?: string | null;
  /** `SERVER\Name`. */
  Identity?: string | null;
  DistinguishedName?: string | null;
  Server?: string | null;
  Enabled?: boolean | null;
  /** Local address and port: `0.0.0.0:25`, `[::]:25`. */
  Bindings?: string[] | null;
  /** Remote addresses the connector serves: single addresses, `a-b` ranges or CIDR. */
  RemoteIPRanges?: string[] | null;
  /** Flags: `None`, `Tls`, `Integrated`, `BasicAuth`, `BasicAuthRequireTLS`, `ExchangeServer`, `ExternalAuthoritative`. */
  AuthMechanism?:
    | EnumName<
        "None" | "Tls" | "Integrated" | "BasicAuth" | "BasicAuthRequireTLS" | "ExchangeServer" | "ExternalAuthoritative"
      >[]
    | null;
  /** Flags: `None`, `AnonymousUsers`, `ExchangeUsers`, `ExchangeServers`, `ExchangeLegacyServers`, `Partners`, `Custom`. */
  PermissionGroups?:
    | EnumName<
        | "None"
        | "AnonymousUsers"
        | "ExchangeUsers"
        | "ExchangeServers"
        | "ExchangeLegacyServers"
        | "Partners"
        | "Custom"
      >[]
    | null;
  /** `FrontendTransport`, `HubTransport`. */
  TransportRole?: string | null;
  /** The name in the banner and EHLO response. */
  Fqdn?: string | null;
  Banner?: string | null;
  RequireTLS?: boolean | null;
  RequireEHLODomain?: boolean | null;
  DomainSecureEnabled?: boolean | null;
  /** `<I>issuer<S>subject`. */
  TlsCertificateName?: string | null;
  /** `domain:Capability` (`mail.protection.outlook.com:AcceptCloudServicesMail`). */
  TlsDomainCapabilities?: string[] | null;
  MaxMessageSize?: ByteSize | null;
  MaxRecipientsPerMessage?: number | null;
  MessageRateLimit?: UnlimitedCount | null;
  MaxInboundConnectionPerSource?: UnlimitedCount | null;
  MaxProtocolErrors?: UnlimitedCount | null;
  ProxyEnabled?: boolean | null;
  ProtocolLoggingLevel?: string | null;
  Comment?: string | null;
}

/**
 * `Get-ExchangeCertificate`. Subject, issuer, dates and names come from the certificate itself
 * (`RawData`) when the export holds it; `Services` and `Status` only from the export.
 */
export interface ExchangeCertificate extends ExchangeObject {
  /** SHA-1 of the certificate, upper-case hex. */
  Thumbprint?: string | null;
  /** `CN=mail.contoso.com, O=Contoso, C=US` (most specific first, as Windows shows it). */
  Subject?: string | null;
  Issuer?: string | null;
  SerialNumber?: string | null;
  /** ISO 8601. */
  NotBefore?: string | null;
  NotAfter?: string | null;
  /** The DNS names of the subject alternative names (or the subject CN when it has none). */
  CertificateDomains?: string[] | null;
  /** Flags: `SMTP`, `IIS`, `IMAP`, `POP`, `UM`, `UMCallRouter`, `None`. */
  Services?: string[] | null;
  IsSelfSigned?: boolean | null;
  /** `Valid`, `Invalid`, `RevocationCheckFailure`... */
  Status?: string | null;
  FriendlyName?: string | null;
  /** Bits of the public key. */
  PublicKeySize?: number | null;
}

/** `Get-HybridConfiguration` (https://learn.microsoft.com/powershell/module/exchangepowershell/get-hybridconfiguration). */
export interface HybridConfiguration extends ExchangeObject {
  Name?: string | null;
  /** The on-premises host Exchange Online delivers to. */
  OnPremisesSmartHost?: string | null;
  Domains?: string[] | null;
  Features?: string[] | null;
  SendingTransportServers?: string[] | null;
  ReceivingTransportServers?: string[] | null;
  EdgeTransportServers?: string[] | null;
  /** `<I>issuer<S>subject` of the certificate used between the environments. */
  TlsCertificateName?: string | null;
  ExternalIPAddresses?: string[] | null;
}

/**
 * `Get-ADPermission` on receive connectors: one access control entry. Relay is the extended right
 * `ms-Exch-SMTP-Accept-Any-Recipient`.
 */
export interface AdPermission extends ExchangeObject {
  /** The object the entry is on (the receive connector). */
  Identity?: string | null;
  /** `NT AUTHORITY\ANONYMOUS LOGON`, `MS Exchange\Externally Secured Servers`... */
  User?: string | null;
  ExtendedRights?: string[] | null;
  AccessRights?: string[] | null;
  Deny?: boolean | null;
  IsInherited?: boolean | null;
}
