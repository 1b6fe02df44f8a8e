/**
 * Which catalog provider a name seen in a DMARC report belongs to: a source's PTR name
 * (`o1.ptr4821.sendgrid.net`), a DKIM signing domain (`d=mcsv.net`), an SPF envelope domain
 * (`eu-west-1.amazonses.com`) or a DKIM key's CNAME target. The catalog's own names are used: its
 * detection patterns (SPF includes, CNAME targets, MX hosts), its default bounce domains and its
 * default signing domains. A name matches when it is one of those names or below it (strong), or
 * when it shares its Organizational Domain with one (the PSL registrable domain: `google.com` for
 * `mail-ej1-f41.google.com`, weaker: reported as "likely").
 */
import { pslOrgDomainOf } from "../dmarc/align.ts";
import type { ProviderCatalog, ProviderEntry } from "../providers/types.ts";

/** A provider a name points to, and how. */
export interface NamedProvider {
  id: string;
  name: string;
  /** `suffix`: the name is a catalog name or below one; `org-domain`: it shares its Organizational Domain. */
  match: "suffix" | "org-domain";
  /** The catalog name it matched. */
  pattern: string;
}

interface CatalogIndex {
  /** Catalog names without placeholders, longest first (most specific wins). */
  suffixes: { base: string; entry: ProviderEntry }[];
  /** Organizational Domain → the first entry naming it (catalog order). */
  orgDomains: Map<string, { entry: ProviderEntry; base: string }>;
}

const indexes = new WeakMap<ProviderCatalog, CatalogIndex>();

/** The part of a template after its last placeholder label: `{region}._netblocks.mimecast.com` → `_netblocks.mimecast.com`. */
function fixedTail(template: string): string | undefined {
  const labels = template.toLowerCase().replace(/\.$/, "").split(".");
  let i = labels.length;
  while (i > 0 && !(labels[i - 1] ?? "").includes("{")) i--;
  const tail = labels.slice(i).join(".");
  return tail.includes(".") ? tail : undefined;
}

/** The names a catalog entry is known by (detection patterns, default bounce and signing domains). */
export function providerNames(entry: ProviderEntry): string[] {
  const names = [
    ...entry.detect.spfIncludes,
    ...entry.detect.cnameTargets,
    ...entry.detect.mxHosts,
    ...(entry.mailFrom.default.domain !== undefined ? [entry.mailFrom.default.domain] : []),
    ...entry.dkim.defaultSigning.flatMap((d) => (d.domain !== undefined ? [d.domain] : [])),
  ];
  return [...new Set(names.map(fixedTail).filter((n): n is string => n !== undefined))];
}

function indexOf(catalog: ProviderCatalog): CatalogIndex {
  const known = indexes.get(catalog);
  if (known !== undefined) return known;
  const suffixes: CatalogIndex["suffixes"] = [];
  const orgDomains: CatalogIndex["orgDomains"] = new Map();
  for (const entry of catalog.entries) {
    for (const base of providerNames(entry)) {
      suffixes.push({ base, entry });
      const org = pslOrgDomainOf(base.replace(/^_[^.]*\./, ""));
      if (org !== undefined && !orgDomains.has(org)) orgDomains.set(org, { entry, base });
    }
  }
  suffixes.sort((a, b) => b.base.length - a.base.length);
  const index = { suffixes, orgDomains };
  indexes.set(catalog, index);
  return index;
}

/** The catalog provider `name` belongs to, or undefined. Pure; bounded by the catalog's size. */
export function providerOfName(catalog: ProviderCatalog, name: string): NamedProvider | undefined {
  const n = name.trim().toLowerCase().replace(/\.$/, "");
  if (n === "" || n.length > 253 || !n.includes(".")) return undefined;
  const index = indexOf(catalog);
  for (const { base, entry } of index.suffixes) {
    if (n === base || n.endsWith(`.${base}`)) return { id: entry.id, name: entry.name, match: "suffix", pattern: base };
  }
  const org = pslOrgDomainOf(n);
  const hit = org === undefined ? undefined : index.orgDomains.get(org);
  return hit === undefined
    ? undefined
    : { id: hit.entry.id, name: hit.entry.name, match: "org-domain", pattern: hit.base };
}
