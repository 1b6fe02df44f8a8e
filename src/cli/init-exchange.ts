/**
 * `email-auth-audit init --exchange DIR`: derives an organisation description from Exchange
 * exports (`readExchangeConfig`, `orgFromExchange`) and writes it as YAML with comments
 * (`orgToYaml`). docs/exchange.md lists the exports to take.
 */
import { resolve } from "node:path";
import type { Resolver } from "../dns/types.ts";
import { orgFromExchange } from "../exchange/org-from-exchange.ts";
import { orgToYaml } from "../exchange/org-yaml.ts";
import { readExchangeConfig } from "../exchange/read.ts";
import type { CliDeps } from "./deps.ts";
import { CliError } from "./errors.ts";

export interface InitExchangeOptions {
  dir: string;
  name?: string;
  resolver: Resolver;
}

/** The description's YAML. */
export async function initFromExchange(
  options: InitExchangeOptions,
  deps: CliDeps,
): Promise<{ text: string; problems: string[] }> {
  const config = await readExchangeConfig(resolve(deps.cwd, options.dir));
  const result = await orgFromExchange(config, {
    resolver: options.resolver,
    ...(options.name !== undefined ? { name: options.name } : {}),
  });
  if (!result.ok)
    throw new CliError(`no organisation description could be derived from ${options.dir}: ${result.error}`);
  return {
    text: orgToYaml(result.org, result.annotations),
    problems: config.problems.map((p) => `${p.file}${p.object ? ` ${p.object}` : ""}: ${p.message}`),
  };
}
