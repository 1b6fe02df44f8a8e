/**
 * A draft organisation description from DMARC aggregate reports (`init --from-reports`): the From
 * domains seen, the catalog providers recognised among the sources (with their DKIM selectors and
 * the settings the reports and DNS reveal), and the other sources that pass DMARC as direct
 * servers. Everything the reports cannot prove carries a CONFIRM annotation; forwarders, mailing
 * lists and failing unknown sources are summarised in the header, never made into paths.
 */
import { pslOrgDomainOf } from "../dmarc/align.ts";
import { validateOrg } from "../org/load.ts";
import type { DkimSignature, Organisation, ProviderAccount, SendingPath } from "../org/types.ts";
import { domainValues, expandTemplate, templateMatcher } from "../providers/template.ts";
import type { ProviderEntry } from "../providers/types.ts";
import { type DraftSource, type RecogniseOptions, recogniseSources, sumSources } from "./draft-sources.ts";
import type { AggregateRecord } from "./types.ts";

/** A comment for one part of the draft (a JSON Pointer into it). */
export interface DraftAnnotation {
  pointer: string;
  /** What in the reports it comes from. */
  from: string[];
  /** What the reports cannot prove: to check by hand. */
  confirm: string[];
  notes: string[];
}

/** Options of {@link orgFromReports}. */
export interface OrgDraftOptions extends RecogniseOptions {
  /** The description's name. */
  name?: string;
  /** Most distinct sources read (default 50,000). */
  maxSources?: number;
}

/** A draft and its annotations (`draftToYaml` writes them as comments). */
export interface OrgDraft {
  org: Organisation;
  annotations: DraftAnnotation[];
  /** Problems the draft still has against the schema and catalog (the user fixes them). */
  problems: string[];
}

const fmt = (n: number) => n.toLocaleString("en-US");
const GENERIC_LABELS = ["mail", "smtp", "out", "o1", "a1"];

/** Settings the reports reveal: a label of a PTR name or envelope matching a specific pattern, a selector CNAME target. */
function inferSettings(
  entry: ProviderEntry,
  sources: readonly DraftSource[],
  targets: ReadonlyMap<string, string>,
): { settings: Record<string, string>; from: string[] } {
  const settings: Record<string, string> = {};
  const from: string[] = [];
  for (const source of sources) {
    for (const [key, target] of targets) {
      if (!source.signatures.has(key)) continue;
      const [d] = key.split("|") as [string];
      for (const fact of entry.dkim.selectors) {
        for (const t of fact.targets ?? []) {
          const captures = templateMatcher(t, domainValues(d))(target);
          if (captures === null) continue;
          for (const [name, value] of Object.entries(captures))
            if (Object.hasOwn(entry.settings, name) && settings[name] === undefined) {
              settings[name] = value;
              from.push(`${name} ${value}: the key of ${key.replace("|", " s=")} is a CNAME to ${target}`);
            }
        }
      }
    }
  }
  for (const [name, spec] of Object.entries(entry.settings)) {
    if (settings[name] !== undefined || spec.pattern === undefined) continue;
    const re = new RegExp(spec.pattern, "u");
    if (GENERIC_LABELS.some((l) => re.test(l))) continue;
    const names = sources.flatMap((s) => [...(s.ptr?.confirmed === true ? s.ptr.names : []), ...s.envelopes.keys()]);
    const label = names.flatMap((n) => n.split(".")).find((l) => re.test(l));
    if (label !== undefined) {
      settings[name] = label;
      from.push(`${name} ${label}: a label of the provider's names in the reports`);
    }
  }
  const custom = entry.mailFrom.custom.setting;
  if (custom !== undefined && settings[custom] === undefined) {
    const own = sources.flatMap((s) =>
      [...s.envelopes.keys()].filter((e) => e !== s.from && pslOrgDomainOf(e) === pslOrgDomainOf(s.from)),
    );
    if (own[0] !== undefined) {
      settings[custom] = own[0];
      from.push(`${custom} ${own[0]}: SPF passes for this envelope domain`);
    }
  }
  return { settings, from };
}

