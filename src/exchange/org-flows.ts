/**
 * The ways mail leaves the organisation, as the connectors show them ("flows", before they become
 * paths): Exchange Server send connectors through smart hosts or by DNS
 * (https://learn.microsoft.com/exchange/mail-flow/connectors/send-connectors), and Exchange
 * Online directly, through an outbound gateway, or back through on-premises
 * (`RouteAllMessagesViaOnPremises`, centralised mail transport,
 * https://learn.microsoft.com/exchange/transport-options#centralized-mail-transport).
 */
import type { EgressLookup } from "./org-egress.ts";
import { cite, isExchangeOnlineHost, isIpLiteral, type TenantGuess } from "./org-sources.ts";
import type { ExchangeConfig } from "./types.ts";
import type { AddressSpace, SendConnector } from "./types-onprem.ts";

export type FlowVia =
  | { kind: "smartHost"; hostname: string }
  | { kind: "direct"; ips: string[] }
  | { kind: "provider" };

/** Where mail on a flow is written: Exchange Server mailboxes, Exchange Online mailboxes. */
export type Origin = "on-premises" | "online";

export interface Flow {
  /** Flows with the same key merge (one path per via and origin). */
  key: string;
  via: FlowVia;
  idBase: string;
  descriptions: string[];
  origins: Set<Origin>;
  /** Whether the flow carries mail to every domain (an address space or recipient domain `*`). */
  internet: boolean;
  from: string[];
  confirm: string[];
  notes: string[];
}

/** Which origins' domains could not get a path: they are not marked `sends: false`. */
export interface FlowResult {
  notes: string[];
  omittedOrigins: Set<Origin>;
}

export interface FlowContext {
  config: ExchangeConfig;
  tenant: TenantGuess | undefined;
  egress: Map<string, EgressLookup>;
  resolverGiven: boolean;
  /** Whether anything shows the organisation uses Exchange Online. */
  usesOnline: boolean;
}

/** Adds a flow, merging it into the one with the same key. */
export function mergeFlow(flows: Map<string, Flow>, flow: Flow): void {
  const existing = flows.get(flow.key);
  if (existing === undefined) {
    flows.set(flow.key, flow);
    return;
  }
  for (const o of flow.origins) existing.origins.add(o);
  existing.internet ||= flow.internet;
  for (const list of ["descriptions", "from", "confirm", "notes"] as const) {
    for (const item of flow[list]) if (!existing[list].includes(item)) existing[list].push(item);
  }
}

function addFlow(flows: Map<string, Flow>, flow: Omit<Flow, "origins"> & { origin: Origin }): void {
  const { origin, ...rest } = flow;
  mergeFlow(flows, { ...rest, origins: new Set([origin]) });
}

function spaceText(a: AddressSpace): string {
  return `${a.Type}:${a.Address}${a.Cost === null ? "" : `;${a.Cost}`}`;
}

const COEXISTENCE_SPACE = /(^|\.)mail\.onmicrosoft\.(com|us)$/i;

/** The transport settings a description keeps (not in the description format itself). */
function settingsText(c: SendConnector, withSmartHost: boolean): string {
  const parts: string[] = [];
  if (withSmartHost) {
    parts.push(`port ${c.Port ?? 25}`, `SmartHostAuthMechanism ${c.SmartHostAuthMechanism ?? "not exported"}`);
  }
  parts.push(
    `RequireTLS ${c.RequireTLS ?? "not exported"}`,
    `TlsAuthLevel ${c.TlsAuthLevel ?? "not set"}`,
    `IgnoreSTARTTLS ${c.IgnoreSTARTTLS ?? "not exported"}`,
  );
  if (c.TlsDomain) parts.push(`TlsDomain ${c.TlsDomain}`);
  if (c.Fqdn) parts.push(`Fqdn ${c.Fqdn}`);
  return parts.join(", ");
}

