/**
 * The cmdlets whose output is read, and how an object is recognised as one's output whatever the
 * file is called: by its type name (CLIXML keeps it; PowerShell remoting prefixes `Deserialized.`),
 * otherwise by properties only that cmdlet's objects have together (JSON keeps no type names).
 */

import { type PsObject, shortTypeName } from "./ps-value.ts";
import * as schemas from "./schemas.ts";
import type { CmdletName, ExchangeConfig, ExchangeEnvironment } from "./types.ts";
import type { Kind } from "./values.ts";

/** The lists of {@link ExchangeConfig} that hold objects. */
export type ObjectListKey = Exclude<keyof ExchangeConfig, "problems" | "files">;

export interface CmdletSpec {
  cmdlet: CmdletName;
  list: ObjectListKey;
  /** Short type names (`SmtpSendConnectorConfig`) of the objects the cmdlet returns. */
  typeNames: readonly string[];
  /** Sets of property names; an object with every property of one set is this cmdlet's output. */
  fingerprints: readonly (readonly string[])[];
  /** The environment the cmdlet exists in, or `unknown` when it exists in both. */
  environment: ExchangeEnvironment;
  /** Words that name the cmdlet in a file name (lower case, letters only). */
  nouns: readonly string[];
  props: Readonly<Record<string, Kind>>;
}

/** Most specific first: the first whose type name or fingerprint matches wins. */
export const CMDLETS: readonly CmdletSpec[] = [
  {
    cmdlet: "Get-DkimSigningConfig",
    list: "dkimSigningConfigs",
    typeNames: ["DkimSigningConfig"],
    fingerprints: [["Selector1CNAME"], ["Selector1KeySize"]],
    environment: "online",
    nouns: ["dkimsigningconfig", "dkim"],
    props: schemas.dkimSigningConfigSchema,
  },
  {
    cmdlet: "Get-HostedOutboundSpamFilterPolicy",
    list: "outboundSpamPolicies",
    typeNames: ["HostedOutboundSpamFilterPolicy"],
    fingerprints: [["AutoForwardingMode"], ["RecipientLimitExternalPerHour"]],
    environment: "online",
    nouns: ["hostedoutboundspamfilterpolicy", "outboundspamfilterpolicy", "outboundspam"],
    props: schemas.outboundSpamPolicySchema,
  },
  {
    cmdlet: "Get-OutboundConnector",
    list: "outboundConnectors",
    typeNames: ["TenantOutboundConnector", "OutboundConnector"],
    fingerprints: [["UseMXRecord"], ["TlsSettings", "RecipientDomains"], ["RouteAllMessagesViaOnPremises"]],
    environment: "online",
    nouns: ["outboundconnector", "outbound"],
    props: schemas.outboundConnectorSchema,
  },
  {
    cmdlet: "Get-InboundConnector",
    list: "inboundConnectors",
    typeNames: ["TenantInboundConnector", "InboundConnector"],
    fingerprints: [["SenderIPAddresses"], ["RestrictDomainsToIPAddresses"], ["TlsSenderCertificateName"]],
    environment: "online",
    nouns: ["inboundconnector", "inbound"],
    props: schemas.inboundConnectorSchema,
  },
  {
    cmdlet: "Get-ReceiveConnector",
    list: "receiveConnectors",
    typeNames: ["ReceiveConnector"],
    fingerprints: [
      ["Bindings", "RemoteIPRanges"],
      ["PermissionGroups", "AuthMechanism"],
    ],
    environment: "on-premises",
    nouns: ["receiveconnector"],
    props: schemas.receiveConnectorSchema,
  },
  {
    cmdlet: "Get-SendConnector",
    list: "sendConnectors",
    typeNames: ["SmtpSendConnectorConfig", "SendConnector"],
    fingerprints: [["AddressSpaces"], ["SmartHostAuthMechanism"], ["DNSRoutingEnabled"]],
    environment: "on-premises",
    nouns: ["sendconnector"],
    props: schemas.sendConnectorSchema,
  },
  {
    cmdlet: "Get-ADPermission",
    list: "adPermissions",
    typeNames: ["ADAcePresentationObject"],
    fingerprints: [
      ["ExtendedRights", "User"],
      ["AccessRights", "User"],
    ],
    environment: "on-premises",
    nouns: ["adpermission", "relaypermission", "permission"],
    props: schemas.adPermissionSchema,
  },
  {
    cmdlet: "Get-AcceptedDomain",
    list: "acceptedDomains",
    typeNames: ["AcceptedDomain"],
    fingerprints: [["DomainName", "DomainType"]],
    environment: "unknown",
    nouns: ["accepteddomain"],
    props: schemas.acceptedDomainSchema,
  },
  {
    cmdlet: "Get-RemoteDomain",
    list: "remoteDomains",
    typeNames: ["DomainContentConfig", "RemoteDomain"],
    fingerprints: [
      ["DomainName", "AutoForwardEnabled"],
      ["DomainName", "AllowedOOFType"],
    ],
    environment: "unknown",
    nouns: ["remotedomain"],
    props: schemas.remoteDomainSchema,
  },
  {
    cmdlet: "Get-TransportConfig",
    list: "transportConfig",
    typeNames: ["TransportConfigContainer", "TransportConfig"],
    fingerprints: [
      ["MaxSendSize", "MaxReceiveSize", "InternalSMTPServers"],
      ["MaxSendSize", "MaxReceiveSize", "TLSSendDomainSecureList"],
      ["MaxSendSize", "MaxReceiveSize", "MaxRecipientEnvelopeLimit"],
    ],
    environment: "unknown",
    nouns: ["transportconfig"],
    props: schemas.transportConfigSchema,
  },
  {
    cmdlet: "Get-ExchangeCertificate",
    list: "exchangeCertificates",
    typeNames: ["ExchangeCertificate"],
    fingerprints: [
      ["Thumbprint", "RawData"],
      ["Thumbprint", "NotAfter"],
      ["Thumbprint", "Services"],
    ],
    environment: "on-premises",
    nouns: ["exchangecertificate", "certificate"],
    props: schemas.exchangeCertificateSchema,
  },
  {
    cmdlet: "Get-HybridConfiguration",
    list: "hybridConfiguration",
    typeNames: ["HybridConfiguration"],
    fingerprints: [["OnPremisesSmartHost"], ["SendingTransportServers", "Features"]],
    environment: "on-premises",
    nouns: ["hybridconfiguration", "hybrid"],
    props: schemas.hybridConfigurationSchema,
  },
  {
    cmdlet: "Get-OrganizationConfig",
    list: "organizationConfig",
    typeNames: ["OrganizationConfig"],
    fingerprints: [
      ["RejectDirectSend"],
      ["MicrosoftExchangeRecipientEmailAddresses"],
      ["IsDehydrated", "OrganizationId"],
    ],
    environment: "unknown",
    nouns: ["organizationconfig", "orgconfig", "organization"],
    props: schemas.organizationConfigSchema,
  },
];

