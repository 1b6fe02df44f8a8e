/**
 * `email-auth-audit audit --org FILE`: audits an organisation description (JSON or YAML) against
 * DNS and prints the report. An org file that does not validate prints every problem with its JSON
 * path and exits 2.
 */
import { readFile, writeFile } from "node:fs/promises";
import { relative, resolve, sep } from "node:path";
import type { AuditOptions } from "../audit/api.ts";
import { createBaseline, readBaseline } from "../audit/baseline.ts";
import type { AuditReport } from "../audit/report-types.ts";
import { problemLines } from "../org/limits.ts";
import { formatters } from "../report/index.ts";
import type { CliDeps } from "./deps.ts";
import { CliError, messageOf } from "./errors.ts";
import { readExchangeFolder } from "./exchange-input.ts";
import { readCatalogFile, readOrgFile } from "./inputs.ts";
import { type CommonFlags, commonSettings } from "./options.ts";
import { checkOutputs, EXIT, emit, exitCodeFor, settingsInputs } from "./output.ts";
import { maybeRecord, saveRecording } from "./record.ts";
import { dbPath, openDb, sinceDays } from "./reports-db.ts";
import { createResolver } from "./resolver.ts";
import { ruleMeta } from "./rule-meta.ts";
import { type TransportFlags, transportRun } from "./transport-flags.ts";

/** The flags of `audit`. */
export interface AuditFlags extends CommonFlags, TransportFlags {
  org: string;
  /** `--exchange DIR`: Exchange exports audited with the description. */
  exchange?: string;
  /** A report database to reconcile (`--reports DB`), and the window in days (`--since`). */
  reports?: string;
  since?: number;
  baseline?: string;
  writeBaseline?: string;
}

/** `--baseline FILE`: the fingerprints of a baseline file. */
async function readBaselineFile(cwd: string, file: string): Promise<string[]> {
  let data: unknown;
  try {
    data = JSON.parse(await readFile(resolve(cwd, file), "utf8"));
  } catch (error) {
    throw new CliError(`cannot read the baseline ${file}: ${messageOf(error)}`);
  }
  const read = readBaseline(data);
  if (!read.ok) throw new CliError(`${file}: ${read.error}`);
  return read.fingerprints;
}

/** A problem as the organisation loader reports it (`OrgError.problems`). */
interface OrgProblem {
  path: string;
  message: string;
}

/** The problems of an organisation loader's error (any thrown value with a `problems` array), if it is one. */
export function orgProblems(error: unknown): OrgProblem[] | undefined {
  if (typeof error !== "object" || error === null || !("problems" in error)) return undefined;
  const problems = (error as { problems: unknown }).problems;
  if (!Array.isArray(problems)) return undefined;
  return problems.map((p: unknown) => {
    const o = (typeof p === "object" && p !== null ? p : {}) as {
      path?: unknown;
      pointer?: unknown;
      message?: unknown;
    };
    return {
      path: typeof o.path === "string" ? o.path : typeof o.pointer === "string" ? o.pointer || "$" : "$",
      message: typeof o.message === "string" ? o.message : String(p),
    };
  });
}

/** The file's path relative to the working folder, with `/` (a SARIF artifact URI). */
function artifactUri(cwd: string, file: string): string {
  const rel = relative(cwd, resolve(cwd, file));
  return rel.split(sep).join("/");
}

/** Runs `audit`; returns the exit code. */
export async function auditCommand(flags: AuditFlags, deps: CliDeps): Promise<number> {
  const settings = commonSettings(flags, deps.stdout, deps.env);
  // Outputs never replace an input of the run (docs/security.md).
  const inputs = [flags.org, ...settingsInputs(settings)];
  await checkOutputs(deps.cwd, settings, inputs);
  const org = await readOrgFile(deps.cwd, flags.org);
  const catalog = settings.catalog === undefined ? undefined : await readCatalogFile(deps.cwd, settings.catalog);
  const exchange =
    flags.exchange === undefined ? undefined : (await readExchangeFolder(deps.cwd, flags.exchange, deps.stderr)).config;
  const base = await createResolver(settings.resolver, {
    cwd: deps.cwd,
    ...(settings.timeoutMs !== undefined ? { timeoutMs: settings.timeoutMs } : {}),
    ...(flags.dnssec === true ? { dnssec: true } : {}),
  });
  const comment = `email-auth-audit audit --org ${flags.org}`;
  const recorded = maybeRecord(base, settings.record, deps.cwd, comment, inputs);
  const transport = await transportRun(flags, {
    resolver: settings.resolver,
    record: settings.record,
    cwd: deps.cwd,
    comment,
  });
  const options: AuditOptions = { resolver: recorded.resolver, rules: settings.rules, transport: transport.transport };
  if (transport.probe !== undefined) options.probe = transport.probe;
  if (flags.baseline !== undefined) options.baseline = await readBaselineFile(deps.cwd, flags.baseline);
  if (catalog !== undefined) options.catalog = catalog;
  if (exchange !== undefined) options.exchange = exchange;
  if (settings.maxQueries !== undefined) options.maxQueries = settings.maxQueries;

  if (flags.since !== undefined && flags.reports === undefined) throw new CliError("--since needs --reports DB");
  const store = flags.reports === undefined ? undefined : await openDb(dbPath(flags.reports, deps), false);
  if (store !== undefined) {
    const since = sinceDays(flags.since);
    options.reports = { source: store, ...(since !== undefined ? { since } : {}) };
  }
  let report: AuditReport | undefined;
  let failure: unknown;
  try {
    report = await deps.audit(org.data, options);
  } catch (error) {
    failure = error;
  } finally {
    await store?.close();
  }
  await saveRecording(recorded, failure !== undefined, deps);
  await saveRecording({ resolver: recorded.resolver, save: transport.save }, failure !== undefined, deps);
  if (report === undefined) {
    const problems = orgProblems(failure);
    if (problems !== undefined) {
      throw new CliError(
        `${flags.org} is not a valid organisation description (${problems.length} problem${problems.length === 1 ? "" : "s"}):`,
        problemLines(problems.map((p) => `${p.path}: ${p.message}`)),
      );
    }
    throw new CliError(`the audit of ${flags.org} failed: ${messageOf(failure)}`);
  }
  const text = formatters[settings.format](report, {
    color: settings.color,
    width: settings.width,
    ruleMeta,
    artifact: { uri: artifactUri(deps.cwd, flags.org), text: org.text },
  });
  await emit(deps, text, settings.output, inputs);
  if (flags.writeBaseline !== undefined) {
    try {
      await writeFile(resolve(deps.cwd, flags.writeBaseline), `${JSON.stringify(createBaseline(report), null, 2)}\n`);
    } catch (error) {
      throw new CliError(`cannot write the baseline ${flags.writeBaseline}: ${messageOf(error)}`);
    }
  }
  // An audit that could not see is no result: say so, whatever the findings (docs/audit.md).
  const blind = report.summary.blind;
  if (blind !== undefined) {
    deps.stderr.write(
      `error: the audit could not see: ${blind.reason}. Its verdicts are unknown; check the resolver (--resolver) and the network, then run it again.\n`,
    );
    return EXIT.usage;
  }
  return exitCodeFor(report.findings, settings.failOn);
}
