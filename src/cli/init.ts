/**
 * `email-auth-audit init`: drafts an organisation description to start from, from Exchange
 * exports (`--exchange DIR`, init-exchange.ts) or from the DMARC reports in a report database
 * (`--from-reports DB`, init-reports.ts). The YAML goes to standard output or `--output FILE`;
 * each part carries comments saying where it came from and what to confirm.
 */

import { resolve } from "node:path";
import type { Command } from "commander";
import { printable } from "../report/printable.ts";
import type { CliDeps } from "./deps.ts";
import { CliError } from "./errors.ts";
import { initExchangeCommand } from "./init-exchange.ts";
import { initFromReports } from "./init-reports.ts";
import { integer } from "./options.ts";
import { EXIT, emit } from "./output.ts";
import { createResolver, parseResolverSpec, RESOLVER_FORMS } from "./resolver.ts";
import { writeOutput } from "./safe-write.ts";

export interface InitFlags {
  exchange?: string;
  fromReports?: string;
  since?: number;
  name?: string;
  catalog?: string;
  resolver: string;
  timeout?: number;
  output?: string;
}

/** Runs `init`; returns the exit code. */
export async function initCommand(flags: InitFlags, deps: CliDeps): Promise<number> {
  if ((flags.exchange === undefined) === (flags.fromReports === undefined))
    throw new CliError("init needs exactly one source: --exchange DIR or --from-reports DB");
  if (flags.exchange !== undefined)
    return initExchangeCommand(
      {
        exchange: flags.exchange,
        resolver: flags.resolver,
        ...(flags.output !== undefined ? { output: flags.output } : {}),
        ...(flags.name !== undefined ? { name: flags.name } : {}),
        ...(flags.timeout !== undefined ? { timeout: flags.timeout } : {}),
      },
      deps,
    );
  const resolver = await createResolver(parseResolverSpec(flags.resolver), {
    cwd: deps.cwd,
    ...(flags.timeout !== undefined ? { timeoutMs: flags.timeout } : {}),
  });
  const name = flags.name !== undefined ? { name: flags.name } : {};
  const result = await initFromReports(
    {
      db: flags.fromReports as string,
      resolver,
      ...name,
      ...(flags.since !== undefined ? { since: flags.since } : {}),
      ...(flags.catalog !== undefined ? { catalog: flags.catalog } : {}),
    },
    deps,
  );
  if (flags.output === undefined) await emit(deps, result.text, undefined);
  // Never over the reports database the draft was made from.
  else
    await writeOutput(resolve(deps.cwd, flags.output), flags.output, result.text, [
      resolve(deps.cwd, flags.fromReports as string),
    ]);
  for (const p of result.problems) deps.stderr.write(`warning: ${printable(p)}\n`);
  if (flags.output !== undefined)
    deps.stderr.write(
      `wrote ${printable(flags.output)}: check each CONFIRM comment, then run email-auth-audit audit --org ${printable(flags.output)}\n`,
    );
  return EXIT.ok;
}

/** Registers `init` on the program. */
export function registerInitCommand(program: Command, deps: CliDeps, setExit: (code: number) => void): void {
  program
    .command("init")
    .summary("draft an organisation description from Exchange exports or DMARC reports")
    .description(
      "Draft an organisation description (YAML with comments) to start from: from Exchange exports (--exchange DIR, see docs/exchange.md) or from the DMARC aggregate reports of a report database (--from-reports DB, see docs/reports-ingest.md). Each part says where it came from; check every CONFIRM comment before auditing with it.",
    )
    .option("--exchange <dir>", "a folder of Exchange exports (Export-Clixml or ConvertTo-Json)")
    .option("--from-reports <db>", "a report database filled by `email-auth-audit reports import`")
    .option(
      "--since <days>",
      "with --from-reports: only reports that end within the last DAYS days",
      integer(1, 36_500),
    )
    .option("--name <name>", "the organisation's name in the draft")
    .option("--catalog <file>", "extra provider catalog entries (a JSON array)")
    .option(
      "--resolver <spec>",
      `where DNS answers come from (PTR names, DKIM keys, hosts): ${RESOLVER_FORMS}`,
      "system",
    )
    .option("--timeout <ms>", "milliseconds to wait for each DNS attempt", integer(1, 600_000))
    .option("-o, --output <file>", "write the draft to FILE instead of standard output")
    .addHelpText(
      "after",
      "\nExamples:\n  email-auth-audit init --from-reports dmarc-reports.db --since 30 -o org.yaml\n  email-auth-audit init --exchange exports/ -o org.yaml\n",
    )
    .action(async (flags: InitFlags) => setExit(await initCommand(flags, deps)));
}
