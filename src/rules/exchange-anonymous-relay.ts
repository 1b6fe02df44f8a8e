import { connectorName } from "../exchange/connectors.ts";
import { classifyRemoteRanges, isDefaultReceiveConnector, relayGrants } from "../exchange/relay.ts";
import type { ObservedEvidence } from "../facts/evidence.ts";
import { defineRule, listWords } from "./define.ts";
import { code, exchangeEvidence, exchangeOf, orgDomain, ps } from "./exchange-helpers.ts";
import { doc, rfc } from "./references.ts";

const SHOWN = 6;

export default defineRule(
  {
    id: "exchange-anonymous-relay",
    severity: "error",
    scope: "org",
    title: "A receive connector lets unauthenticated senders relay to any recipient",
    description:
      'Exchange relays mail to outside recipients only for sessions that hold the extended right `ms-Exch-SMTP-Accept-Any-Recipient` on the receive connector they reach. Two settings give it to senders who never authenticate: the AD permission of `NT AUTHORITY\\ANONYMOUS LOGON` (`Get-ADPermission` shows it; `Get-ReceiveConnector` does not), and `AuthMechanism` `ExternalAuthoritative` with `PermissionGroups` `ExchangeServers` ("externally secured": every remote host is treated as a trusted Exchange server, and also bypasses anti-spam and message size limits). Such a grant is safe only on a dedicated connector whose `RemoteIPRanges` list the application servers and devices that need it. This rule reports it when the connector serves every address (`0.0.0.0-255.255.255.255`, `::/0`: an open relay), public ranges wider than a few hosts (a block of more than 256 consecutive public IPv4 addresses, or more than an IPv6 /64), or is one of the default connectors Exchange creates, which Microsoft says never to open for relay. Private ranges (RFC 1918, RFC 6598, loopback, link-local, unique local) count as the admin\'s own.',
    references: [
      doc(
        "Microsoft: Allow anonymous relay on Exchange servers",
        "https://learn.microsoft.com/exchange/mail-flow/connectors/allow-anonymous-relay",
      ),
      doc(
        "Microsoft: Receive connector permissions",
        "https://learn.microsoft.com/exchange/receive-connector-permissions-exchange-2013-help",
      ),
      doc(
        "Microsoft: Receive connectors",
        "https://learn.microsoft.com/exchange/mail-flow/connectors/receive-connectors",
      ),
      rfc(5321, "3.6.1"),
      rfc(2505, "2"),
    ],
    fix: "Grant relay only on a dedicated receive connector (`New-ReceiveConnector -Custom -TransportRole FrontendTransport`) whose `RemoteIPRanges` list the hosts that need it, and remove the grant from the connector reported (`Remove-ADPermission`, or `Set-ReceiveConnector -AuthMechanism` without `ExternalAuthoritative`).",
    adjustments: [
      {
        severity: "warning",
        when: "the connector is a default connector but its remote ranges are narrowed to the admin's own hosts",
      },
    ],
  },
  ({ facts, report }) => {
    const exchange = exchangeOf(facts);
    if (exchange === undefined) return;
    for (const grant of relayGrants(exchange.config).grants) {
      const c = grant.connector;
      if (c.Enabled === false) continue;
      const isDefault = isDefaultReceiveConnector(c);
      // Without the ranges, only a default connector can be judged (its name says what it is).
      if (c.RemoteIPRanges === undefined && !isDefault) continue;
      const ranges = classifyRemoteRanges(c.RemoteIPRanges ?? []);
      const reasons: string[] = [];
      if (ranges.everyone.length > 0)
        reasons.push(`serves every ${listWords(ranges.everyone)} address (an open relay)`);
      else if (ranges.widePublic.length > 0)
        reasons.push(
          `serves public ranges wider than a few hosts (${listWords(ranges.widePublic.slice(0, SHOWN))}${ranges.widePublic.length > SHOWN ? ", ..." : ""})`,
        );
      if (isDefault) reasons.push("is a default connector, which Exchange also uses for all other mail");
      if (reasons.length === 0) continue;
      const identity = c.Identity ?? connectorName(c);
      const how =
        grant.kind === "anonymous"
          ? "grants anonymous relay (NT AUTHORITY\\ANONYMOUS LOGON holds ms-Exch-SMTP-Accept-Any-Recipient)"
          : "treats every remote host as an externally secured Exchange server (relay, and no anti-spam checks)";
      const evidence: ObservedEvidence[] = [
        exchangeEvidence(c, ["RemoteIPRanges", "Bindings", "PermissionGroups", "AuthMechanism", "TransportRole"]),
        ...grant.permissions.map((p) => exchangeEvidence(p, ["User", "ExtendedRights", "Deny", "IsInherited"])),
      ];
      const remove =
        grant.kind === "anonymous"
          ? `remove the grant: ${code(`Get-ReceiveConnector ${ps(identity)} | Remove-ADPermission -User 'NT AUTHORITY\\ANONYMOUS LOGON' -ExtendedRights 'ms-Exch-SMTP-Accept-Any-Recipient'`)}`
          : `stop treating its senders as Exchange servers: ${code(`Set-ReceiveConnector ${ps(identity)} -AuthMechanism Tls -PermissionGroups AnonymousUsers`)} (or narrow its ${code("RemoteIPRanges")} to the hosts that need it)`;
      report({
        domain: orgDomain(facts),
        message: `Receive connector "${identity}" ${how}. It ${listWords(reasons)}.`,
        evidence,
        severity: ranges.everyone.length > 0 || ranges.widePublic.length > 0 ? "error" : "warning",
        fix: `Create a dedicated connector for the hosts that must relay: ${code(`New-ReceiveConnector -Name 'Anonymous Relay' -TransportRole FrontendTransport -Custom -Bindings 0.0.0.0:25 -RemoteIpRanges <their addresses>`)}, grant relay there, then ${remove}.`,
      });
    }
  },
);
