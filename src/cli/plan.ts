/**
 * `email-auth-audit plan --org FILE`: the audit's fixes merged into one set of DNS changes and
 * manual steps, proven by auditing again over them (docs/plan.md). Exit 0 when the audit over the
 * changes has no error finding but those a manual step covers, 1 otherwise (or when changes
 * conflict), 2 on usage and input errors or when the audit could not see.
 */
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { plan as realPlan } from "../plan/plan.ts";
import type { PlanOptions } from "../plan/types.ts";
import { type PlanFormatName, planFormatters } from "../report/plan-formats.ts";
import { orgProblems } from "./audit.ts";
import type { CliDeps } from "./deps.ts";
import { CliError, messageOf } from "./errors.ts";
import { readCatalogFile, readOrgFile } from "./inputs.ts";
import { type CommonFlags, commonSettings } from "./options.ts";
import { EXIT, emit } from "./output.ts";
import { maybeRecord, saveRecording } from "./record.ts";
import { createResolver } from "./resolver.ts";
import { type TransportFlags, transportRun } from "./transport-flags.ts";

/** The flags of `plan`. */
export interface PlanFlags extends Omit<CommonFlags, "format" | "failOn">, TransportFlags {
  org: string;
  format: PlanFormatName;
  flatten?: boolean;
  rua?: string;
  dkimKeys?: string;
}

/** `--dkim-keys FILE`: a JSON object, key name → DKIM key record text. */
async function readDkimKeys(cwd: string, file: string): Promise<Record<string, string>> {
  let data: unknown;
  try {
    data = JSON.parse(await readFile(resolve(cwd, file), "utf8"));
  } catch (error) {
    throw new CliError(`cannot read the DKIM keys file ${file}: ${messageOf(error)}`);
  }
  if (typeof data !== "object" || data === null || Array.isArray(data))
    throw new CliError(
      `${file}: a DKIM keys file is a JSON object of key name → record ("s1._domainkey.example.com": "v=DKIM1; k=rsa; p=...")`,
    );
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [name, record] of Object.entries(data)) {
    if (typeof record !== "string" || !/^[^\s]+\._domainkey\.[^\s]+$/i.test(name) || !/^v=DKIM1/i.test(record.trim()))
      throw new CliError(
        `${file}: ${JSON.stringify(name)} must name <selector>._domainkey.<domain> and hold a "v=DKIM1; ..." record`,
      );
    out[name] = record.trim();
  }
  return out;
}

/** Runs `plan`; returns the exit code. */
export async function planCommand(flags: PlanFlags, deps: CliDeps): Promise<number> {
  const settings = commonSettings({ ...flags, format: "text", failOn: "error" }, deps.stdout, deps.env);
  if (flags.rua !== undefined && !/^mailto:[^\s@,!]+@[^\s@,!]+$/i.test(flags.rua))
    throw new CliError(
      `--rua must be one mailto: URI, such as mailto:dmarc-reports@example.com (got ${JSON.stringify(flags.rua)})`,
    );
  const org = await readOrgFile(deps.cwd, flags.org);
  const catalog = settings.catalog === undefined ? undefined : await readCatalogFile(deps.cwd, settings.catalog);
  const dkimKeys = flags.dkimKeys === undefined ? undefined : await readDkimKeys(deps.cwd, flags.dkimKeys);
  const base = await createResolver(settings.resolver, {
    cwd: deps.cwd,
    ...(settings.timeoutMs !== undefined ? { timeoutMs: settings.timeoutMs } : {}),
  });
  const comment = `email-auth-audit plan --org ${flags.org}`;
  const recorded = maybeRecord(base, settings.record, deps.cwd, comment);
  // The transport checks as audit runs them: an HTTPS fixture beside a DNS fixture, recorded with --record.
  const transport = await transportRun(flags, {
    resolver: settings.resolver,
    record: settings.record,
    cwd: deps.cwd,
    comment,
  });
  const options: PlanOptions = {
    resolver: recorded.resolver,
    rules: settings.rules,
    flatten: flags.flatten === true,
    transport: transport.transport,
  };
  if (transport.probe !== undefined) options.probe = transport.probe;
  if (catalog !== undefined) options.catalog = catalog;
  if (settings.maxQueries !== undefined) options.maxQueries = settings.maxQueries;
  if (flags.rua !== undefined) options.rua = flags.rua;
  if (dkimKeys !== undefined) options.dkimKeys = dkimKeys;

  let result: Awaited<ReturnType<typeof realPlan>> | undefined;
  let failure: unknown;
  try {
    result = await (deps.plan ?? realPlan)(org.data, options);
  } catch (error) {
    failure = error;
  }
  await saveRecording(recorded, failure !== undefined, deps);
  await saveRecording({ resolver: recorded.resolver, save: transport.save }, failure !== undefined, deps);
  if (result === undefined) {
    const problems = orgProblems(failure);
    if (problems !== undefined)
      throw new CliError(
        `${flags.org} is not a valid organisation description (${problems.length} problem${problems.length === 1 ? "" : "s"}):`,
        problems.map((p) => `${p.path}: ${p.message}`),
      );
    throw new CliError(`the plan for ${flags.org} failed: ${messageOf(failure)}`);
  }
  await emit(
    deps,
    planFormatters[flags.format](result, { color: settings.color && flags.format === "text", width: settings.width }),
    settings.output,
  );
  const blind = result.before.summary.blind;
  if (blind !== undefined) {
    deps.stderr.write(
      `error: the audit could not see: ${blind.reason}. No plan can be proven on what it did not see; check the resolver (--resolver) and the network, then run it again.\n`,
    );
    return EXIT.usage;
  }
  return result.summary.status === "unresolved" ? EXIT.findings : EXIT.ok;
}
