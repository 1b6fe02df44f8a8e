/**
 * The checks a JSON Schema cannot express, on a description that already follows `orgSchema`:
 * ids and domains are unique, paths name smart hosts and providers that exist, providers name
 * catalog entries and give exactly the settings those declare, From domains are listed and allowed
 * to send. Names compare case-insensitively (RFC 4343).
 */

import { didYouMean } from "../common/suggest.ts";
import { getProvider } from "../providers/registry.ts";
import { quoteList, settingProblems } from "../providers/settings.ts";
import type { ProviderCatalog } from "../providers/types.ts";
import { pointerToken, problemAt } from "./problems.ts";
import type { Organisation, OrgProblem } from "./types.ts";

function lower(name: string): string {
  return name.toLowerCase();
}

/** Reports each repeated key after its first occurrence (ids compare exactly, domains without case). */
function duplicates<T>(
  items: readonly T[],
  key: (item: T) => string,
  field: string,
  list: string,
  what: string,
  fold: (k: string) => string = (k) => k,
): OrgProblem[] {
  const first = new Map<string, number>();
  const problems: OrgProblem[] = [];
  items.forEach((item, i) => {
    const k = key(item);
    const seen = first.get(fold(k));
    if (seen === undefined) {
      first.set(fold(k), i);
    } else {
      problems.push(
        problemAt(
          `/${list}/${i}/${field}`,
          `duplicate ${what} ${JSON.stringify(k)} (already at $.${list}[${seen}])`,
          k,
          `a ${what} not used before`,
        ),
      );
    }
  });
  return problems;
}

function idList(ids: readonly string[], what: string, list: string): string {
  return ids.length === 0 ? `a ${what} id, but $.${list} defines none` : `one of ${quoteList(ids)}`;
}

/** Each `accept` entry that names a rule not in `ruleIds`, and each rule accepted twice at one place. */
function acceptProblems(org: Organisation, ruleIds: readonly string[] | undefined): OrgProblem[] {
  const problems: OrgProblem[] = [];
  const places = [
    ...org.domains.map((d, i) => ({ list: d.accept ?? [], at: `/domains/${i}/accept` })),
    ...org.paths.map((p, i) => ({ list: p.accept ?? [], at: `/paths/${i}/accept` })),
  ];
  for (const { list, at } of places) {
    const seen = new Set<string>();
    list.forEach((a, j) => {
      const pointer = `${at}/${j}/rule`;
      if (ruleIds !== undefined && !ruleIds.includes(a.rule))
        problems.push(
          problemAt(
            pointer,
            `unknown rule id ${JSON.stringify(a.rule)}${didYouMean(a.rule, ruleIds)}`,
            a.rule,
            "a rule id (docs/rules lists them)",
          ),
        );
      else if (seen.has(a.rule))
        problems.push(
          problemAt(pointer, `rule ${JSON.stringify(a.rule)} is accepted twice here`, a.rule, "each rule once"),
        );
      seen.add(a.rule);
    });
  }
  return problems;
}

/** The cross-reference problems of a schema-valid description (and of its `accept` rule ids, when `ruleIds` is given). */
export function crossCheck(org: Organisation, catalog: ProviderCatalog, ruleIds?: readonly string[]): OrgProblem[] {
  const problems: OrgProblem[] = acceptProblems(org, ruleIds);
  const smartHosts = org.smartHosts ?? [];
  const providers = org.providers ?? [];
  problems.push(
    ...duplicates(org.domains, (d) => d.name, "name", "domains", "domain", lower),
    ...duplicates(smartHosts, (s) => s.id, "id", "smartHosts", "smart host id"),
    ...duplicates(providers, (p) => p.id, "id", "providers", "provider id"),
    ...duplicates(org.paths, (p) => p.id, "id", "paths", "path id"),
  );

  const catalogIds = catalog.entries.map((e) => e.id);
  providers.forEach((account, i) => {
    const entry = getProvider(catalog, account.catalog);
    if (entry === undefined) {
      problems.push(
        problemAt(
          `/providers/${i}/catalog`,
          `unknown catalog entry ${JSON.stringify(account.catalog)}${didYouMean(account.catalog, catalogIds)}`,
          account.catalog,
          `one of ${quoteList(catalogIds)}, or an entry passed in the catalog option`,
        ),
      );
      return;
    }
    for (const s of settingProblems(entry, account.settings ?? {})) {
      const pointer = `/providers/${i}/settings/${pointerToken(s.setting)}`;
      const hint = s.kind === "unknown" ? didYouMean(s.setting, Object.keys(entry.settings)) : "";
      const found = s.kind === "unknown" ? s.setting : s.kind === "invalid" ? account.settings?.[s.setting] : undefined;
      problems.push(problemAt(pointer, s.message + hint, found, s.expected));
    }
  });

  const domains = new Map(org.domains.map((d, i) => [lower(d.name), { domain: d, index: i }]));
  const smartHostIds = smartHosts.map((s) => s.id);
  const providerIds = providers.map((p) => p.id);
  org.paths.forEach((path, i) => {
    const via = path.via;
    if ("smartHost" in via && !smartHostIds.includes(via.smartHost)) {
      problems.push(
        problemAt(
          `/paths/${i}/via/smartHost`,
          `unknown smart host ${JSON.stringify(via.smartHost)}${didYouMean(via.smartHost, smartHostIds)}`,
          via.smartHost,
          idList(smartHostIds, "smart host", "smartHosts"),
        ),
      );
    }
    if ("provider" in via && !providerIds.includes(via.provider)) {
      problems.push(
        problemAt(
          `/paths/${i}/via/provider`,
          `unknown provider ${JSON.stringify(via.provider)}${didYouMean(via.provider, providerIds)}`,
          via.provider,
          idList(providerIds, "provider", "providers"),
        ),
      );
    }
    const seen = new Set<string>();
    path.from.forEach((from, j) => {
      const pointer = `/paths/${i}/from/${j}`;
      if (seen.has(lower(from))) {
        problems.push(
          problemAt(
            pointer,
            `From domain ${JSON.stringify(from)} is listed twice in this path`,
            from,
            "each From domain once",
          ),
        );
        return;
      }
      seen.add(lower(from));
      const listed = domains.get(lower(from));
      if (listed === undefined) {
        problems.push(
          problemAt(
            pointer,
            `From domain ${JSON.stringify(from)} is not listed in $.domains`,
            from,
            `one of ${quoteList(org.domains.map((d) => d.name))}`,
          ),
        );
      } else if (listed.domain.sends === false) {
        problems.push(
          problemAt(
            pointer,
            `From domain ${JSON.stringify(from)} is marked "sends": false at $.domains[${listed.index}]`,
            from,
            `a domain that sends mail (or remove "sends": false from $.domains[${listed.index}])`,
          ),
        );
      }
    });
  });
  return problems;
}
