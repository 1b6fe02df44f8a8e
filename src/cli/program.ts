/**
 * The `email-auth-audit` command line, built with commander: `audit` and `check`, `--help` for
 * each, `--version`. {@link run} takes the arguments and the injected dependencies and returns the
 * exit code (0 no finding at or above `--fail-on`, 1 findings, 2 usage or input errors), so tests
 * drive it in-process.
 */
import { Command, CommanderError, Option } from "commander";
import { DEFAULT_DOMAIN_TIMEOUT_MS } from "../bulk/check-one.ts";
import { DEFAULT_ATTEMPTS, DEFAULT_QUEUE_NAME, DEFAULT_RATE_LIMIT } from "../queue/defaults.ts";
import { BULK_FORMAT_NAMES } from "../report/bulk.ts";
import { PLAN_FORMAT_NAMES } from "../report/plan-formats.ts";
import { printable } from "../report/printable.ts";
import { type AuditFlags, auditCommand } from "./audit.ts";
import { type CheckFlags, checkCommand } from "./check.ts";
import { registerDemoCommand } from "./demo.ts";
import type { CliDeps } from "./deps.ts";
import { CliError, messageOf } from "./errors.ts";
import { registerInitCommand } from "./init.ts";
import { addCommonOptions, addInputOptions, addRunOptions, integer, selectorList } from "./options.ts";
import { EXIT } from "./output.ts";
import { type PlanFlags, planCommand } from "./plan.ts";
import type { QueueAddFlags, QueueCollectFlags, QueueStatusFlags } from "./queue.ts";
import { registerReportsCommand } from "./reports.ts";
import { colorWanted } from "./terminal.ts";
import { addTransportOptions } from "./transport-flags.ts";
import { seconds } from "./units.ts";
import { packageVersion } from "./version.ts";
import type { WorkerFlags } from "./worker.ts";

const EXIT_HELP = `
Exit codes:
  0  no finding at or above --fail-on
  1  findings at or above --fail-on (or a domain that could not be checked)
  2  usage or input error (bad flag, unreadable or invalid file)`;

