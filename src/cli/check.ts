/**
 * `email-auth-audit check <domain...>` and `--domains-file FILE`: checks domains with no
 * organisation description (what they publish, the providers they use, every rule that applies).
 * One domain prints its report; several, a domains file or a bulk format (`jsonl`, `csv`) make a
 * bulk check (check-domains.ts): results written as they finish, in constant memory.
 */
import type { CheckOptions } from "../audit/api.ts";
import { DEFAULT_DOMAIN_TIMEOUT_MS } from "../bulk/check-one.ts";
import { checkDomainName, type DomainInput } from "../bulk/domain-list.ts";
import { CachingResolver } from "../dns/cache.ts";
import { type BulkFormatName, isBulkFormatName } from "../report/bulk.ts";
import { formatters, isFormatName } from "../report/index.ts";
import { printable } from "../report/printable.ts";
import { bulkCheckCommand } from "./check-domains.ts";
import type { CliDeps } from "./deps.ts";
import { CliError, messageOf } from "./errors.ts";
import { readCatalogFile } from "./inputs.ts";
import { type CommonFlags, commonSettings } from "./options.ts";
import { checkOutputs, emit, exitCodeFor, settingsInputs } from "./output.ts";
import { maybeRecord, saveRecording } from "./record.ts";
import { createResolver } from "./resolver.ts";
import { ruleMeta } from "./rule-meta.ts";
import { type TransportFlags, transportRun } from "./transport-flags.ts";

/** The flags of `check`. */
export interface CheckFlags extends Omit<CommonFlags, "format">, TransportFlags {
  /** A report format, or a bulk-only one (`jsonl`, `csv`). */
  format: BulkFormatName;
  domainsFile?: string;
  concurrency: number;
  selector?: string[];
  /** Seconds one domain's check may take in a bulk check. */
  domainTimeout?: number;
  resume?: boolean;
}

function namedDomains(args: readonly string[]): DomainInput[] {
  const inputs: DomainInput[] = [];
  const seen = new Set<string>();
  for (const arg of args) {
    const checked = checkDomainName(arg);
    if ("problem" in checked) throw new CliError(`${JSON.stringify(arg)} is not a domain name: ${checked.problem}`);
    if (seen.has(checked.name)) continue;
    seen.add(checked.name);
    inputs.push({ domain: checked.name });
  }
  return inputs;
}

/** Runs `check`; returns the exit code. */
export async function checkCommand(domains: readonly string[], flags: CheckFlags, deps: CliDeps): Promise<number> {
  if (!isBulkFormatName(flags.format)) throw new CliError(`unknown format ${JSON.stringify(flags.format)}`);
  const reportFormat = isFormatName(flags.format) ? flags.format : undefined;
  const settings = commonSettings({ ...flags, format: reportFormat ?? "json" }, deps.stdout, deps.env);
  const named = namedDomains(domains);
  if (named.length === 0 && flags.domainsFile === undefined)
    throw new CliError("give at least one domain, or --domains-file FILE");
  // `--output` and `--record`: never a symbolic link, a folder or an input of the run (safe-write.ts).
  const inputs = [...settingsInputs(settings), ...(flags.domainsFile !== undefined ? [flags.domainsFile] : [])];
  await checkOutputs(deps.cwd, settings, inputs);
  const catalog = settings.catalog === undefined ? undefined : await readCatalogFile(deps.cwd, settings.catalog);
  const base = await createResolver(settings.resolver, {
    cwd: deps.cwd,
    ...(settings.timeoutMs !== undefined ? { timeoutMs: settings.timeoutMs } : {}),
    ...(flags.dnssec === true ? { dnssec: true } : {}),
  });
  const transport = await transportRun(flags, {
    resolver: settings.resolver,
    record: settings.record,
    cwd: deps.cwd,
    comment: `email-auth-audit check ${named.length === 1 && flags.domainsFile === undefined ? named[0]?.domain : "(several domains)"}`,
  });
  const options: Omit<CheckOptions, "resolver"> = { rules: settings.rules, transport: transport.transport };
  // One probe function for the whole run: a host several domains share is probed once.
  if (transport.probe !== undefined) options.probe = transport.probe;
  if (catalog !== undefined) options.catalog = catalog;
  if (settings.maxQueries !== undefined) options.maxQueries = settings.maxQueries;
  if (flags.selector !== undefined) options.selectors = flags.selector;

  const single = named[0];
  if (
    named.length === 1 &&
    single !== undefined &&
    flags.domainsFile === undefined &&
    reportFormat !== undefined &&
    flags.resume !== true
  ) {
    const code = await checkSingle(
      single.domain,
      reportFormat,
      { ...options, resolver: base },
      { flags, inputs },
      deps,
    );
    await transport.save();
    return code;
  }
  const code = await bulkCheckCommand(
    {
      domains: named,
      ...(flags.domainsFile !== undefined ? { domainsFile: flags.domainsFile } : {}),
      format: flags.format,
      settings,
      resolver: base,
      options,
      concurrency: flags.concurrency,
      domainTimeoutMs:
        flags.domainTimeout === undefined ? DEFAULT_DOMAIN_TIMEOUT_MS : Math.round(flags.domainTimeout * 1000),
      resume: flags.resume === true,
    },
    deps,
  );
  await transport.save();
  return code;
}

/** One domain: its report in the chosen format. */
async function checkSingle(
  domain: string,
  format: NonNullable<ReturnType<typeof commonSettings>["format"]>,
  options: CheckOptions,
  { flags, inputs }: { flags: CheckFlags; inputs: readonly string[] },
  deps: CliDeps,
): Promise<number> {
  const settings = commonSettings({ ...flags, format }, deps.stdout, deps.env);
  const recorded = maybeRecord(options.resolver, settings.record, deps.cwd, `email-auth-audit check ${domain}`);
  let report: Awaited<ReturnType<CliDeps["checkDomain"]>> | undefined;
  let failure: unknown;
  try {
    report = await deps.checkDomain(domain, { ...options, resolver: new CachingResolver(recorded.resolver) });
  } catch (error) {
    failure = error;
  }
  if (report === undefined) {
    await saveRecording(recorded, true, deps);
    deps.stderr.write(`error: ${domain} could not be checked: ${printable(messageOf(failure))}\n`);
    return 1;
  }
  await emit(deps, formatters[format](report, { color: settings.color, ruleMeta }), settings.output, inputs);
  await saveRecording(recorded, false, deps);
  // A domain the check could not see is "not checked" (docs/audit.md), whatever its findings say.
  const blind = report.summary.blind;
  if (blind !== undefined) deps.stderr.write(`error: ${domain} was not checked: ${printable(blind.reason)}\n`);
  return exitCodeFor(report.findings, settings.failOn, blind === undefined ? 0 : 1);
}
