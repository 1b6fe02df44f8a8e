/**
 * From an organisation description and the provider catalog to concrete sending paths, one per
 * (path, From domain): the envelope (RFC 5321.MailFrom) domain and where it comes from, the DKIM
 * signatures and where they come from, and what the provider needs in DNS. Pure: no DNS. The
 * audit evaluates these plans against DNS.
 *
 * Names are lower-cased (RFC 4343). Names that depend on values the provider assigns keep their
 * placeholders (`{partition}`, `{token}`): compare DNS names with them through `templateMatcher`.
 */
import { getProvider } from "../providers/registry.ts";
import { conditionsHold, resolveSettings, type SettingValues } from "../providers/settings.ts";
import {
  domainValues,
  expandTemplate,
  normalizeTemplate,
  type TemplateValues,
  templateMatcher,
  templatePlaceholders,
} from "../providers/template.ts";
import type {
  DkimSelectorFact,
  DnsRequirement,
  ProviderCatalog,
  ProviderEntry,
  SpfPlacement,
} from "../providers/types.ts";
import { OrgError, validateOrg } from "./load.ts";
import type { DkimSignature, Organisation, SendingPath } from "./types.ts";

/** Where a path's envelope domain comes from. */
export type MailFromSource = "path" | "provider-custom" | "provider-default" | "from-domain";

export interface PlannedMailFrom {
  domain: string;
  source: MailFromSource;
  /** With `provider-custom`: the setting that named it. */
  setting?: string;
  /** With `provider-default`: the envelope uses `domain` or a subdomain of it. */
  subdomains?: boolean;
}

/** A DKIM signature the path is expected to carry. */
export interface PlannedSignature {
  /** The signing domain (`d=`). */
  domain: string;
  /** The selector (`s=`); may keep placeholders when the provider assigns it (see `unresolved`). */
  selector: string;
  source: "path" | "catalog-default";
  /** For provider paths, when the catalog knows the selector: how its key is published. */
  record?: "cname" | "txt" | "either";
  /** Accepted CNAME targets (templates expanded with the settings and the signing domain). */
  targets?: string[];
  /** Placeholders left in the selector: it cannot be queried until the user gives it. */
  unresolved?: string[];
}

/** A group of SPF terms any one of which authorises the provider (`include:x`, `a:y`). */
export interface SpfRequirement {
  anyOf: string[];
}

export interface ProviderSpfPlan {
  publishedOn: SpfPlacement;
  /** The domain whose SPF record should hold `expected`, or undefined when the customer publishes nothing. */
  publishOn?: string;
  expected: SpfRequirement[];
}

export type PlannedVia =
  | { kind: "smart-host"; smartHostId: string; hostname: string; ips: string[] | undefined }
  | { kind: "direct"; ips: string[] }
  | {
      kind: "provider";
      providerId: string;
      entry: ProviderEntry;
      /** The settings given, completed with the entry's defaults. */
      settings: Record<string, string>;
      spf: ProviderSpfPlan;
      /** With a custom envelope domain: the records it needs (expanded). */
      mailFromDns: DnsRequirement[];
      /** How the provider signs before the customer's domain is set up for DKIM. */
      defaultSigning: { signsWithOwnDomain: boolean | null; domain?: string };
    };

/** One path for one From domain. */
export interface PathPlan {
  pathId: string;
  description?: string;
  fromDomain: string;
  via: PlannedVia;
  mailFrom: PlannedMailFrom;
  dkim: PlannedSignature[];
}

/** Lower case without a trailing dot, placeholders kept (`{domainLabel}`). */
const norm = normalizeTemplate;

function valuesFor(settings: Record<string, string>, domain: string): TemplateValues {
  return { ...settings, ...domainValues(domain) };
}

/** The catalog selectors that apply to an account (legacy ones only when asked). */
function applicableSelectors(entry: ProviderEntry, given: SettingValues, withLegacy: boolean): DkimSelectorFact[] {
  return entry.dkim.selectors.filter((s) => (withLegacy || s.legacy !== true) && conditionsHold(s.when, entry, given));
}

