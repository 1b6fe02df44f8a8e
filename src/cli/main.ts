#!/usr/bin/env node
/**
 * The `email-auth-audit` command. (A stub until the CLI issue lands: it prints its help.)
 */
const HELP = `email-auth-audit: audit SPF, DKIM and DMARC against the way an organisation sends mail.

Usage:
  email-auth-audit --help       this help
  email-auth-audit --version    the version

Commands (audit, check, record) arrive with the command-line issue; until then, use the library:
  import { FixtureResolver, DnsResolver } from "email-auth-audit";
`;

async function version(): Promise<string> {
  const { readFile } = await import("node:fs/promises");
  const pkg = JSON.parse(await readFile(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
  return pkg.version;
}

const args = process.argv.slice(2);
if (args.includes("--version") || args.includes("-v")) {
  console.log(await version());
} else {
  process.stdout.write(HELP);
  process.exitCode = args.length === 0 || args.includes("--help") || args.includes("-h") ? 0 : 2;
}
