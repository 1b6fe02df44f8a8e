import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DnsFixture } from "../../src/dns/fixture/types.ts";
import { DnsResolver } from "../../src/dns/wire/resolver.ts";
import { makeCertificate } from "./certs.ts";
import { type FreshPortOptions, spawnServer, stopChild, waitFor, withFreshPorts } from "./servers.ts";
import { fixtureToZoneFile } from "./zonefile.ts";

export { stopChild } from "./servers.ts";

/** A running process and how to stop it. */
export interface RunningServer {
  port: number;
  dir: string;
  stop(): Promise<void>;
}

/** Options of {@link startKnot}. */
export interface KnotOptions {
  /**
   * Origins whose zones Knot signs with DNSSEC (`dnssec-signing: on`: Knot makes a KSK and a ZSK,
   * ECDSA P-256, and signs the zone when it loads it).
   */
  signed?: string[];
  /** How ports are picked and retried (tests of the helpers give taken ports). */
  ports?: FreshPortOptions;
  /**
   * More `address@port` to listen on besides 127.0.0.1 at the free port, e.g. `127.83.41.7@53` for
   * peers that can only ask port 53 (the system resolver's `nameserver` has no port).
   */
  alsoListen?: string[];
  /** Zone-file text appended to an origin's zone as it is (Knot's own parser reads it). */
  append?: Record<string, string>;
}

/**
 * Starts Knot DNS (`knotd`, Debian package `knot`) on 127.0.0.1, authoritative for `zones`
 * (origin → fixture), and waits until it answers SOA queries. Knot cannot bind port 0 and tell us
 * the port, so it gets a candidate port and is started again on a fresh one when it reports that
 * the port is taken (its TCP socket does not share ports, so a collision always shows).
 */
export function startKnot(zones: Record<string, DnsFixture>, options: KnotOptions = {}): Promise<RunningServer> {
  return withFreshPorts(
    1,
    async ([port = 0]) => {
      const dir = mkdtempSync(join(tmpdir(), "eaa-knot-"));
      try {
        return await startKnotOn(
          port,
          dir,
          zones,
          new Set(options.signed ?? []),
          options.alsoListen ?? [],
          options.append ?? {},
        );
      } catch (error) {
        rmSync(dir, { recursive: true, force: true });
        throw error;
      }
    },
    options.ports,
  );
}

async function startKnotOn(
  port: number,
  dir: string,
  zones: Record<string, DnsFixture>,
  signed: ReadonlySet<string>,
  alsoListen: readonly string[],
  append: Record<string, string>,
): Promise<RunningServer> {
  mkdirSync(join(dir, "db"));
  const zoneEntries: string[] = [];
  for (const [origin, fixture] of Object.entries(zones)) {
    const file = join(dir, `${origin === "." ? "root" : origin}.zone`);
    writeFileSync(file, fixtureToZoneFile(fixture, origin) + (append[origin] ?? ""));
    zoneEntries.push(
      [
        `  - domain: ${origin}`,
        `    file: "${file}"`,
        "    zonefile-sync: -1",
        "    journal-content: none",
        signed.has(origin) ? "    dnssec-signing: on" : "",
      ]
        .filter((l) => l !== "")
        .join("\n"),
    );
  }
  const isRoot = process.getuid?.() === 0;
  const config = [
    "server:",
    `    rundir: "${dir}"`,
    isRoot ? "    user: root:root" : "",
    `    listen: [ ${[`127.0.0.1@${port}`, ...alsoListen].join(", ")} ]`,
    "log:",
    "  - target: stderr",
    "    any: info",
    "database:",
    `    storage: "${join(dir, "db")}"`,
    "zone:",
    ...zoneEntries,
    "",
  ].join("\n");
  const configFile = join(dir, "knot.conf");
  writeFileSync(configFile, config);
  const check = spawnSync("knotc", ["-c", configFile, "conf-check"], { encoding: "utf8" });
  if (check.status !== 0 && check.error === undefined)
    throw new Error(`knot config rejected: ${check.stderr}${check.stdout}`);
  // Knot prints this once it has bound its sockets (and exits saying "cannot bind" when it cannot).
  const server = await spawnServer("knotd", ["-c", configFile], /server started/);
  const origin = Object.keys(zones)[0] ?? ".";
  // The root zone's SOA cannot be asked through our resolvers (an empty name): probe its name server's A.
  const [probeName, probeType] = origin === "." ? ["ns.root.invalid", "A"] : [origin, "SOA"];
  const stop = async () => {
    await stopChild(server.child);
    rmSync(dir, { recursive: true, force: true });
  };
  await probeUntil(
    port,
    300,
    probeName,
    probeType,
    (status, name) => status === "ok" && name === probeName,
    stop,
    server.output,
  );
  return { port, dir, stop };
}

