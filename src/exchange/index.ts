/**
 * Exchange configuration as input (the subpath `email-auth-audit/exchange`): reading
 * `Export-Clixml` and `ConvertTo-Json` exports of Exchange Server and Exchange Online into typed
 * objects, deriving an organisation description from them, and the helpers the transport rules use
 * (receive connector ranges and relay grants, connector kinds, certificate names).
 */
export { CMDLETS, type CmdletSpec, cmdletFromFileName, recogniseObject } from "./cmdlets.ts";
export { isExchangeOnlineConnector, isHybrid, parseCertificateName } from "./connectors.ts";
export { type IpRangeResult, type IpRangeValue, parseIpRange } from "./ip-range.ts";
export { type EgressLookup, lookupEgress } from "./org-egress.ts";
export { orgFromExchange } from "./org-from-exchange.ts";
export { findTenant, isExchangeOnlineHost, type TenantGuess } from "./org-sources.ts";
export type { OrgAnnotation, OrgFromExchangeOptions, OrgFromExchangeResult } from "./org-types.ts";
export { orgToYaml } from "./org-yaml.ts";
export { emptyExchangeConfig, parseExchangeExports, readExchangeConfig } from "./read.ts";
export {
  type ConnectorMatch,
  classifyRemoteRanges,
  isDefaultReceiveConnector,
  matchReceiveConnector,
  type RelayGrant,
  type RemoteRangeClass,
  relayGrants,
} from "./relay.ts";
export type {
  CmdletName,
  ExchangeConfig,
  ExchangeEnvironment,
  ExchangeFile,
  ExchangeObject,
  ExchangeProblem,
  ExchangeSource,
  ExportFormat,
  ReadExchangeOptions,
} from "./types.ts";
export type {
  DkimSigningConfig,
  HostedOutboundSpamFilterPolicy,
  InboundConnector,
  OutboundConnector,
} from "./types-online.ts";
export type {
  AddressSpace,
  AdPermission,
  ExchangeCertificate,
  HybridConfiguration,
  ReceiveConnector,
  SendConnector,
} from "./types-onprem.ts";
export type {
  AcceptedDomain,
  ByteSize,
  EnumName,
  OrganizationConfig,
  RemoteDomain,
  TransportConfig,
  UnlimitedCount,
} from "./types-shared.ts";
export { parseAddressSpace, parseByteSize } from "./values.ts";