function buildProgram(deps: CliDeps, setExit: (code: number) => void): Command {
  const hasColors = () => colorWanted(deps.stdout, deps.env);
  const program = new Command("email-auth-audit")
    .description("Audit SPF, DKIM and DMARC against the way an organisation really sends mail.")
    .version(packageVersion(), "-v, --version", "print the version")
    .helpOption("-h, --help", "show help")
    .exitOverride()
    .configureOutput({
      writeOut: (s) => deps.stdout.write(s),
      writeErr: (s) => deps.stderr.write(s),
      getOutHasColors: hasColors,
      getErrHasColors: () => colorWanted(deps.stderr, deps.env),
    })
    .showHelpAfterError("(add --help for usage)")
    .addHelpText(
      "after",
      `\nExamples:\n  email-auth-audit demo\n  email-auth-audit audit --org org.yaml\n  email-auth-audit init --exchange exports -o org.yaml\n  email-auth-audit check example.com --format markdown\n  email-auth-audit check --domains-file domains.txt --format json --output results.json\n${EXIT_HELP}\n`,
    );

  addTransportOptions(
    addCommonOptions(
      program
        .command("audit")
        .summary("audit an organisation description against DNS")
        .description(
          "Audit an organisation description (JSON or YAML: domains, smart hosts, providers, sending paths) against DNS and print the report.",
        )
        .requiredOption("--org <file>", "the organisation description (.json, .yaml or .yml)")
        .option(
          "--exchange <dir>",
          "also audit the Exchange configuration exported to DIR (relay, connector TLS, EHLO names, DKIM signing; docs/exchange.md)",
        )
        .option("--reports <db>", "reconcile the DMARC reports of this report database with the description")
        .option("--since <days>", "with --reports: only reports that end within the last DAYS days", integer(1, 36_500))
        .option("--baseline <file>", "findings in this baseline are not new: only new ones count for --fail-on")
        .option("--write-baseline <file>", "write the fingerprints of this audit's findings to FILE (a baseline)"),
    ),
  )
    .addHelpText(
      "after",
      `\nExamples:\n  email-auth-audit audit --org org.json\n  email-auth-audit audit --org org.yaml --format html --output report.html\n  email-auth-audit audit --org org.json --format sarif --fail-on warning > results.sarif\n  email-auth-audit audit --org org.json --resolver fixture:dns.json\n  email-auth-audit audit --org org.yaml --exchange exports\n  email-auth-audit audit --org org.json --probe --probe-host mail.example.com:587\n${EXIT_HELP}\n`,
    )
    .action(async (flags: AuditFlags) => setExit(await auditCommand(flags, deps)));

  addTransportOptions(
    addInputOptions(
      program
        .command("plan")
        .summary("plan the fixes of an audit, proven by auditing again over them")
        .description(
          "Audit an organisation description, merge every fix into one set of DNS changes and manual steps, and audit again over the changes (an overlay of them on the same answers). Prints the paths before and after, then the changes.",
        )
        .requiredOption("--org <file>", "the organisation description (.json, .yaml or .yml)")
        .addOption(
          new Option("-f, --format <format>", "output format (zone: an RFC 1035 zone-file fragment of the changes)")
            .choices(PLAN_FORMAT_NAMES)
            .default("text"),
        )
        .option(
          "--flatten",
          "replace a provider's include by its addresses when a record is still over the lookup limit",
        )
        .option("--rua <uri>", "where DMARC aggregate reports go when a record has none (mailto:...)")
        .option("--dkim-keys <file>", "DKIM key records to publish: a JSON object, key name → record"),
    ),
  )
    .addHelpText(
      "after",
      `\nExamples:\n  email-auth-audit plan --org org.yaml\n  email-auth-audit plan --org org.yaml --format zone -o changes.zone\n  email-auth-audit plan --org org.json --resolver fixture:dns.json --format json\n\nExit codes:\n  0  after the changes, no error finding but those a manual step covers\n  1  errors remain after the changes (or the changes conflict)\n  2  usage or input error, or the audit could not see\n`,
    )
    .action(async (flags: PlanFlags) => setExit(await planCommand(flags, deps)));

  const check = addTransportOptions(
    addCommonOptions(
      program
        .command("check")
        .summary("check domains with no organisation description")
        .description(
          "Check what domains publish (SPF tree, DMARC, DKIM selectors, MX, MTA-STS, TLS-RPT, DANE, BIMI), infer their providers from DNS, and run every rule that applies without a path description.",
        )
        .argument("[domains...]", "domains to check")
        .option("--domains-file <file>", "check the domains listed in FILE (one a line, # starts a comment)")
        .option("--concurrency <n>", "domains checked at once", integer(1, 1000), 8)
        .option(
          "--selector <name>",
          "a DKIM selector to try besides the known ones (repeatable; commas allowed)",
          selectorList,
        )
        .option(
          "--domain-timeout <seconds>",
          "bulk: give up on a domain after this many seconds (it is then reported not checked)",
          seconds(0.001, 86_400),
          DEFAULT_DOMAIN_TIMEOUT_MS / 1000,
        )
        .option("--resume", "bulk, --format jsonl --output FILE: skip the domains FILE (or FILE.partial) already has"),
    ),
  )
    .addHelpText(
      "after",
      `\nExamples:\n  email-auth-audit check example.com\n  email-auth-audit check example.com example.org --selector s2024\n  email-auth-audit check --domains-file domains.txt --concurrency 16 --format json -o results.json\n  email-auth-audit check --domains-file top-1m.txt --concurrency 64 --format jsonl -o results.jsonl --resume\n  email-auth-audit check example.com --resolver doh://https://cloudflare-dns.com/dns-query --record example.json\n  email-auth-audit check example.com --probe --dnssec --resolver udp://127.0.0.1:53\n${EXIT_HELP}\n`,
    )
    .action(async (domains: string[], flags: CheckFlags) => setExit(await checkCommand(domains, flags, deps)));
  // `check` also writes the bulk-only formats (streamed): JSON Lines and CSV.
  check.options.find((o) => o.long === "--format")?.choices(BULK_FORMAT_NAMES);

  registerReportsCommand(program, deps, setExit);
  registerInitCommand(program, deps, setExit);
  addQueueCommands(program, deps, setExit);
  registerDemoCommand(program, deps, setExit);
  return program;
}