function plannedSignature(
  domain: string,
  selector: string,
  source: PlannedSignature["source"],
  fact: DkimSelectorFact | undefined,
  settings: Record<string, string>,
): PlannedSignature {
  const values = valuesFor(settings, domain);
  const expanded = norm(expandTemplate(selector, values));
  const signature: PlannedSignature = { domain: norm(domain), selector: expanded, source };
  if (fact !== undefined) {
    signature.record = fact.record;
    if (fact.targets !== undefined) signature.targets = fact.targets.map((t) => norm(expandTemplate(t, values)));
  }
  const unresolved = templatePlaceholders(expanded);
  if (unresolved.length > 0) signature.unresolved = unresolved;
  return signature;
}

function spfPlan(
  entry: ProviderEntry,
  given: SettingValues,
  settings: Record<string, string>,
  fromDomain: string,
  mailFrom: PlannedMailFrom,
): ProviderSpfPlan {
  const on = entry.spf.publishedOn.on;
  let publishOn: string | undefined;
  if (on === "from-domain") publishOn = fromDomain;
  else if (on === "mail-from-domain" && mailFrom.source !== "provider-default") publishOn = mailFrom.domain;
  if (publishOn === undefined) return { publishedOn: on, expected: [] };

  const values = valuesFor(settings, fromDomain);
  const terms = [
    ...entry.spf.includes.map((f) => ({ ...f, term: `include:${f.domain}` })),
    ...entry.spf.mechanisms,
  ].filter((f) => conditionsHold(f.when, entry, given));
  const expected: SpfRequirement[] = [];
  const groups = new Map<string, SpfRequirement>();
  for (const f of terms) {
    const term = norm(expandTemplate(f.term, values));
    if (f.group === undefined) {
      if (f.legacy !== true) expected.push({ anyOf: [term] });
      continue;
    }
    let requirement = groups.get(f.group);
    if (requirement === undefined) {
      requirement = { anyOf: [] };
      groups.set(f.group, requirement);
    }
    requirement.anyOf.push(term);
  }
  // A group is expected only when a current (non-legacy) form applies.
  for (const [group, requirement] of groups) {
    if (terms.some((f) => f.group === group && f.legacy !== true)) expected.push(requirement);
  }
  return { publishedOn: on, publishOn, expected };
}

function providerMailFrom(
  path: SendingPath,
  entry: ProviderEntry,
  settings: Record<string, string>,
  given: SettingValues,
  fromDomain: string,
): PlannedMailFrom {
  if (path.mailFrom !== undefined) return { domain: norm(path.mailFrom), source: "path" };
  const custom = entry.mailFrom.custom.setting;
  if (custom !== undefined && Object.hasOwn(given, custom)) {
    return { domain: norm(given[custom] as string), source: "provider-custom", setting: custom };
  }
  const fallback = entry.mailFrom.default;
  if (fallback.kind === "provider" && fallback.domain !== undefined) {
    const planned: PlannedMailFrom = {
      domain: norm(expandTemplate(fallback.domain, valuesFor(settings, fromDomain))),
      source: "provider-default",
    };
    if (fallback.subdomains === true) planned.subdomains = true;
    return planned;
  }
  return { domain: fromDomain, source: "from-domain" };
}

