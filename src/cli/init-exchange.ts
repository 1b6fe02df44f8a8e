import { realpath } from "node:fs/promises";
import { basename, join, relative, resolve } from "node:path";
import { orgFromExchange, orgToYaml } from "../exchange/index.ts";
import { printable } from "../report/printable.ts";
import type { CliDeps } from "./deps.ts";
import { CliError } from "./errors.ts";
import { readExchangeFolder } from "./exchange-input.ts";
import { EXIT } from "./output.ts";
import { createResolver, parseResolverSpec } from "./resolver.ts";
import { checkOutput, writeOutput } from "./safe-write.ts";

/** The flags of `init --exchange`. */
export interface InitExchangeFlags {
  exchange: string;
  output?: string;
  name?: string;
  resolver: string;
  timeout?: number;
}

async function real(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch {
    return path;
  }
}

/** Refuses an output path that is the exports folder (the files read from it: safe-write.ts). */
async function refuseFolder(output: string, folder: string): Promise<void> {
  if ((await real(output)) === (await real(folder)))
    throw new CliError(`refusing to write ${basename(output)}: it is the exports folder`);
}

/** Runs `init --exchange`; returns the exit code. */
export async function initExchangeCommand(flags: InitExchangeFlags, deps: CliDeps): Promise<number> {
  const spec = parseResolverSpec(flags.resolver);
  const { config, path: folder } = await readExchangeFolder(deps.cwd, flags.exchange, deps.stderr);
  const output = flags.output === undefined ? undefined : resolve(deps.cwd, flags.output);
  const read = config.files.map((f) => join(folder, f.file));
  if (output !== undefined) {
    await refuseFolder(output, folder);
    await checkOutput(output, flags.output ?? output, read);
  }
  const resolver = await createResolver(spec, {
    cwd: deps.cwd,
    ...(flags.timeout !== undefined ? { timeoutMs: flags.timeout } : {}),
  });
  const derived = await orgFromExchange(config, {
    resolver,
    ...(flags.name !== undefined ? { name: flags.name } : {}),
  });
  if (!derived.ok)
    throw new CliError(`no organisation description could be made from ${flags.exchange}: ${derived.error}`);
  const text = orgToYaml(derived.org, derived.annotations);
  if (output === undefined) deps.stdout.write(text);
  else await writeOutput(output, flags.output ?? output, text, read);

  const org = derived.org;
  const confirm = derived.annotations.reduce((n, a) => n + a.confirm.length, 0);
  const count = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  const where = output === undefined ? "standard output" : relative(deps.cwd, output) || output;
  deps.stderr.write(
    `Wrote the organisation description to ${printable(where)}: ${count(org.domains.length, "domain")}, ${count(org.smartHosts?.length ?? 0, "smart host")}, ${count(org.paths.length, "path")}. Check its ${count(confirm, "CONFIRM line")}, then run: email-auth-audit audit --org ${output === undefined ? "<file>" : printable(where)} --exchange ${printable(flags.exchange)}\n`,
  );
  return config.problems.some((p) => p.severity === "error") ? EXIT.findings : EXIT.ok;
}
