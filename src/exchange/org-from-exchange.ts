/**
 * From an Exchange configuration to an organisation description (docs/org.md):
 * accepted domains become domains, send connectors smart hosts and paths, connectors that deliver
 * by DNS direct paths (egress from their `Fqdn`, to confirm), Exchange Online the `microsoft365`
 * provider with its tenant and the DKIM selectors of `Get-DkimSigningConfig`. Annotations say which
 * cmdlet each part came from and what the admin must confirm; `orgToYaml` writes them as comments.
 */
import { validateOrg } from "../org/load.ts";
import type { Organisation, OrgDomain, ProviderAccount, SmartHost } from "../org/types.ts";
import { collectDomains, type DomainEntry } from "./org-domains.ts";
import { lookupAll } from "./org-egress.ts";
import { type Flow, type FlowContext, type FlowResult, type Origin, onPremisesFlows } from "./org-flows.ts";
import { onlineFlows } from "./org-flows-online.ts";
import { type EmittedPath, emitPaths, type PathContext } from "./org-paths.ts";
import { findTenant, type TenantGuess } from "./org-sources.ts";
import type { OrgAnnotation, OrgFromExchangeOptions, OrgFromExchangeResult } from "./org-types.ts";
import type { ExchangeConfig } from "./types.ts";
import type { DkimSigningConfig } from "./types-online.ts";

const PROVIDER_ID = "exo";

/** The suffix of the tenant's initial domain in each cloud. */
const INITIAL_SUFFIX = {
  commercial: "onmicrosoft.com",
  "gcc-high": "onmicrosoft.us",
  "21vianet": "partner.onmschina.cn",
} as const;

function usesOnline(config: ExchangeConfig): boolean {
  const lists = [
    config.outboundConnectors,
    config.inboundConnectors,
    config.dkimSigningConfigs,
    config.outboundSpamPolicies,
    config.acceptedDomains,
    config.organizationConfig,
    config.transportConfig,
    config.remoteDomains,
  ];
  return config.hybridConfiguration.length > 0 || lists.some((l) => l.some((o) => o.source.environment === "online"));
}

function orgName(config: ExchangeConfig, options: OrgFromExchangeOptions): string | undefined {
  if (options.name) return options.name;
  const onPremises = config.organizationConfig.find((o) => o.source.environment !== "online" && o.Name);
  const online = config.organizationConfig.find((o) => o.source.environment === "online");
  const name = onPremises?.Name || online?.DisplayName || online?.Name;
  return name ? name : undefined;
}

function filesSummary(config: ExchangeConfig): string[] {
  return config.files
    .filter((f) => f.objects > 0 || f.cmdlets.length > 0)
    .map((f) => {
      const encoding = f.encoding ? `, ${f.encoding}${f.bom ? " with BOM" : ""}` : "";
      return `${f.file}: ${f.cmdlets.join(", ")} (${f.objects} object${f.objects === 1 ? "" : "s"}, ${f.format ?? "empty"}${encoding}, ${f.environment})`;
    });
}

function providerAccount(tenant: TenantGuess): {
  account: ProviderAccount;
  annotation: Omit<OrgAnnotation, "pointer">;
} {
  const settings: Record<string, string> = { tenant: tenant.tenant };
  const confirm: string[] = [];
  if (tenant.cloud !== undefined) {
    settings.cloud = tenant.cloud;
    if (tenant.cloud === "gcc-high")
      confirm.push("The tenant's domain ends in onmicrosoft.us: the cloud is gcc-high or dod; set cloud accordingly.");
  }
  if (tenant.others.length > 0) {
    confirm.push(
      `The exports also name the tenant(s) ${tenant.others.join(", ")}: check which one sends this organisation's mail.`,
    );
  }
  return {
    account: { id: PROVIDER_ID, catalog: "microsoft365", settings },
    annotation: { from: [`tenant ${tenant.tenant} from ${tenant.from}`], confirm, notes: [] },
  };
}

/** The From domains of a flow: those accepted by the Exchange its mail comes from. */
function domainsOf(
  flow: Flow,
  domains: DomainEntry[],
  have: { onPremises: boolean; online: boolean },
  confirm: string[],
) {
  const names = new Set<string>();
  for (const origin of flow.origins) {
    const known = origin === "online" ? have.online : have.onPremises;
    if (!known) {
      confirm.push(
        `The ${origin === "online" ? "Exchange Online" : "Exchange Server"} accepted domains were not read: every domain is assumed to send on this path.`,
      );
    }
    for (const d of domains) {
      if (!known || (origin === "online" ? d.online && !d.sendingDisabled : d.onPremises)) names.add(d.name);
    }
  }
  return [...names];
}

/**
 * Derives an organisation description from an Exchange configuration. Needs DNS only for send
 * connectors that deliver by DNS (their `Fqdn`'s A/AAAA, through `resolveSafely`). The result
 * passes `loadOrg`; when no valid description can be made (no domain read), it says why. Never rejects.
 */
export async function orgFromExchange(
  config: ExchangeConfig,
  options: OrgFromExchangeOptions = {},
): Promise<OrgFromExchangeResult> {
  try {
    return await derive(config, options);
  } catch (e) {
    // A configuration not made by readExchangeConfig, or a bug: never a rejection.
    return {
      ok: false,
      error: `the configuration could not be read: ${(e as Error).message}`,
      annotations: [],
    };
  }
}

