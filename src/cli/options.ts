/**
 * The flags `audit` and `check` share, declared once for commander, and their values checked and
 * turned into settings the handlers use.
 */

import { type Command, InvalidArgumentError, Option } from "commander";
import type { Severity } from "../common/severity.ts";
import { didYouMean } from "../common/suggest.ts";
import { dkimKeyName } from "../dkim/key-name.ts";
import { FORMAT_NAMES, type FormatName } from "../report/index.ts";
import type { RuleSelection } from "../rules/engine.ts";
import { rules as allRules } from "../rules/index.ts";
import type { OutStream } from "./deps.ts";
import { CliError } from "./errors.ts";
import { parseResolverSpec, RESOLVER_FORMS, type ResolverSpec } from "./resolver.ts";
import { colorWanted, outputWidth } from "./terminal.ts";

/** The raw values commander collects for the common flags. */
export interface CommonFlags {
  format: FormatName;
  output?: string;
  rules?: string[];
  disableRule?: string[];
  failOn: Severity;
  catalog?: string;
  resolver: string;
  timeout?: number;
  maxQueries?: number;
  record?: string;
  color?: boolean;
}

/** A whole number from `min` to `max`, for commander's `argParser`. */
export function integer(min: number, max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min || n > max)
      throw new InvalidArgumentError(`must be a whole number from ${min} to ${max}.`);
    return n;
  };
}

/** Collects a repeatable, comma-separated list (`--rules a,b --rules c`). */
export function list(value: string, previous: string[] | undefined): string[] {
  return [
    ...(previous ?? []),
    ...value
      .split(",")
      .map((s) => s.trim())
      .filter((s) => s !== ""),
  ];
}

/**
 * `--selector`: a repeatable, comma-separated list of DKIM selectors, each checked as the audit
 * would ask it (RFC 6376 §3.1 and §3.6.2.1: labels of letters, digits, `-` and `_`). An invalid one
 * is refused (exit 2), never dropped without a word.
 */
export function selectorList(value: string, previous: string[] | undefined): string[] {
  const selectors = list(value, undefined);
  if (selectors.length === 0) throw new InvalidArgumentError("names no selector.");
  for (const selector of selectors) {
    const name = dkimKeyName(selector, "example.com");
    if (!name.ok)
      throw new InvalidArgumentError(
        `${JSON.stringify(selector)} is not a DKIM selector (dot-separated labels of letters, digits, "-" and "_", at most 63 characters each).`,
      );
  }
  return [...(previous ?? []), ...selectors];
}

