import { e, ranges } from "../exchange/hybrid/shapes.ts";
import { defaultFrontend, onprem, permission, receiveConnector } from "./exchange-exports.ts";
import { testExchangeRule } from "./exchange-tester.ts";

const RELAY = "ms-Exch-SMTP-Accept-Any-Recipient";
const ANON = "NT AUTHORITY\\ANONYMOUS LOGON";
const connectors = (...o: Parameters<typeof onprem>[1][]) => onprem("GetReceiveConnector", ...o);
const permissions = (...o: Parameters<typeof onprem>[1][]) => onprem("GetADPermission", ...o);
const AUTH = "Microsoft.Exchange.Data.Directory.SystemConfiguration.AuthMechanisms";
const PERM = "Microsoft.Exchange.Data.PermissionGroups";

testExchangeRule("exchange-anonymous-relay", {
  valid: [
    {
      name: "a dedicated relay connector for private and a few public hosts",
      exports: [
        connectors(
          defaultFrontend(),
          receiveConnector("Anonymous Relay", {
            RemoteIPRanges: ranges("10.1.2.0/24", "192.0.2.0/24", "198.51.100.20"),
          }),
        ),
        permissions(
          permission("EX01\\Anonymous Relay", ANON, [RELAY]),
          permission("EX01\\Default Frontend EX01", ANON, ["ms-Exch-SMTP-Submit", "ms-Exch-SMTP-Accept-Any-Sender"]),
        ),
      ],
      encodings: ["utf-16le"],
    },
    {
      name: "relay denied again on the same connector",
      exports: [
        connectors(defaultFrontend()),
        permissions(
          permission("EX01\\Default Frontend EX01", ANON, [RELAY]),
          permission("EX01\\Default Frontend EX01", ANON, [RELAY], { Deny: true }),
        ),
      ],
    },
    {
      name: "authenticated users may relay on the client connector",
      exports: [
        connectors(receiveConnector("Client Frontend EX01", { RemoteIPRanges: ranges("0.0.0.0-255.255.255.255") })),
        permissions(permission("EX01\\Client Frontend EX01", "NT AUTHORITY\\Authenticated Users", [RELAY])),
      ],
    },
    {
      name: "a disabled connector",
      exports: [
        connectors(receiveConnector("Open", { Enabled: false, RemoteIPRanges: ranges("0.0.0.0/0") })),
        permissions(permission("EX01\\Open", ANON, [RELAY])),
      ],
    },
  ],
  invalid: [
    {
      name: "anonymous relay on the Default Frontend connector (every address)",
      exports: [connectors(defaultFrontend()), permissions(permission("EX01\\Default Frontend EX01", ANON, [RELAY]))],
      encodings: ["utf-8-bom", "utf-16be"],
      findings: [
        {
          domain: "example.com",
          message:
            /^Receive connector "EX01\\Default Frontend EX01" grants anonymous relay \(NT AUTHORITY\\ANONYMOUS LOGON holds ms-Exch-SMTP-Accept-Any-Recipient\)\. It serves every IPv4 and IPv6 address \(an open relay\) and is a default connector, which Exchange also uses for all other mail\.$/,
          fix: /Remove-ADPermission -User 'NT AUTHORITY\\ANONYMOUS LOGON'/,
          evidence: /"source":"Get-ADPermission \\"EX01\\\\Default Frontend EX01\\"/,
        },
      ],
    },
    {
      name: "a relay connector open to a public /16, matched by distinguished name",
      exports: [
        connectors(receiveConnector("App relay", { RemoteIPRanges: ranges("10.0.0.0/8", "203.0.0.0/16") })),
        permissions(
          permission(
            "CN=App relay,CN=SMTP Receive Connectors,CN=Protocols,CN=EX01,CN=Servers,CN=Exchange Administrative Group,CN=Administrative Groups,CN=Contoso,CN=Microsoft Exchange,CN=Services,CN=Configuration,DC=contoso,DC=example",
            ANON,
            [RELAY],
          ),
        ),
      ],
      findings: [
        {
          domain: "example.com",
          message:
            /"EX01\\App relay" grants anonymous relay .*\. It serves public ranges wider than a few hosts \(203\.0\.0\.0\/16\)\.$/,
        },
      ],
    },
    {
      name: "externally secured on wide ranges",
      exports: [
        connectors(
          receiveConnector("Partner", {
            RemoteIPRanges: ranges("0.0.0.0-255.255.255.255"),
            AuthMechanism: e("Tls, ExternalAuthoritative", AUTH),
            PermissionGroups: e("ExchangeServers", PERM),
          }),
        ),
      ],
      findings: [
        {
          domain: "example.com",
          message:
            /"EX01\\Partner" treats every remote host as an externally secured Exchange server \(relay, and no anti-spam checks\)\. It serves every IPv4 address \(an open relay\)\.$/,
          fix: /-AuthMechanism Tls -PermissionGroups AnonymousUsers/,
        },
      ],
    },
    {
      name: "relay on a default connector narrowed to private hosts (a warning)",
      exports: [
        connectors(defaultFrontend({ RemoteIPRanges: ranges("10.0.0.0/8") })),
        permissions(permission("EX01\\Default Frontend EX01", ANON, [RELAY])),
      ],
      findings: [
        {
          domain: "example.com",
          severity: "warning",
          message: /\. It is a default connector, which Exchange also uses/,
        },
      ],
    },
  ],
});
