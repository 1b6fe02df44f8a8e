/**
 * The transport flags of `audit` and `check`: `--no-transport` (skip MTA-STS, TLS-RPT, DANE and
 * BIMI), `--probe` and `--probe-host HOST[:PORT]` (SMTP probes of the organisation's own hosts),
 * `--probe-expiry-days N`, and `--dnssec` (ask the resolver for the AD bit, for DANE). With
 * `--resolver fixture:FILE` the run is offline: HTTPS answers come from the HTTPS fixture beside
 * it (`<name>.https.json`), and nothing is fetched when there is none; `--record FILE` records the
 * HTTPS answers beside the DNS recording the same way.
 */
import { readFile, writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { Command } from "commander";
import { type ProbeOptions, parseNamedHost, probeOnce } from "../facts/probes.ts";
import type { TransportOptions } from "../facts/transport.ts";
import { type HttpsFetch, httpsGet } from "../transport/https-fetch.ts";
import { fixtureFetch, offlineFetch, readHttpsFixture, recordHttps } from "../transport/https-fixture.ts";
import { CliError, messageOf } from "./errors.ts";
import { integer, list } from "./options.ts";
import type { ResolverSpec } from "./resolver.ts";

/** The raw values commander collects for the transport flags. */
export interface TransportFlags {
  /** False with `--no-transport`. */
  transport?: boolean;
  probe?: boolean;
  probeHost?: string[];
  probeExpiryDays?: number;
  dnssec?: boolean;
}

/** Declares the transport flags on a command. */
export function addTransportOptions(command: Command): Command {
  return command
    .option("--no-transport", "skip the published transport policies (MTA-STS, TLS-RPT, DANE, BIMI)")
    .option(
      "--probe",
      "probe the organisation's own SMTP servers: MX hosts on 25, smart hosts on 587 and 465 (STARTTLS, certificate, TLS version, AUTH before TLS, open relay; never DATA)",
    )
    .option(
      "--probe-host <host[:port]>",
      "also probe this host (repeatable; commas allowed; without a port: 587 and 465); implies --probe",
      list,
    )
    .option(
      "--probe-expiry-days <n>",
      "report certificates that expire in fewer days than this (default 14)",
      integer(0, 3650),
    )
    .option(
      "--dnssec",
      "ask the resolver for the AD bit (DNSSEC-validated answers), for DANE; the resolver must validate",
    );
}

/** The HTTPS fixture file that goes with a DNS fixture or recording: `dns.json` → `dns.https.json`. */
export function httpsFixtureFileFor(dnsFile: string): string {
  return /\.json$/i.test(dnsFile) ? dnsFile.replace(/\.json$/i, ".https.json") : `${dnsFile}.https.json`;
}

/** Reads an HTTPS fixture; undefined when the file does not exist; a {@link CliError} when it is not valid. */
export async function readHttpsFixtureFile(path: string): Promise<HttpsFetch | undefined> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new CliError(`cannot read the HTTPS fixture ${path}: ${messageOf(error)}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new CliError(`the HTTPS fixture ${path} is not JSON: ${messageOf(error)}`);
  }
  const read = readHttpsFixture(data);
  if (!read.ok)
    throw new CliError(
      `the HTTPS fixture ${path} is not valid:`,
      read.problems.map((p) => `${p.path}: ${p.message}`),
    );
  return fixtureFetch(read.fixture);
}

/** What the transport flags give a run: the audit options, and what to save at its end. */
export interface TransportRun {
  transport: boolean | TransportOptions;
  probe?: ProbeOptions;
  /** Writes the HTTPS recording (with `--record`); call once the run is over. */
  save(): Promise<void>;
}

/** Turns the flags into audit options (reading the HTTPS fixture of an offline run). */
export async function transportRun(
  flags: TransportFlags,
  context: { resolver: ResolverSpec; record?: string | undefined; cwd: string; comment: string },
): Promise<TransportRun> {
  const hosts = flags.probeHost ?? [];
  for (const host of hosts)
    if (parseNamedHost(host) === null)
      throw new CliError(
        `--probe-host ${JSON.stringify(host)} is not a host name or IP address with an optional port (host, host:587, [2001:db8::1]:465)`,
      );
  const run: TransportRun = { transport: flags.transport !== false, save: async () => {} };
  if (flags.probe === true || hosts.length > 0) {
    const probe: ProbeOptions = { probe: probeOnce() };
    if (hosts.length > 0) probe.hosts = hosts;
    if (flags.probeExpiryDays !== undefined) probe.expiryDays = flags.probeExpiryDays;
    run.probe = probe;
  }
  if (flags.transport === false) return run;
  let fetch: HttpsFetch | undefined;
  if (context.resolver.kind === "fixture") {
    const file = resolve(context.cwd, httpsFixtureFileFor(context.resolver.file));
    fetch = (await readHttpsFixtureFile(file)) ?? offlineFetch;
  }
  if (context.record !== undefined) {
    const recorder = recordHttps(fetch ?? httpsGet);
    fetch = recorder.fetch;
    const target = resolve(context.cwd, httpsFixtureFileFor(context.record));
    run.save = async () => {
      if (recorder.size === 0) return;
      try {
        await writeFile(target, `${JSON.stringify(recorder.toFixture(context.comment), null, 2)}\n`);
      } catch (error) {
        throw new CliError(`cannot write the HTTPS recording ${target}: ${messageOf(error)}`);
      }
    };
  }
  if (fetch !== undefined) run.transport = { https: { fetch } };
  return run;
}
