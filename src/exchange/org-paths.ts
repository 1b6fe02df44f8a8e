/**
 * From flows to the description's paths. Mail that Exchange Online writes carries the DKIM
 * signatures `Get-DkimSigningConfig` shows (selectors `selector1`/`selector2` of each domain whose
 * signing is enabled, their CNAME targets as Microsoft assigned them, never built here); such a
 * domain gets a path of its own so that each path lists only its From domain's signatures. Exchange
 * Server does not sign with DKIM.
 */
import type { DkimSignature, PathVia, SendingPath } from "../org/types.ts";
import type { Flow } from "./org-flows.ts";
import { cite, uniqueId } from "./org-sources.ts";
import type { OrgAnnotation } from "./org-types.ts";
import type { DkimSigningConfig } from "./types-online.ts";

export interface PathContext {
  dkimExported: boolean;
  dkim: Map<string, DkimSigningConfig>;
  pathIds: Set<string>;
  /** Smart host id by host name; filled as paths name them. */
  smartHosts: Map<string, { id: string; from: string[] }>;
  smartHostIds: Set<string>;
  providerId: string;
  /** The tenant's initial domain, for notes (`contoso.onmicrosoft.com`). */
  initialDomain: string | undefined;
}

export interface EmittedPath {
  path: SendingPath;
  annotation: Omit<OrgAnnotation, "pointer">;
}

function viaOf(flow: Flow, ctx: PathContext): PathVia {
  if (flow.via.kind === "provider") return { provider: ctx.providerId };
  if (flow.via.kind === "direct") return { direct: { ips: [...flow.via.ips] } };
  const hostname = flow.via.hostname;
  let host = ctx.smartHosts.get(hostname);
  if (host === undefined) {
    host = { id: uniqueId(hostname, ctx.smartHostIds, "relay"), from: [] };
    ctx.smartHosts.set(hostname, host);
  }
  for (const f of flow.from) if (!host.from.includes(f)) host.from.push(f);
  return { smartHost: host.id };
}

function selectorsOf(k: DkimSigningConfig): { signatures: string[]; notes: string[]; confirm: string[] } {
  const notes: string[] = [];
  const confirm: string[] = [];
  const signatures: string[] = [];
  const domain = (k.Domain ?? k.Name ?? "").toLowerCase();
  for (const n of [1, 2] as const) {
    const target = n === 1 ? k.Selector1CNAME : k.Selector2CNAME;
    const size = n === 1 ? k.Selector1KeySize : k.Selector2KeySize;
    signatures.push(`selector${n}`);
    notes.push(
      target
        ? `selector${n}._domainkey.${domain} must be a CNAME to ${target} (${cite(k, k.Domain ?? k.Name)}${size ? `, ${size}-bit key` : ""}).`
        : `selector${n}: the export gives no CNAME target (${cite(k, k.Domain ?? k.Name)}).`,
    );
    if (size === 1024)
      confirm.push(
        `selector${n} of ${domain} has a 1024-bit key: rotate to 2048 bits (Rotate-DkimSigningConfig -KeySize 2048).`,
      );
  }
  if (k.Status && k.Status !== "Valid") {
    confirm.push(
      `Get-DkimSigningConfig reports Status ${k.Status} for ${domain}: Exchange Online does not find the CNAMEs it expects.`,
    );
  }
  return { signatures, notes, confirm };
}

function base(flow: Flow): Omit<OrgAnnotation, "pointer"> {
  return { from: [...flow.from], confirm: [...flow.confirm], notes: [...flow.notes] };
}

/** The paths of one flow for its From domains. */
export function emitPaths(flow: Flow, domains: string[], ctx: PathContext): EmittedPath[] {
  const description = flow.descriptions.join("; ");
  const make = (idBase: string, from: string[], dkim: DkimSignature[] | undefined): SendingPath => {
    const path: SendingPath = { id: uniqueId(idBase, ctx.pathIds), description, from, via: viaOf(flow, ctx) };
    if (dkim !== undefined) path.dkim = dkim;
    return path;
  };
  const signedByOnline = flow.via.kind === "provider" || flow.origins.has("online");
  if (!signedByOnline) {
    const annotation = base(flow);
    annotation.notes.push(
      "Exchange Server does not sign with DKIM itself: if a relay or gateway signs this mail, add its signatures (dkim: [{ domain, selector }]).",
    );
    return [{ path: make(flow.idBase, domains, undefined), annotation }];
  }
  if (!ctx.dkimExported) {
    const annotation = base(flow);
    if (flow.via.kind === "provider") {
      annotation.notes.push(
        "Get-DkimSigningConfig was not read: the audit expects the catalog's selector1/selector2 CNAMEs for each domain.",
      );
    } else {
      annotation.confirm.push(
        "Exchange Online signs DKIM for domains where it is enabled, but Get-DkimSigningConfig was not read: add the signatures (selector1, selector2) of each domain that signs.",
      );
    }
    return [{ path: make(flow.idBase, domains, undefined), annotation }];
  }
  const out: EmittedPath[] = [];
  const unsigned: string[] = [];
  const unsignedNotes: string[] = [];
  for (const domain of domains) {
    const k = ctx.dkim.get(domain);
    if (k === undefined || k.Enabled === false) {
      unsigned.push(domain);
      const by = ctx.initialDomain ?? "the tenant's onmicrosoft.com domain";
      unsignedNotes.push(
        k === undefined
          ? `${domain} has no DKIM signing configuration: Exchange Online signs its mail with ${by}, which does not align.`
          : `DKIM signing is disabled for ${domain} (${cite(k, k.Domain ?? k.Name)}, Enabled false): Exchange Online signs with ${by}, which does not align.`,
      );
      continue;
    }
    const { signatures, notes, confirm } = selectorsOf(k);
    const annotation = base(flow);
    annotation.from.push(cite(k, k.Domain ?? k.Name));
    annotation.notes.push(...notes);
    annotation.confirm.push(...confirm);
    const dkim = signatures.map((selector) => ({ domain, selector }));
    out.push({ path: make(`${flow.idBase}-${domain}`, [domain], dkim), annotation });
  }
  if (unsigned.length > 0) {
    const annotation = base(flow);
    annotation.notes.push(...unsignedNotes);
    out.push({ path: make(flow.idBase, unsigned, []), annotation });
  }
  return out;
}