async function derive(config: ExchangeConfig, options: OrgFromExchangeOptions): Promise<OrgFromExchangeResult> {
  const root: OrgAnnotation = {
    pointer: "",
    from: filesSummary(config),
    confirm: [
      "Generated from Exchange exports: check every path against how mail really leaves (relays, gateways, NAT) before relying on the audit.",
    ],
    notes: [],
  };
  const annotations: OrgAnnotation[] = [root];
  const errors = config.problems.filter((p) => p.severity === "error").length;
  if (errors > 0) root.notes.push(`${errors} problem(s) while reading the exports: some settings were not read.`);

  const collected = collectDomains(config, root.notes);
  const tenant = findTenant(config);
  const dnsNames = config.sendConnectors
    .filter((c) => c.Enabled !== false && c.DNSRoutingEnabled !== false && (c.SmartHosts ?? []).length === 0 && c.Fqdn)
    .map((c) => c.Fqdn as string);
  const egress = await lookupAll(options.resolver, dnsNames, options.signal);
  const ctx: FlowContext = {
    config,
    tenant,
    egress,
    resolverGiven: options.resolver !== undefined,
    usesOnline: usesOnline(config),
  };
  const flowMap = new Map<string, Flow>();
  const result: FlowResult = { notes: root.notes, omittedOrigins: new Set<Origin>() };
  onPremisesFlows(ctx, flowMap, result);
  onlineFlows(ctx, flowMap, result);
  let flows = [...flowMap.values()];
  if (tenant === undefined && flows.some((f) => f.via.kind === "provider")) {
    for (const f of flows.filter((f) => f.via.kind === "provider"))
      for (const o of f.origins) result.omittedOrigins.add(o);
    flows = flows.filter((f) => f.via.kind !== "provider");
    root.notes.push(
      "The Exchange Online path is left out: the tenant is unknown. Export Get-AcceptedDomain from Exchange Online (its *.onmicrosoft.com initial domain names the tenant).",
    );
  }
  if (collected.domains.length === 0) {
    return {
      ok: false,
      error:
        "no domain of the organisation was read: export Get-AcceptedDomain (authoritative or internal-relay domains with public names become the description's domains)",
      annotations,
    };
  }

  const dkim = new Map<string, DkimSigningConfig>();
  for (const k of config.dkimSigningConfigs) {
    const d = (k.Domain ?? k.Name ?? "").toLowerCase();
    if (d && !dkim.has(d)) dkim.set(d, k);
  }
  const pathCtx: PathContext = {
    dkimExported:
      config.dkimSigningConfigs.length > 0 || config.files.some((f) => f.cmdlets.includes("Get-DkimSigningConfig")),
    dkim,
    pathIds: new Set(),
    smartHosts: new Map(),
    smartHostIds: new Set(),
    providerId: PROVIDER_ID,
    initialDomain:
      tenant === undefined ? undefined : `${tenant.tenant}.${INITIAL_SUFFIX[tenant.cloud ?? "commercial"]}`,
  };
  const emitted: EmittedPath[] = [];
  for (const flow of flows) {
    const confirm: string[] = [];
    const names = domainsOf(
      flow,
      collected.domains,
      { onPremises: collected.haveOnPremises, online: collected.haveOnline },
      confirm,
    );
    if (names.length === 0) {
      root.notes.push(`${flow.descriptions[0] ?? "A path"} has no domain to send from: left out.`);
      continue;
    }
    for (const e of emitPaths(flow, names, pathCtx)) {
      e.annotation.confirm.push(...confirm);
      emitted.push(e);
    }
  }

  const used = new Set(emitted.flatMap((e) => e.path.from));
  const domains: OrgDomain[] = collected.domains.map((d, i) => {
    const domain: OrgDomain = { name: d.name };
    const annotation: OrgAnnotation = { pointer: `/domains/${i}`, from: [...d.from], confirm: [], notes: [] };
    const origins: Origin[] = [
      ...(d.onPremises ? ["on-premises" as const] : []),
      ...(d.online ? ["online" as const] : []),
    ];
    if (!used.has(d.name) && emitted.length > 0 && !origins.some((o) => result.omittedOrigins.has(o))) {
      domain.sends = false;
      annotation.confirm.push(
        `No path in the exports sends From ${d.name}${d.sendingDisabled ? " (Exchange Online: SendingFromDomainDisabled)" : ""}: sends: false means it must not send at all (SPF -all, DMARC p=reject). Remove it if the domain does send.`,
      );
    }
    annotations.push(annotation);
    return domain;
  });

  const name = orgName(config, options);
  const org: Organisation = { version: 1, ...(name === undefined ? {} : { name }), domains, paths: [] };
  const smartHosts: SmartHost[] = [...pathCtx.smartHosts.entries()].map(([hostname, h], i) => {
    annotations.push({
      pointer: `/smartHosts/${i}`,
      from: h.from,
      confirm: [
        `The audit resolves ${hostname} (A and AAAA) for the addresses receivers see; if the relay sends from other addresses, list them in ips.`,
      ],
      notes: [],
    });
    return { id: h.id, hostname };
  });
  if (smartHosts.length > 0) org.smartHosts = smartHosts;
  if (emitted.some((e) => "provider" in e.path.via) && tenant !== undefined) {
    const { account, annotation } = providerAccount(tenant);
    org.providers = [account];
    annotations.push({ pointer: "/providers/0", ...annotation });
  }
  // Key order as in the documentation: paths last.
  const { paths, ...head } = org;
  const ordered: Organisation = { ...head, paths };
  emitted.forEach((e, i) => {
    ordered.paths.push(e.path);
    annotations.push({ pointer: `/paths/${i}`, ...e.annotation });
  });
  if (emitted.length === 0) root.notes.push("No sending path was found in the exports: add the paths by hand.");

  const problems = validateOrg(ordered);
  if (problems.length > 0) {
    return {
      ok: false,
      error: `the derived description is invalid (a bug; please report it): ${problems.map((p) => `${p.path}: ${p.message}`).join("; ")}`,
      annotations,
    };
  }
  return { ok: true, org: ordered, annotations };
}
