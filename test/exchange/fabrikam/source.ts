/**
 * The second bundled example (`fixtures/examples/fabrikam-exchange/`): Fabrikam runs Exchange
 * Server 2019 on premises, sends to the internet by DNS from mail.fabrikam.example and to a partner
 * through its ISP's relay, and has made some classic mistakes: anonymous relay on the Default
 * Frontend connector, BasicAuth to the relay without TLS, an EHLO name without forward-confirmed
 * reverse DNS or SPF, and automatic forwarding to any domain. `generate.ts` writes the exports
 * (Export-Clixml, UTF-8 with a byte-order mark, as the CSS-Exchange captures) and `dns.json`.
 */
import type { DnsFixture } from "../../../src/dns/fixture/types.ts";
import {
  acceptedDomain,
  defaultFrontend,
  dnsConnector,
  onprem,
  permission,
  receiveConnector,
  remoteDomain,
  sendConnector,
} from "../../rules/exchange-exports.ts";
import { e, fqdn, ranges, servers, smartHosts, spaces } from "../hybrid/shapes.ts";
import type { FxExport } from "../hybrid/writers.ts";

const AUTH = "Microsoft.Exchange.Data.Directory.SystemConfiguration.SmtpSendConnectorConfig+AuthMechanisms";
const RELAY = "ms-Exch-SMTP-Accept-Any-Recipient";

export const FABRIKAM_EXPORTS: readonly FxExport[] = [
  onprem(
    "GetSendConnector",
    dnsConnector("Internet", "mail.fabrikam.example", { SourceTransportServers: servers("FAB-EX1") }),
    sendConnector("Partners via ISP relay", {
      AddressSpaces: spaces("SMTP:partner.example;1"),
      SmartHosts: smartHosts("relay.isp.example"),
      Port: 587,
      SmartHostAuthMechanism: e("BasicAuth", AUTH),
      AuthenticationCredential: { credential: "fabrikam-relay" },
      RequireTLS: false,
      TlsAuthLevel: null,
      Fqdn: fqdn("mail.fabrikam.example"),
      SourceTransportServers: servers("FAB-EX1"),
    }),
  ),
  onprem(
    "GetReceiveConnector",
    defaultFrontend({
      Name: "Default Frontend FAB-EX1",
      Identity: { text: "FAB-EX1\\Default Frontend FAB-EX1", type: "Microsoft.Exchange.Data.Directory.ADObjectId" },
      Server: { text: "FAB-EX1", type: "Microsoft.Exchange.Data.Directory.ADObjectId" },
      Fqdn: fqdn("mail.fabrikam.example"),
    }),
    receiveConnector("Scanners", {
      Identity: { text: "FAB-EX1\\Scanners", type: "Microsoft.Exchange.Data.Directory.ADObjectId" },
      Server: { text: "FAB-EX1", type: "Microsoft.Exchange.Data.Directory.ADObjectId" },
      RemoteIPRanges: ranges("10.20.0.0/24"),
      Fqdn: fqdn("mail.fabrikam.example"),
    }),
  ),
  onprem(
    "GetADPermission",
    // Someone "fixed" a scanner by opening the default connector instead of the Scanners one.
    permission("FAB-EX1\\Default Frontend FAB-EX1", "NT AUTHORITY\\ANONYMOUS LOGON", [RELAY]),
    permission("FAB-EX1\\Scanners", "NT AUTHORITY\\ANONYMOUS LOGON", [RELAY]),
  ),
  onprem(
    "GetAcceptedDomain",
    acceptedDomain("fabrikam.example", "Authoritative", { Default: true }),
    acceptedDomain("shop.fabrikam.example"),
    acceptedDomain("fabrikam.local", "Authoritative"),
  ),
  onprem("GetRemoteDomain", remoteDomain("*", true)),
  onprem("GetOrganizationConfig", {
    typeNames: ["Microsoft.Exchange.Data.Directory.Management.OrganizationConfig", "System.Object"],
    label: "Fabrikam",
    props: { Name: "Fabrikam", IsDehydrated: false },
  }),
];

/** Fabrikam's DNS, as recorded for the example. */
export const FABRIKAM_DNS: DnsFixture = {
  version: 1,
  $comment:
    "DNS of the Fabrikam example (fixtures/examples/fabrikam-exchange/exports), written by test/exchange/fabrikam/generate.ts",
  recordedAt: "2026-11-23T09:00:00Z",
  records: {
    "fabrikam.example": {
      TXT: ["v=spf1 ip4:203.0.113.10 -all"],
      MX: [{ preference: 10, exchange: "mail.fabrikam.example" }],
    },
    "_dmarc.fabrikam.example": { TXT: ["v=DMARC1; p=quarantine; rua=mailto:dmarc@fabrikam.example"] },
    "shop.fabrikam.example": {
      TXT: ["v=spf1 ip4:203.0.113.10 -all"],
      MX: [{ preference: 10, exchange: "mail.fabrikam.example" }],
    },
    "mail.fabrikam.example": { A: ["203.0.113.10"] },
    "10.113.0.203.in-addr.arpa": { PTR: ["203-0-113-10.static.isp.example"] },
    "relay.isp.example": { A: ["198.51.100.77"] },
  },
};