/** Flows of the Exchange Server send connectors. */
export function onPremisesFlows(ctx: FlowContext, flows: Map<string, Flow>, result: FlowResult): void {
  for (const c of ctx.config.sendConnectors) {
    const name = c.Name ?? c.Identity ?? `#${c.source.index + 1}`;
    const here = cite(c, name);
    if (c.Enabled === false) {
      result.notes.push(`Send connector "${name}" is disabled, so it is not a path (${here}).`);
      continue;
    }
    const spaces = c.AddressSpaces ?? [];
    const smtp = spaces.filter((a) => a.Type.toUpperCase() === "SMTP");
    if (spaces.length > 0 && smtp.length === 0) {
      result.notes.push(
        `Send connector "${name}" has no SMTP address space (${spaces.map(spaceText).join(", ")}): not a path.`,
      );
      continue;
    }
    if (smtp.length > 0 && smtp.every((a) => COEXISTENCE_SPACE.test(a.Address.replace(/^\*\./, "")))) {
      result.notes.push(
        `Send connector "${name}" carries mail for Exchange Online mailboxes (${smtp.map(spaceText).join(", ")}), inside the organisation: not a path to the internet.`,
      );
      continue;
    }
    const internet = smtp.some((a) => a.Address === "*");
    const scope = internet
      ? ""
      : ` carries mail only to ${smtp.map((a) => a.Address).join(", ") || "no address space"}`;
    const smartHosts = c.SmartHosts ?? [];
    const viaSmartHosts = c.DNSRoutingEnabled === false || (c.DNSRoutingEnabled == null && smartHosts.length > 0);
    const spacesList = smtp.map(spaceText).join(", ");
    if (viaSmartHosts) {
      if (smartHosts.length === 0) {
        result.notes.push(`Send connector "${name}" routes through smart hosts but lists none: not a path.`);
        result.omittedOrigins.add("on-premises");
        continue;
      }
      for (const written of smartHosts) {
        const host = written.toLowerCase().replace(/\.$/, "");
        const base = {
          internet,
          origin: "on-premises" as const,
          from: [here],
          notes: scope ? [`Send connector "${name}"${scope}.`] : [],
        };
        const described = `Exchange Server send connector "${name}" (address spaces ${spacesList}; ${settingsText(c, true)})`;
        if (isExchangeOnlineHost(host)) {
          addFlow(flows, {
            ...base,
            key: "provider:exo",
            via: { kind: "provider" },
            idBase: "exchange-online",
            descriptions: [`${described} relays through Exchange Online (${host})`],
            confirm: [
              "Exchange Online relays on-premises mail only when an OnPremises inbound connector matches it (by certificate or IP) and, since November 2023, the MAIL FROM domain is an accepted domain; null-sender bounces need the certificate match.",
            ],
          });
        } else if (isIpLiteral(host)) {
          const ip = host.replace(/^\[|\]$/g, "");
          addFlow(flows, {
            ...base,
            key: `direct:${ip}`,
            via: { kind: "direct", ips: [ip] },
            idBase: name,
            descriptions: [`${described} to the smart host ${ip}`],
            confirm: [
              `The smart host is given by address (${ip}); receivers see the address it sends from, which may differ: list that address instead.`,
            ],
          });
        } else {
          addFlow(flows, {
            ...base,
            key: `smarthost:${host}`,
            via: { kind: "smartHost", hostname: host },
            idBase: name,
            descriptions: [`${described} to the smart host ${host}`],
            confirm: [],
          });
        }
      }
      continue;
    }
    directFlow(ctx, flows, result, c, name, here, internet, scope, spacesList);
  }
}

/** A connector that delivers by MX lookup: a direct path, egress from its `Fqdn`. */
function directFlow(
  ctx: FlowContext,
  flows: Map<string, Flow>,
  result: FlowResult,
  c: SendConnector,
  name: string,
  here: string,
  internet: boolean,
  scope: string,
  spacesList: string,
): void {
  const omit = (why: string) => {
    result.notes.push(
      `Send connector "${name}" delivers by DNS (MX) but ${why}; add a path with via: { direct: { ips: [<egress addresses>] } } for it (${here}).`,
    );
    result.omittedOrigins.add("on-premises");
  };
  const fqdn = c.Fqdn?.replace(/\.$/, "");
  const lookup = fqdn ? ctx.egress.get(fqdn.toLowerCase()) : undefined;
  if (!fqdn || !ctx.resolverGiven || lookup === undefined || lookup.ips.length === 0) {
    omit(
      !fqdn
        ? "has no Fqdn (it uses each source server's name), so its egress address is not in the export"
        : !ctx.resolverGiven
          ? `its egress address (the A/AAAA of its Fqdn ${fqdn}) was not looked up: no resolver given`
          : lookup !== undefined && lookup.unknown.length > 0
            ? `its Fqdn ${fqdn} could not be resolved (${lookup.unknown.join("; ")}): the egress is unknown, not absent`
            : `its Fqdn ${fqdn} has no A or AAAA record`,
    );
    return;
  }
  const ips = [...lookup.ips].sort();
  const confirm = [
    `The egress addresses ${ips.join(", ")} are the A/AAAA records of the connector's Fqdn ${fqdn}; confirm that receivers see mail from them (NAT, a proxy or FrontendProxyEnabled change the address).`,
  ];
  if (lookup.unknown.length > 0) {
    confirm.push(
      `Part of the lookup failed (${lookup.unknown.join("; ")}): addresses of that family are unknown, add them.`,
    );
  }
  if (c.FrontendProxyEnabled === true) {
    confirm.push("FrontendProxyEnabled is true: mail leaves through the Client Access (front end) servers' addresses.");
  }
  addFlow(flows, {
    key: `direct:${ips.join(",")}`,
    via: { kind: "direct", ips },
    idBase: name,
    internet,
    origin: "on-premises",
    descriptions: [
      `Exchange Server send connector "${name}" delivers by DNS (address spaces ${spacesList}; ${settingsText(c, false)})`,
    ],
    from: [here],
    confirm,
    notes: scope ? [`Send connector "${name}"${scope}.`] : [],
  });
}