/** The Redis queue commands: `queue add | status | collect` and `worker` (BullMQ loads only when they run). */
function addQueueCommands(program: Command, deps: CliDeps, setExit: (code: number) => void): void {
  const redis = (c: Command) =>
    c
      .requiredOption("--redis <url>", "the Redis server: redis://[user:password@]host[:port][/db] (rediss:// for TLS)")
      .option("--queue <name>", "the queue's name (several scans can share one Redis)", DEFAULT_QUEUE_NAME);
  const queue = program
    .command("queue")
    .summary("add domains to the Redis job queue, show its counts, collect the results")
    .description(
      "The Redis job queue (BullMQ) for bulk checks beyond one machine; run `worker` to check what it holds.",
    )
    .addHelpText(
      "after",
      `\nExamples:\n  email-auth-audit queue add --redis redis://10.0.0.5:6379 --domains-file top-1m.txt\n  email-auth-audit queue status --redis redis://10.0.0.5:6379\n  email-auth-audit queue collect --redis redis://10.0.0.5:6379 --wait -o results.jsonl\n`,
    );
  redis(
    queue
      .command("add")
      .summary("enqueue one job per domain (the job id is the domain: adding twice is a no-op)")
      .argument("[domains...]", "domains to add")
      .option("--domains-file <file>", "add the domains listed in FILE (one a line, # starts a comment)")
      .option("--attempts <n>", "attempts per domain before it ends 'not checked'", integer(1, 100), DEFAULT_ATTEMPTS),
  ).action(async (domains: string[], flags: QueueAddFlags) => {
    const { queueAddCommand } = await import("./queue.ts");
    setExit(await queueAddCommand(domains, flags, deps));
  });
  redis(queue.command("status").summary("print how many jobs are waiting, active, delayed, completed, failed"))
    .option("--json", "print the counts as JSON")
    .action(async (flags: QueueStatusFlags) => {
      const { queueStatusCommand } = await import("./queue.ts");
      setExit(await queueStatusCommand(flags, deps));
    });
  redis(
    queue
      .command("collect")
      .summary("write every finished result once (JSON Lines by default)")
      .option("-o, --output <file>", "write to FILE (renamed into place when complete) instead of standard output")
      .addOption(new Option("-f, --format <format>", "output format").choices(BULK_FORMAT_NAMES).default("jsonl"))
      .option("--wait", "first wait until nothing is waiting, active or delayed")
      .option("--remove", "then remove the collected jobs from Redis"),
  ).action(async (flags: QueueCollectFlags) => {
    const { queueCollectCommand } = await import("./queue.ts");
    setExit(await queueCollectCommand(flags, deps));
  });
  redis(
    addRunOptions(
      program
        .command("worker")
        .summary("check domains from the Redis job queue (run any number, on any machines)")
        .option("--concurrency <n>", "domains checked at once by this worker", integer(1, 1000), 8)
        .option(
          "--domain-timeout <seconds>",
          "give up on a domain after this many seconds (retried, then reported not checked)",
          seconds(0.001, 86_400),
          DEFAULT_DOMAIN_TIMEOUT_MS / 1000,
        )
        .option(
          "--rate-limit <n>",
          "most questions per second to the resolver, all workers together (0: no limit)",
          integer(0, 1_000_000),
          DEFAULT_RATE_LIMIT,
        )
        .option("--exit-when-drained", "stop once nothing is waiting, active or delayed")
        .option(
          "--lock-duration <ms>",
          "how long a job stays with a worker that stopped answering before another takes it",
          integer(1000, 3_600_000),
          30_000,
        )
        .option(
          "--selector <name>",
          "a DKIM selector to try besides the known ones (repeatable; commas allowed)",
          selectorList,
        ),
    ),
  )
    .addHelpText(
      "after",
      `\nExamples:\n  email-auth-audit worker --redis redis://10.0.0.5:6379 --concurrency 64 --resolver udp://127.0.0.1:53\n  email-auth-audit worker --redis redis://10.0.0.5:6379 --exit-when-drained\n`,
    )
    .action(async (flags: WorkerFlags) => {
      const { workerCommand } = await import("./worker.ts");
      setExit(await workerCommand(flags, deps));
    });
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