function signaturesOf(sources: readonly DraftSource[]): DkimSignature[] {
  const count = new Map<string, number>();
  for (const s of sources) for (const [k, n] of s.signatures) count.set(k, (count.get(k) ?? 0) + n);
  return [...count.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, 4)
    .map(([k]) => {
      const [domain, selector] = k.split("|") as [string, string];
      return { domain, selector };
    });
}

function uniqueId(base: string, taken: Set<string>): string {
  const clean =
    base
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, "-")
      .replace(/^-+|-+$/g, "") || "path";
  let id = clean;
  for (let i = 2; taken.has(id); i++) id = `${clean}-${i}`;
  taken.add(id);
  return id;
}

/** Drafts a description from the records of DMARC reports (a store's `records()`, or parsed reports' records). */
export async function orgFromReports(
  records:
    | AsyncIterable<AggregateRecord & { policyDomain: string }>
    | Iterable<AggregateRecord & { policyDomain: string }>,
  options: OrgDraftOptions,
): Promise<OrgDraft> {
  const { sources, dropped } = await sumSources(records, options.maxSources ?? 50_000);
  const targets = await recogniseSources(sources, options);
  const annotations: DraftAnnotation[] = [];
  const note = (pointer: string, a: Partial<Omit<DraftAnnotation, "pointer">>) =>
    annotations.push({ pointer, from: a.from ?? [], confirm: a.confirm ?? [], notes: a.notes ?? [] });

  // Forwarders: relayed by the receiver's word, or carrying a signature whose main sender is elsewhere.
  const home = new Map<string, DraftSource>();
  for (const s of sources) for (const k of s.signatures.keys()) if (!home.has(k)) home.set(k, s);
  const forwarded = (s: DraftSource) =>
    s.relayed * 2 >= s.messages ||
    (s.spfAligned * 2 < s.messages &&
      [...s.signatures.keys()].some(
        (k) => home.get(k) !== s && home.get(k)?.provider?.entry.id !== s.provider?.entry.id,
      ));
  const legit = sources.filter((s) => !forwarded(s) && (s.provider !== undefined || s.dmarcPass * 2 >= s.messages));

  const domains = [...new Set(sources.map((s) => s.from))];
  const totals = new Map(domains.map((d) => [d, { messages: 0, pass: 0 }]));
  for (const s of sources) {
    const t = totals.get(s.from) as { messages: number; pass: number };
    t.messages += s.messages;
    t.pass += s.dmarcPass;
  }
  const sending = new Set(legit.map((s) => s.from));
  const org: Organisation = {
    version: 1,
    name: options.name ?? "Draft from DMARC reports",
    domains: domains.map((d) => (sending.has(d) ? { name: d } : { name: d, sends: false })),
    providers: [],
    paths: [],
  };
  org.domains.forEach((d, i) => {
    const t = totals.get(d.name) ?? { messages: 0, pass: 0 };
    note(`/domains/${i}`, {
      from: [`${fmt(t.messages)} messages in the reports, ${fmt(t.pass)} passing DMARC`],
      confirm:
        d.sends === false ? ["no legitimate source was seen: keep sends: false only if this domain sends no mail"] : [],
    });
  });

  const accountIds = new Set<string>();
  const ids = new Set<string>();
  const providers: ProviderAccount[] = [];
  const paths: SendingPath[] = [];
  const byProvider = new Map<string, DraftSource[]>();
  for (const s of legit)
    if (s.provider !== undefined)
      byProvider.set(s.provider.entry.id, [...(byProvider.get(s.provider.entry.id) ?? []), s]);
  for (const [id, group] of byProvider) {
    const entry = (group[0] as DraftSource).provider?.entry as ProviderEntry;
    const inferred = inferSettings(entry, group, targets);
    const missing = Object.entries(entry.settings).filter(
      ([k, spec]) => spec.required && inferred.settings[k] === undefined,
    );
    for (const [k, spec] of missing) inferred.settings[k] = expandTemplate(spec.example, {});
    const account: ProviderAccount = { id: uniqueId(id, accountIds), catalog: entry.id };
    if (Object.keys(inferred.settings).length > 0) account.settings = inferred.settings;
    providers.push(account);
    const from = [...new Set(group.map((s) => s.from))];
    const path: SendingPath = { id: uniqueId(id, ids), from, via: { provider: account.id } };
    const dkim = signaturesOf(group);
    if (dkim.length > 0) path.dkim = dkim;
    paths.push(path);
    const m = group.reduce((n, s) => n + s.messages, 0);
    const pass = group.reduce((n, s) => n + s.dmarcPass, 0);
    note(`/providers/${providers.length - 1}`, {
      from: [...new Set(group.map((s) => s.provider?.by ?? ""))].slice(0, 3).concat(inferred.from),
      confirm: missing.map(
        ([k, spec]) => `${k}: "${spec.example}" is the catalog's example, not yours (${spec.description})`,
      ),
    });
    note(`/paths/${paths.length - 1}`, {
      from: [
        `${fmt(m)} messages from ${fmt(group.length)} addresses (${group
          .slice(0, 3)
          .map((s) => s.ip)
          .join(", ")}${group.length > 3 ? ", ..." : ""}), ${fmt(pass)} passing DMARC`,
      ],
      confirm: [
        `that ${entry.name} sends for ${from.join(", ")} on your behalf`,
        ...(pass * 2 < m
          ? ["its mail fails DMARC: set up its DKIM signing (and custom MAIL FROM) for your domain"]
          : []),
      ],
    });
  }

  // The rest that passes DMARC: servers of the organisation, grouped by the selector they sign with.
  const servers = new Map<string, DraftSource[]>();
  for (const s of legit) {
    if (s.provider !== undefined) continue;
    const sig = [...s.signatures.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
    const key = sig ?? `spf|${s.from}`;
    servers.set(key, [...(servers.get(key) ?? []), s]);
  }
  for (const [key, group] of servers) {
    const [d, sel] = key.split("|") as [string, string];
    const from = [...new Set(group.map((s) => s.from))];
    const ips = group.slice(0, 16).map((s) => s.ip);
    const path: SendingPath = {
      id: uniqueId(d === "spf" ? `servers-${sel}` : `signer-${sel}`, ids),
      from,
      via: { direct: { ips } },
    };
    const dkim = signaturesOf(group);
    if (dkim.length > 0) path.dkim = dkim;
    paths.push(path);
    const names = group.flatMap((s) => (s.ptr?.status === "found" ? [`${s.ip} ${s.ptr.names[0]}`] : [])).slice(0, 3);
    note(`/paths/${paths.length - 1}`, {
      from: [
        `${fmt(group.reduce((n, s) => n + s.messages, 0))} messages passing DMARC ${d === "spf" ? "through SPF" : `signed d=${d} s=${sel}`}`,
        ...(names.length > 0 ? [`PTR: ${names.join(", ")}`] : []),
      ],
      confirm: [
        "who runs these addresses: a server of yours (keep via: direct), a relay (describe it under smartHosts and use via: smartHost), or a provider (use its catalog entry)",
        ...(group.length > 16 ? [`only the 16 most voluminous of ${group.length} addresses are listed`] : []),
      ],
    });
  }
  org.providers = providers;
  org.paths = paths;
  if (providers.length === 0) delete org.providers;

  const left = sources.filter((s) => !legit.includes(s));
  const fwd = left.filter(forwarded);
  const spoof = left.filter((s) => !forwarded(s));
  note("", {
    from: [
      `${fmt(sources.length)} sources in the reports${dropped > 0 ? ` (and ${fmt(dropped)} messages beyond the source limit)` : ""}`,
    ],
    notes: [
      `not described: ${fmt(fwd.length)} forwarders and mailing lists (${fmt(fwd.reduce((n, s) => n + s.messages, 0))} messages)`,
      `not described: ${fmt(spoof.length)} unknown sources failing DMARC (${fmt(spoof.reduce((n, s) => n + s.messages, 0))} messages): spoofing candidates, unless one is yours`,
    ],
  });
  const problems = validateOrg(org, { catalog: options.catalog }).map((p) => `${p.path}: ${p.message}`);
  return { org, annotations, problems };
}