/** Waits until `port` answers `probeName probeType` in a way `ready` accepts; stops the server if it never does. */
export async function probeUntil(
  port: number,
  probeTimeoutMs: number,
  probeName: string,
  probeType: string,
  ready: (status: string, name: string) => boolean,
  stop: () => Promise<void>,
  output: () => string,
): Promise<void> {
  const probe = new DnsResolver({ servers: [`127.0.0.1:${port}`], timeoutMs: probeTimeoutMs, attempts: 1 });
  try {
    await waitFor(
      async () => {
        const answer = await probe.resolve(probeName, probeType);
        return ready(answer.status, answer.name);
      },
      15_000,
      `the server on port ${port} to answer`,
    );
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n${output()}`);
  }
}

/** Options for {@link startDnsdist}. */
export interface DnsdistOptions {
  /** The upstream (Knot) port on 127.0.0.1. */
  upstreamPort: number;
  /** Also serve DNS over HTTPS with a generated certificate. */
  doh?: boolean;
  /** Fixed delay added to every UDP answer, ms. */
  delayMs?: number;
  /** How ports are picked and retried. */
  ports?: FreshPortOptions;
}

/** A running dnsdist: its plain DNS port, its DoH URL and the CA certificate (PEM) that signs it. */
export interface RunningDnsdist extends RunningServer {
  dohUrl: string;
  caPem: string;
}

/**
 * Starts dnsdist (Debian package `dnsdist`) in front of an upstream server; optionally with a DoH
 * listener on a self-signed certificate made with `openssl` (valid for 127.0.0.1 and localhost).
 * Started again on fresh ports when it reports a taken one ("Fatal error: binding socket").
 */
export function startDnsdist(options: DnsdistOptions): Promise<RunningDnsdist> {
  return withFreshPorts(
    2,
    async ([port = 0, dohPort = 0]) => {
      const dir = mkdtempSync(join(tmpdir(), "eaa-dnsdist-"));
      try {
        return await startDnsdistOn(port, dohPort, dir, options);
      } catch (error) {
        rmSync(dir, { recursive: true, force: true });
        throw error;
      }
    },
    options.ports,
  );
}

async function startDnsdistOn(
  port: number,
  dohPort: number,
  dir: string,
  options: DnsdistOptions,
): Promise<RunningDnsdist> {
  const cert = options.doh ? makeCertificate(dir) : undefined;
  const lua = [
    `setLocal('127.0.0.1:${port}')`,
    `newServer({address='127.0.0.1:${options.upstreamPort}', healthCheckMode='up'})`,
    "setSecurityPollSuffix('')",
    cert ? `addDOHLocal('127.0.0.1:${dohPort}', '${cert.certFile}', '${cert.keyFile}', '/dns-query')` : "",
    options.delayMs ? `addAction(AllRule(), DelayAction(${options.delayMs}))` : "",
    "",
  ].join("\n");
  const configFile = join(dir, "dnsdist.conf");
  writeFileSync(configFile, lua);
  // dnsdist prints its ACL after binding every listener ("Fatal error: binding socket" otherwise).
  const server = await spawnServer(
    "dnsdist",
    ["--supervised", "--disable-syslog", "-C", configFile],
    /ACL allowing queries/,
  );
  const stop = async () => {
    await stopChild(server.child);
    rmSync(dir, { recursive: true, force: true });
  };
  // Any DNS answer (the upstream refuses names outside its zones) means dnsdist is up.
  const answered = (status: string) => status !== "timeout" && status !== "error";
  await probeUntil(port, 300 + (options.delayMs ?? 0), "probe.invalid", "A", answered, stop, server.output);
  return { port, dir, dohUrl: `https://127.0.0.1:${dohPort}/dns-query`, caPem: cert?.certPem ?? "", stop };
}