/** Checks a `--resolver` value for commander (the error names the flag). */
export function resolverValue(value: string): string {
  try {
    parseResolverSpec(value);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
  return value;
}

/** Declares the common flags on a command. */
export function addCommonOptions(command: Command): Command {
  return addInputOptions(
    command
      .addOption(new Option("-f, --format <format>", "output format").choices(FORMAT_NAMES).default("text"))
      .addOption(
        new Option("--fail-on <severity>", "exit 1 when a finding is at least this severe")
          .choices(["error", "warning", "info"])
          .default("error"),
      ),
  );
}

/** The flags every command shares but the format and `--fail-on` (`plan` has its own). */
export function addInputOptions(command: Command): Command {
  return addRunOptions(command.option("-o, --output <file>", "write the report to FILE instead of standard output"))
    .option(
      "--record <file>",
      "write every DNS answer the run saw to FILE as a fixture (replay with --resolver fixture:FILE)",
    )
    .option("--color", "colour the text report even when standard output is not a terminal")
    .option("--no-color", "never colour the text report");
}

/** What a run checks and how it asks (rules, catalog, resolver, limits): every command that checks, the queue's worker too. */
export function addRunOptions(command: Command): Command {
  return command
    .option("--rules <ids>", "run only these rules (comma-separated; repeatable)", list)
    .option("--disable-rule <id>", "do not run this rule (repeatable; commas allowed)", list)
    .option("--catalog <file>", "extra provider catalog entries (a JSON array)")
    .option("--resolver <spec>", `where DNS answers come from: ${RESOLVER_FORMS}`, resolverValue, "system")
    .option(
      "--timeout <ms>",
      "milliseconds to wait for each DNS attempt (udp, tcp) or request (doh)",
      integer(1, 600_000),
    )
    .option(
      "--max-queries <n>",
      "most DNS questions one audit or domain check may ask (default 2000)",
      integer(1, 1_000_000),
    );
}

/** The settings the handlers use, from the common flags. */
export interface CommonSettings {
  format: FormatName;
  output?: string;
  rules: RuleSelection;
  failOn: Severity;
  catalog?: string;
  resolver: ResolverSpec;
  timeoutMs?: number;
  maxQueries?: number;
  record?: string;
  color: boolean;
  /** The widest a line of the text report may be (src/cli/terminal.ts `outputWidth`). */
  width: number;
}

/**
 * Colours: only for the text format written to standard output; then `--color` / `--no-color`,
 * `FORCE_COLOR`, `NO_COLOR` and whether standard output is a terminal decide, in that order
 * (src/cli/terminal.ts).
 */
export function useColor(
  flags: Pick<CommonFlags, "format" | "output" | "color">,
  stdout: OutStream,
  env: Readonly<Record<string, string | undefined>>,
): boolean {
  if (flags.format !== "text" || flags.output !== undefined) return false;
  return colorWanted(stdout, env, flags.color);
}

/** The width of the text report: the terminal's (or `COLUMNS`) on standard output; `COLUMNS` or 100 in a file. */
export function reportWidth(
  flags: Pick<CommonFlags, "output">,
  stdout: OutStream,
  env: Readonly<Record<string, string | undefined>>,
): number {
  return outputWidth(flags.output === undefined ? stdout : { write: () => true }, env);
}

/** The built-in rule ids (the CLI runs no others). */
function ruleIds(): string[] {
  return allRules.map((r) => r.meta.id);
}

/**
 * The rules `--rules` and `--disable-rule` select. An empty `--rules` and an unknown id are usage
 * errors (with the nearest known id), never "no rules ran, PASS".
 */
export function ruleSelection(flags: { rules?: string[]; disableRule?: string[] }): RuleSelection {
  const rules: RuleSelection = {};
  if (flags.rules !== undefined) {
    // An empty list is a mistake (an unset variable in a script), never "no rules, PASS".
    if (flags.rules.length === 0) throw new CliError("--rules names no rule: give rule ids (docs/rules lists them)");
    rules.only = flags.rules;
  }
  if (flags.disableRule !== undefined) rules.disable = flags.disableRule;
  const known = ruleIds();
  const unknown = [...(rules.only ?? []), ...(rules.disable ?? [])].filter((id) => !known.includes(id));
  if (unknown.length > 0)
    throw new CliError(
      `unknown rule id${unknown.length === 1 ? "" : "s"}: ${unknown.map((id) => `${id}${didYouMean(id, known)}`).join(", ")}`,
    );
  return rules;
}

/** Checks and converts the common flags. */
export function commonSettings(
  flags: CommonFlags,
  stdout: OutStream,
  env: Readonly<Record<string, string | undefined>>,
): CommonSettings {
  const settings: CommonSettings = {
    format: flags.format,
    rules: ruleSelection(flags),
    failOn: flags.failOn,
    resolver: parseResolverSpec(flags.resolver),
    color: useColor(flags, stdout, env),
    width: reportWidth(flags, stdout, env),
  };
  if (flags.output !== undefined) settings.output = flags.output;
  if (flags.catalog !== undefined) settings.catalog = flags.catalog;
  if (flags.timeout !== undefined) settings.timeoutMs = flags.timeout;
  if (flags.maxQueries !== undefined) settings.maxQueries = flags.maxQueries;
  if (flags.record !== undefined) settings.record = flags.record;
  return settings;
}