function providerPlan(
  path: SendingPath,
  providerId: string,
  entry: ProviderEntry,
  given: SettingValues,
  fromDomain: string,
): Omit<PathPlan, "pathId" | "fromDomain"> {
  const settings = resolveSettings(entry, given);
  const mailFrom = providerMailFrom(path, entry, settings, given, fromDomain);
  const values = valuesFor(settings, fromDomain);

  let dkim: PlannedSignature[];
  if (path.dkim !== undefined) {
    const known = applicableSelectors(entry, given, true);
    dkim = path.dkim.map((sig: DkimSignature) => {
      const sigValues = valuesFor(settings, sig.domain);
      const fact = known.find((f) => templateMatcher(f.selector, sigValues)(sig.selector) !== null);
      return plannedSignature(sig.domain, sig.selector, "path", fact, settings);
    });
  } else {
    const signingSetting = entry.dkim.signingDomainSetting;
    const signingDomain =
      signingSetting !== undefined && Object.hasOwn(given, signingSetting)
        ? (given[signingSetting] as string)
        : fromDomain;
    dkim = applicableSelectors(entry, given, false).map((f) =>
      plannedSignature(signingDomain, f.selector, "catalog-default", f, settings),
    );
  }

  const mailFromDns =
    mailFrom.source === "provider-custom"
      ? entry.mailFrom.custom.dns.map((d) => {
          const r: DnsRequirement = {
            ...d,
            name: norm(expandTemplate(d.name, values)),
            value: expandTemplate(d.value, values),
          };
          if (d.alternatives !== undefined) r.alternatives = d.alternatives.map((a) => expandTemplate(a, values));
          return r;
        })
      : [];
  const signing = entry.dkim.defaultSigning.find((d) => conditionsHold(d.when, entry, given));
  const defaultSigning: { signsWithOwnDomain: boolean | null; domain?: string } = {
    signsWithOwnDomain: signing?.signsWithOwnDomain ?? null,
  };
  if (signing?.domain !== undefined) defaultSigning.domain = norm(expandTemplate(signing.domain, values));

  return {
    via: {
      kind: "provider",
      providerId,
      entry,
      settings,
      spf: spfPlan(entry, given, settings, fromDomain, mailFrom),
      mailFromDns,
      defaultSigning,
    },
    mailFrom,
    dkim,
  };
}

/**
 * The plans of every path and From domain, in description order. Validates the description first
 * and throws {@link OrgError} when it is invalid against this catalog.
 */
export function planPaths(org: Organisation, catalog: ProviderCatalog): PathPlan[] {
  const problems = validateOrg(org, { catalog });
  if (problems.length > 0) throw new OrgError(problems);
  const plans: PathPlan[] = [];
  for (const path of org.paths) {
    for (const from of path.from) {
      const fromDomain = norm(from);
      let rest: Omit<PathPlan, "pathId" | "fromDomain">;
      const via = path.via;
      const ownMailFrom: PlannedMailFrom =
        path.mailFrom !== undefined
          ? { domain: norm(path.mailFrom), source: "path" }
          : { domain: fromDomain, source: "from-domain" };
      const ownDkim = (path.dkim ?? []).map((sig) => ({
        domain: norm(sig.domain),
        selector: norm(sig.selector),
        source: "path" as const,
      }));
      if ("smartHost" in via) {
        const host = (org.smartHosts ?? []).find((s) => s.id === via.smartHost);
        if (host === undefined) throw new Error(`internal: smart host ${via.smartHost} vanished after validation`);
        rest = {
          via: { kind: "smart-host", smartHostId: host.id, hostname: norm(host.hostname), ips: host.ips?.slice() },
          mailFrom: ownMailFrom,
          dkim: ownDkim,
        };
      } else if ("direct" in via) {
        rest = { via: { kind: "direct", ips: via.direct.ips.slice() }, mailFrom: ownMailFrom, dkim: ownDkim };
      } else {
        const account = (org.providers ?? []).find((p) => p.id === via.provider);
        const entry = account === undefined ? undefined : getProvider(catalog, account.catalog);
        if (account === undefined || entry === undefined)
          throw new Error(`internal: provider ${via.provider} vanished after validation`);
        rest = providerPlan(path, account.id, entry, account.settings ?? {}, fromDomain);
      }
      const plan: PathPlan = { pathId: path.id, fromDomain, ...rest };
      if (path.description !== undefined) plan.description = path.description;
      plans.push(plan);
    }
  }
  return plans;
}
