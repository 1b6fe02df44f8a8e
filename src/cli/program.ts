/**
 * The `email-auth-audit` command line, built with commander: `audit` and `check`, `--help` for
 * each, `--version`. {@link run} takes the arguments and the injected dependencies and returns the
 * exit code (0 no finding at or above `--fail-on`, 1 findings, 2 usage or input errors), so tests
 * drive it in-process.
 */
import { Command, CommanderError } from "commander";
import { DEFAULT_DOMAIN_TIMEOUT_MS } from "../bulk/check-one.ts";
import { BULK_FORMAT_NAMES } from "../report/bulk.ts";
import { printable } from "../report/printable.ts";
import { type AuditFlags, auditCommand } from "./audit.ts";
import { type CheckFlags, checkCommand } from "./check.ts";
import type { CliDeps } from "./deps.ts";
import { CliError, messageOf } from "./errors.ts";
import { addCommonOptions, integer, list } from "./options.ts";
import { EXIT } from "./output.ts";
import { seconds } from "./units.ts";
import { packageVersion } from "./version.ts";

const EXIT_HELP = `
Exit codes:
  0  no finding at or above --fail-on
  1  findings at or above --fail-on (or a domain that could not be checked)
  2  usage or input error (bad flag, unreadable or invalid file)`;

function buildProgram(deps: CliDeps, setExit: (code: number) => void): Command {
  const hasColors = () => deps.stdout.isTTY === true && (deps.env.NO_COLOR ?? "") === "";
  const program = new Command("email-auth-audit")
    .description("Audit SPF, DKIM and DMARC against the way an organisation really sends mail.")
    .version(packageVersion(), "-v, --version", "print the version")
    .helpOption("-h, --help", "show help")
    .exitOverride()
    .configureOutput({
      writeOut: (s) => deps.stdout.write(s),
      writeErr: (s) => deps.stderr.write(s),
      getOutHasColors: hasColors,
      getErrHasColors: () => deps.stderr.isTTY === true && (deps.env.NO_COLOR ?? "") === "",
    })
    .showHelpAfterError("(add --help for usage)")
    .addHelpText(
      "after",
      `\nExamples:\n  email-auth-audit audit --org org.yaml\n  email-auth-audit check example.com --format markdown\n  email-auth-audit check --domains-file domains.txt --format json --output results.json\n${EXIT_HELP}\n`,
    );

  addCommonOptions(
    program
      .command("audit")
      .summary("audit an organisation description against DNS")
      .description(
        "Audit an organisation description (JSON or YAML: domains, smart hosts, providers, sending paths) against DNS and print the report.",
      )
      .requiredOption("--org <file>", "the organisation description (.json, .yaml or .yml)"),
  )
    .addHelpText(
      "after",
      `\nExamples:\n  email-auth-audit audit --org org.json\n  email-auth-audit audit --org org.yaml --format html --output report.html\n  email-auth-audit audit --org org.json --format sarif --fail-on warning > results.sarif\n  email-auth-audit audit --org org.json --resolver fixture:dns.json\n${EXIT_HELP}\n`,
    )
    .action(async (flags: AuditFlags) => setExit(await auditCommand(flags, deps)));

  const check = addCommonOptions(
    program
      .command("check")
      .summary("check domains with no organisation description")
      .description(
        "Check what domains publish (SPF tree, DMARC, DKIM selectors, MX), infer their providers from DNS, and run every rule that applies without a path description.",
      )
      .argument("[domains...]", "domains to check")
      .option("--domains-file <file>", "check the domains listed in FILE (one a line, # starts a comment)")
      .option("--concurrency <n>", "domains checked at once", integer(1, 1000), 8)
      .option("--selector <name>", "a DKIM selector to try besides the known ones (repeatable; commas allowed)", list)
      .option(
        "--domain-timeout <seconds>",
        "bulk: give up on a domain after this many seconds (it is then reported not checked)",
        seconds(0.001, 86_400),
        DEFAULT_DOMAIN_TIMEOUT_MS / 1000,
      )
      .option("--resume", "bulk, --format jsonl --output FILE: skip the domains FILE (or FILE.partial) already has"),
  )
    .addHelpText(
      "after",
      `\nExamples:\n  email-auth-audit check example.com\n  email-auth-audit check example.com example.org --selector s2024\n  email-auth-audit check --domains-file domains.txt --concurrency 16 --format json -o results.json\n  email-auth-audit check --domains-file top-1m.txt --concurrency 64 --format jsonl -o results.jsonl --resume\n  email-auth-audit check example.com --resolver doh://https://cloudflare-dns.com/dns-query --record example.json\n${EXIT_HELP}\n`,
    )
    .action(async (domains: string[], flags: CheckFlags) => setExit(await checkCommand(domains, flags, deps)));
  // `check` also writes the bulk-only formats (streamed): JSON Lines and CSV.
  check.options.find((o) => o.long === "--format")?.choices(BULK_FORMAT_NAMES);

  return program;
}

/** Runs the command line with `argv` (the arguments after the program name); returns the exit code. */
export async function run(argv: readonly string[], deps: CliDeps): Promise<number> {
  let code: number = EXIT.ok;
  const program = buildProgram(deps, (c) => {
    code = c;
  });
  try {
    await program.parseAsync([...argv], { from: "user" });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    if (error instanceof CliError) {
      deps.stderr.write(
        `error: ${printable(error.message)}\n${error.details.map((d) => `  ${printable(d)}\n`).join("")}`,
      );
      return EXIT.usage;
    }
    deps.stderr.write(`error: ${printable(messageOf(error))}\n`);
    return EXIT.usage;
  }
}
