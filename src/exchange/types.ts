/**
 * The Exchange configuration as read from exports: one list per cmdlet, each object with Exchange's
 * own property names and normalised values. Conventions for every object type:
 * - a property that the export does not hold is left out (`undefined`): it was not exported;
 * - `null` is Exchange's "not set" (`$null`, a CLIXML `<Nil>`, JSON `null`), never `false`;
 * - booleans are booleans, multi-valued properties string arrays, enums their names (flags a list
 *   of names), sizes a number of bytes or `"Unlimited"`, dates UTC ISO 8601 (`...T10:11:12.000Z`;
 *   a date exported without a zone is kept as written);
 * - `source` (lower case, so that it never clashes with an Exchange property) says where the object
 *   was read.
 * Property meanings and value formats: docs/exchange.md and the cmdlet references at
 * https://learn.microsoft.com/powershell/module/exchangepowershell/.
 */

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

/** The cmdlets whose output is read. */
export type CmdletName =
  | "Get-SendConnector"
  | "Get-ReceiveConnector"
  | "Get-AcceptedDomain"
  | "Get-RemoteDomain"
  | "Get-TransportConfig"
  | "Get-ExchangeCertificate"
  | "Get-HybridConfiguration"
  | "Get-ADPermission"
  | "Get-OutboundConnector"
  | "Get-InboundConnector"
  | "Get-DkimSigningConfig"
  | "Get-OrganizationConfig"
  | "Get-HostedOutboundSpamFilterPolicy";

/** Where an export came from: Exchange Server (the Exchange Management Shell) or Exchange Online. */
export type ExchangeEnvironment = "on-premises" | "online" | "unknown";

/** The format of an export file. */
export type ExportFormat = "clixml" | "json";

/** Where an object was read. */
export interface ExchangeSource {
  /** The file's name (relative to the folder read, or the key of the map given). */
  file: string;
  /** The object's position among the file's objects, from 0. */
  index: number;
  format: ExportFormat;
  cmdlet: CmdletName;
  /**
   * Which Exchange wrote it: from the cmdlet (connectors exist in one of them only), the content
   * (an `*.onmicrosoft.com` initial domain, `RejectDirectSend`), or the file and folder names
   * (`exo`, `online` / `onprem`); `unknown` when nothing tells.
   */
  environment: ExchangeEnvironment;
}

/** Fields every object read has. */
export interface ExchangeObject {
  source: ExchangeSource;
}

/** Something in the exports that could not be read, or was read with a caveat. */
export interface ExchangeProblem {
  /** `error`: something was not read; `warning`: read, but check this. */
  severity: "error" | "warning";
  /** The file (or the folder, when the folder itself cannot be read). */
  file: string;
  /** The object, by its name (`Name`, `Identity`, `DomainName`...) or position (`#3`). */
  object?: string;
  /** The Exchange property. */
  property?: string;
  /** The cmdlet the file or object holds (or was expected to hold). */
  cmdlet?: CmdletName;
  message: string;
}

/** What was read from one file. */
export interface ExchangeFile {
  file: string;
  /** Undefined when the file is neither XML nor JSON, or could not be decoded. */
  format?: ExportFormat;
  /** The text encoding (`utf-8`, `utf-16le`, `utf-16be`) and whether a byte-order mark began it. */
  encoding?: string;
  bom?: boolean;
  /** The cmdlets whose output the file holds (from the file name, for an empty export). */
  cmdlets: CmdletName[];
  /** The objects read from it. */
  objects: number;
  environment: ExchangeEnvironment;
}

/** The Exchange configuration read from a folder (or a set) of exports. */
export interface ExchangeConfig {
  sendConnectors: SendConnector[];
  receiveConnectors: ReceiveConnector[];
  /** From both Exchange Server and Exchange Online (see `source.environment`). */
  acceptedDomains: AcceptedDomain[];
  /** From both Exchange Server and Exchange Online (see `source.environment`). */
  remoteDomains: RemoteDomain[];
  /** Normally one object per environment. */
  transportConfig: TransportConfig[];
  exchangeCertificates: ExchangeCertificate[];
  hybridConfiguration: HybridConfiguration[];
  /** Permissions on receive connectors (`Get-ReceiveConnector | Get-ADPermission`). */
  adPermissions: AdPermission[];
  outboundConnectors: OutboundConnector[];
  inboundConnectors: InboundConnector[];
  dkimSigningConfigs: DkimSigningConfig[];
  /** Normally one object per environment. */
  organizationConfig: OrganizationConfig[];
  outboundSpamPolicies: HostedOutboundSpamFilterPolicy[];
  problems: ExchangeProblem[];
  /** Each file read, with its format, encoding and cmdlets. */
  files: ExchangeFile[];
}

/** Limits and hints for reading exports. */
export interface ReadExchangeOptions {
  /** Largest file read, in bytes (default 32 MiB); a larger one is a problem and is skipped. */
  maxFileBytes?: number;
  /** All files together, in bytes (default 256 MiB). */
  maxTotalBytes?: number;
  /** Files read from a folder (default 500). */
  maxFiles?: number;
  /** Top-level objects read from one file (default 20,000). */
  maxObjects?: number;
  /** Nesting depth of XML elements or JSON values (default 64). */
  maxDepth?: number;
  /** Sub-folder levels read below the folder given (default 2). */
  maxFolderDepth?: number;
}
