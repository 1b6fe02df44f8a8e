/**
 * Exchange Online's flows (see `org-flows.ts`): straight to the internet (the `microsoft365`
 * provider), through a gateway (a `Partner` outbound connector for every recipient domain `*`
 * with smart hosts), or back through on-premises (an `OnPremises` outbound connector with
 * `RouteAllMessagesViaOnPremises`: then SPF must authorise the on-premises egress, not Exchange
 * Online). Set-OutboundConnector: https://learn.microsoft.com/powershell/module/exchangepowershell/set-outboundconnector.
 */
import { type Flow, type FlowContext, type FlowResult, mergeFlow as merge } from "./org-flows.ts";
import { cite, isIpLiteral } from "./org-sources.ts";
import type { OutboundConnector } from "./types-online.ts";

const enabled = (c: OutboundConnector) => c.Enabled !== false;

/** Adds Exchange Online's flows, given the on-premises ones already in `flows`. */
export function onlineFlows(ctx: FlowContext, flows: Map<string, Flow>, result: FlowResult): void {
  if (!ctx.usesOnline) return;
  const outbound = ctx.config.outboundConnectors.filter(enabled);
  const centralised = outbound.filter(
    (c) => c.ConnectorType === "OnPremises" && c.RouteAllMessagesViaOnPremises === true,
  );
  const gateways = outbound.filter(
    (c) =>
      c.ConnectorType !== "OnPremises" &&
      c.UseMXRecord === false &&
      (c.RecipientDomains ?? []).includes("*") &&
      (c.SmartHosts ?? []).length > 0,
  );
  for (const c of outbound) {
    if (centralised.includes(c) || gateways.includes(c)) continue;
    const to = (c.RecipientDomains ?? []).join(", ") || "(no recipient domains)";
    const how = c.UseMXRecord === false ? `through ${(c.SmartHosts ?? []).join(", ")}` : "by MX";
    result.notes.push(
      `Exchange Online sends mail for ${to} ${how} (${c.ConnectorType ?? "Partner"} connector, ${cite(c)}): the receiver is that organisation, not a separate path.`,
    );
  }

  if (centralised.length > 0) {
    const here = centralised.map((c) => cite(c));
    const onPremises = [...flows.values()].filter(
      (f) => f.origins.has("on-premises") && f.internet && f.via.kind !== "provider",
    );
    if (onPremises.length === 0) {
      result.notes.push(
        `Exchange Online routes all outbound mail through on-premises (RouteAllMessagesViaOnPremises, ${here.join(", ")}), but no on-premises send connector for every domain (address space *) was read: export Get-SendConnector.`,
      );
      result.omittedOrigins.add("online");
      return;
    }
    for (const f of onPremises) {
      merge(flows, {
        key: `exo:${f.key}`,
        via: f.via,
        idBase: `exo-via-${f.idBase}`,
        descriptions: [
          `Exchange Online mail routed through on-premises (RouteAllMessagesViaOnPremises), then ${f.descriptions[0] ?? "on-premises"}`,
        ],
        origins: new Set(["online"]),
        internet: true,
        from: [...here, ...f.from],
        confirm: [
          "Centralised mail transport: Exchange Online mail leaves through the on-premises egress, so SPF must authorise it there; Exchange Online signs DKIM before routing it (on-premises must not change the signed headers or body).",
          ...f.confirm,
        ],
        notes: [],
      });
    }
    return;
  }

  if (gateways.length > 0) {
    for (const c of gateways) {
      for (const host of c.SmartHosts ?? []) {
        const ip = isIpLiteral(host) ? host.replace(/^\[|\]$/g, "") : undefined;
        merge(flows, {
          key: `exo-gateway:${host.toLowerCase()}`,
          via: ip
            ? { kind: "direct", ips: [ip] }
            : { kind: "smartHost", hostname: host.toLowerCase().replace(/\.$/, "") },
          idBase: `exo-via-${host}`,
          descriptions: [
            `Exchange Online outbound connector "${c.Name ?? ""}" sends all mail through the gateway ${host} (TlsSettings ${c.TlsSettings ?? "not set"}${c.TlsDomain ? `, TlsDomain ${c.TlsDomain}` : ""})`,
          ],
          origins: new Set(["online"]),
          internet: true,
          from: [cite(c)],
          confirm: [
            `Receivers see the gateway ${host}, not Exchange Online: SPF must authorise the gateway's egress; if the gateway is a catalog provider (Mimecast, Proofpoint...), describe it as that provider instead.`,
          ],
          notes: [],
        });
      }
    }
    return;
  }

  merge(flows, {
    key: "provider:exo",
    via: { kind: "provider" },
    idBase: "exchange-online",
    descriptions: ["Exchange Online mailboxes, delivered by Exchange Online"],
    origins: new Set(["online"]),
    internet: true,
    from: [],
    confirm: [],
    notes: [],
  });
}