const BY_NAME = new Map(CMDLETS.map((c) => [c.cmdlet.toLowerCase(), c]));

/** The spec of a cmdlet by name (any case). */
export function cmdletSpec(name: string): CmdletSpec | undefined {
  return BY_NAME.get(name.toLowerCase());
}

/** The cmdlet whose output an object is: by type name first, then by fingerprint. */
export function recogniseObject(obj: PsObject): CmdletSpec | undefined {
  const first = obj.typeNames[0];
  if (first !== undefined) {
    const short = shortTypeName(first);
    const byType = CMDLETS.find((c) => c.typeNames.includes(short));
    if (byType !== undefined) return byType;
  }
  return CMDLETS.find((c) => c.fingerprints.some((set) => set.every((p) => obj.props.has(p.toLowerCase()))));
}

/**
 * The cmdlet a file name suggests: `GetSendConnector.xml`, `send-connectors.json`,
 * `exo-dkim.xml`; the longest noun wins (`outboundconnector` before `outbound`).
 */
export function cmdletFromFileName(file: string): CmdletSpec | undefined {
  const base = file.split(/[\\/]/).pop() ?? file;
  const letters = base
    .replace(/\.[A-Za-z0-9]+$/, "")
    .toLowerCase()
    .replace(/[^a-z]/g, "");
  let best: { spec: CmdletSpec; length: number } | undefined;
  for (const spec of CMDLETS) {
    for (const noun of spec.nouns) {
      if (letters.includes(noun) && (best === undefined || noun.length > best.length))
        best = { spec, length: noun.length };
    }
  }
  return best?.spec;
}

/** The names of all cmdlets read, for messages. */
export function cmdletList(): string {
  return CMDLETS.map((c) => c.cmdlet).join(", ");
}
