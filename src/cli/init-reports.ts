/**
 * `email-auth-audit init --from-reports DB [--since DAYS]`: drafts an organisation description
 * from the sources the report database holds (`orgFromReports`): the From domains seen, the
 * catalog providers recognised (by forward-confirmed PTR names, envelope domains, DKIM signing
 * domains and selector CNAMEs, asked through `--resolver`), and the other servers that pass DMARC,
 * as YAML with a `from:` and `CONFIRM:` comment on each part.
 */

import type { Resolver } from "../dns/types.ts";
import { createCatalog } from "../providers/index.ts";
import { orgFromReports } from "../reports/org-draft.ts";
import { draftToYaml } from "../reports/org-draft-yaml.ts";
import type { CliDeps } from "./deps.ts";
import { readCatalogFile } from "./inputs.ts";
import { dbPath, openDb, sinceDays } from "./reports-db.ts";

export interface InitReportsOptions {
  db: string;
  since?: number;
  name?: string;
  catalog?: string;
  resolver: Resolver;
}

/** The draft's YAML, and the problems it still has (for standard error). */
export async function initFromReports(
  options: InitReportsOptions,
  deps: CliDeps,
): Promise<{ text: string; problems: string[]; sources: number }> {
  const extra = options.catalog === undefined ? [] : await readCatalogFile(deps.cwd, options.catalog);
  const catalog = createCatalog(extra);
  const store = await openDb(dbPath(options.db, deps), false);
  try {
    const since = sinceDays(options.since);
    const draft = await orgFromReports(store.records(since === undefined ? {} : { since }), {
      catalog,
      resolver: options.resolver,
      ...(options.name !== undefined ? { name: options.name } : {}),
    });
    return { text: draftToYaml(draft), problems: draft.problems, sources: draft.org.paths.length };
  } finally {
    await store.close();
  }
}
