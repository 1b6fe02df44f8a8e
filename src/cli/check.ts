/**
 * `email-auth-audit check <domain...>` and `--domains-file FILE`: checks domains with no
 * organisation description (what they publish, the providers they use, every rule that applies).
 * One domain prints its report; several (or a domains file) print every domain's report and a
 * summary. Checks run with bounded concurrency over ONE shared cache, so what domains have in
 * common is asked once.
 */
import type { CheckOptions } from "../audit/api.ts";
import { CachingResolver } from "../dns/cache.ts";
import { formatBulk } from "../report/bulk.ts";
import { formatters } from "../report/index.ts";
import { printable } from "../report/printable.ts";
import { checkDomains, type DomainInput } from "./check-domains.ts";
import type { CliDeps } from "./deps.ts";
import { CliError } from "./errors.ts";
import { checkDomainName, readCatalogFile, readDomainsFile } from "./inputs.ts";
import { type CommonFlags, commonSettings } from "./options.ts";
import { emit, exitCodeFor } from "./output.ts";
import { progressLine } from "./progress.ts";
import { maybeRecord, saveRecording } from "./record.ts";
import { createResolver } from "./resolver.ts";
import { ruleMeta } from "./rule-meta.ts";
import { type TransportFlags, transportRun } from "./transport-flags.ts";
import { packageVersion } from "./version.ts";

/** The flags of `check`. */
export interface CheckFlags extends CommonFlags, TransportFlags {
  domainsFile?: string;
  concurrency: number;
  selector?: string[];
}

/** Entries of the shared cache: enough for a large bulk run's distinct questions. */
const SHARED_CACHE_ENTRIES = 100_000;

async function gatherDomains(args: readonly string[], file: string | undefined, cwd: string): Promise<DomainInput[]> {
  const inputs: DomainInput[] = [];
  const seen = new Set<string>();
  for (const arg of args) {
    const checked = checkDomainName(arg);
    if ("problem" in checked) throw new CliError(`${JSON.stringify(arg)} is not a domain name: ${checked.problem}`);
    if (seen.has(checked.name)) continue;
    seen.add(checked.name);
    inputs.push({ domain: checked.name });
  }
  if (file !== undefined) {
    for (const line of await readDomainsFile(cwd, file)) {
      if (seen.has(line.domain)) continue;
      seen.add(line.domain);
      inputs.push(line);
    }
  }
  if (inputs.length === 0)
    throw new CliError(
      file === undefined ? "give at least one domain, or --domains-file FILE" : `${file} lists no domains`,
    );
  return inputs;
}

/** Runs `check`; returns the exit code. */
export async function checkCommand(domains: readonly string[], flags: CheckFlags, deps: CliDeps): Promise<number> {
  const settings = commonSettings(flags, deps.stdout, deps.env);
  const inputs = await gatherDomains(domains, flags.domainsFile, deps.cwd);
  const catalog = settings.catalog === undefined ? undefined : await readCatalogFile(deps.cwd, settings.catalog);
  const base = await createResolver(settings.resolver, {
    cwd: deps.cwd,
    ...(settings.timeoutMs !== undefined ? { timeoutMs: settings.timeoutMs } : {}),
    ...(flags.dnssec === true ? { dnssec: true } : {}),
  });
  const comment = `email-auth-audit check ${inputs.length === 1 ? inputs[0]?.domain : `(${inputs.length} domains)`}`;
  const recorded = maybeRecord(base, settings.record, deps.cwd, comment);
  const transport = await transportRun(flags, {
    resolver: settings.resolver,
    record: settings.record,
    cwd: deps.cwd,
    comment,
  });
  const options: CheckOptions = {
    resolver: new CachingResolver(recorded.resolver, { maxEntries: SHARED_CACHE_ENTRIES }),
    rules: settings.rules,
    transport: transport.transport,
  };
  // One probe function for the whole run: a host several domains share is probed once.
  if (transport.probe !== undefined) options.probe = transport.probe;
  if (catalog !== undefined) options.catalog = catalog;
  if (settings.maxQueries !== undefined) options.maxQueries = settings.maxQueries;
  if (flags.selector !== undefined) options.selectors = flags.selector;

  const progress = progressLine(deps.stderr);
  const bulk = await checkDomains(inputs, {
    check: deps.checkDomain,
    options,
    concurrency: flags.concurrency,
    version: packageVersion(),
    ...(deps.now ? { now: deps.now } : {}),
    onDone: (entry, done, total) => progress.update(done, total, entry.domain),
  });
  progress.finish();
  await saveRecording(recorded, false, deps);
  await saveRecording({ resolver: recorded.resolver, save: transport.save }, false, deps);

  // A domain the check could not see is "not checked" (docs/audit.md), whatever its findings say.
  const blind = bulk.entries.filter((e) => e.status === "checked" && e.report.summary.blind !== undefined);
  for (const e of blind)
    if (e.status === "checked")
      deps.stderr.write(`error: ${e.domain} was not checked: ${printable(e.report.summary.blind?.reason ?? "")}\n`);
  const notChecked = bulk.summary.failed + blind.length;
  const findings = bulk.entries.flatMap((e) => (e.status === "checked" ? e.report.findings : []));
  const single = domains.length === 1 && flags.domainsFile === undefined ? bulk.entries[0] : undefined;
  if (single !== undefined) {
    if (single.status === "failed") {
      deps.stderr.write(`error: ${single.domain} could not be checked: ${printable(single.error)}\n`);
    } else {
      await emit(
        deps,
        formatters[settings.format](single.report, { color: settings.color, ruleMeta }),
        settings.output,
      );
    }
  } else {
    await emit(deps, formatBulk(bulk, settings.format, { color: settings.color, ruleMeta }), settings.output);
  }
  return exitCodeFor(findings, settings.failOn, notChecked);
}
