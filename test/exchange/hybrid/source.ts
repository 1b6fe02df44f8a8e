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

import * as online from "./source-online.ts";
import * as onprem from "./source-onprem.ts";
import type { FxExport } from "./writers.ts";

/** Every export of the organisation. */
export const HYBRID_EXPORTS: readonly FxExport[] = [
  onprem.sendConnectors,
  onprem.receiveConnectors,
  onprem.adPermissions,
  onprem.onPremAcceptedDomains,
  onprem.transportConfig,
  onprem.hybridConfiguration,
  onprem.onPremOrganizationConfig,
  online.onlineAcceptedDomains,
  online.outboundConnectors,
  online.inboundConnectors,
  online.dkimSigningConfigs,
  online.onlineOrganizationConfig,
  online.remoteDomains,
  online.outboundSpam,
];
