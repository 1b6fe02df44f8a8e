/**
 * The `reports` command group: `import`, `summary` and `fetch` (DMARC aggregate and TLS reports
 * into the report database; see reports-db.ts for where it is).
 */
import { type Command, Option } from "commander";
import type { CliDeps } from "./deps.ts";
import { integer } from "./options.ts";
import { DEFAULT_DB } from "./reports-db.ts";
import { DEFAULT_PASSWORD_ENV, type ReportsFetchFlags, reportsFetchCommand } from "./reports-fetch.ts";
import { type ReportsImportFlags, reportsImportCommand } from "./reports-import.ts";
import { type ReportsSummaryFlags, reportsSummaryCommand } from "./reports-summary.ts";

const DB_HELP = `the report database (default: $EMAIL_AUTH_AUDIT_DB, else ./${DEFAULT_DB})`;

const EXIT_HELP = `
Exit codes:
  0  every input imported (or already there)
  1  some input was refused (each is printed with why; the rest was imported)
  2  usage error, or the database or the mailbox could not be opened`;

/** Registers `reports` and its subcommands on the program. */
export function registerReportsCommand(program: Command, deps: CliDeps, setExit: (code: number) => void): void {
  const reports = program
    .command("reports")
    .summary("import and summarise DMARC aggregate and TLS reports")
    .description(
      "Keep DMARC aggregate reports (RFC 7489, RFC 9990) and SMTP TLS reports (RFC 8460) in a local database: import them from files, archives, mail and IMAP, and summarise what they show. `audit --org FILE --reports DB` reconciles them with the organisation description.",
    );

  reports
    .command("import")
    .summary("import reports from files, folders, archives and mail")
    .description(
      "Import every report found in PATH... (.xml, .gz, .zip, .json, .eml, mbox, Maildir and folders walked recursively; - for standard input). Each input is printed with its outcome (imported, duplicate, refused and why); re-importing is harmless.",
    )
    .argument("<paths...>", "files or folders (- for standard input)")
    .option("--db <file>", DB_HELP)
    .addHelpText(
      "after",
      `\nExamples:\n  email-auth-audit reports import ~/Maildir/.DMARC\n  email-auth-audit reports import reports/*.xml.gz --db /var/lib/dmarc/reports.db\n${EXIT_HELP}\n`,
    )
    .action(async (paths: string[], flags: ReportsImportFlags) =>
      setExit(await reportsImportCommand(paths, flags, deps)),
    );

  reports
    .command("summary")
    .summary("what the report database holds")
    .description(
      "Summarise the report database: reports and reporters, messages and DMARC pass rates per From domain, the most voluminous sources, TLS reports, refused inputs.",
    )
    .option("--db <file>", DB_HELP)
    .option("--since <days>", "only reports that end within the last DAYS days", integer(1, 36_500))
    .option("--top <n>", "sources listed", integer(1, 10_000), 15)
    .addOption(new Option("-f, --format <format>", "output format").choices(["text", "json"]).default("text"))
    .action(async (flags: ReportsSummaryFlags) => setExit(await reportsSummaryCommand(flags, deps)));

  reports
    .command("fetch")
    .summary("import the reports in an IMAP folder")
    .description(
      `Import the reports in an IMAP folder (TLS required: imaps://, or imap:// with STARTTLS), then move what was imported to another folder (or flag it). The password is read from the environment variable --password-env names (default ${DEFAULT_PASSWORD_ENV}), never from the command line.`,
    )
    .requiredOption("--imap <url>", "imaps://USER@HOST[:PORT] or imap://USER@HOST[:PORT] (no password in it)")
    .requiredOption("--folder <name>", "the folder to read, e.g. INBOX or DMARC")
    .option("--password-env <var>", "the environment variable holding the password", DEFAULT_PASSWORD_ENV)
    .option("--db <file>", DB_HELP)
    .addOption(
      new Option("--after <action>", "what to do with imported messages").choices(["move", "flag"]).default("move"),
    )
    .option("--move-to <folder>", "where --after move puts them (default: FOLDER.Imported)")
    .option("--ca <file>", "trust this CA certificate (PEM) for the server, besides the system's")
    .option("--max-messages <n>", "messages read per run (default 10000)", integer(1, 1_000_000))
    .addHelpText(
      "after",
      `\nExamples:\n  DMARC_IMAP_PASSWORD=... email-auth-audit reports fetch --imap imaps://dmarc@mail.example.com --folder DMARC\n${EXIT_HELP}\n`,
    )
    .action(async (flags: ReportsFetchFlags) => setExit(await reportsFetchCommand(flags, deps)));
}
