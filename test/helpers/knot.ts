import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DnsFixture } from "../../src/dns/fixture/types.ts";
import { DnsResolver } from "../../src/dns/wire/resolver.ts";
import { freePort, waitFor } from "./servers.ts";
import { fixtureToZoneFile } from "./zonefile.ts";

/** A running process and how to stop it. */
export interface RunningServer {
  port: number;
  dir: string;
  stop(): Promise<void>;
}

/** Stops a child process started by a test: SIGTERM, then SIGKILL after 3 s. */
export function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const kill = setTimeout(() => child.kill("SIGKILL"), 3000);
    child.once("exit", () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

function collectOutput(child: ChildProcess): () => string {
  let output = "";
  child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  return () => output.slice(-4000);
}

/** Options of {@link startKnot}. */
export interface KnotOptions {
  /**
   * More `address@port` to listen on besides 127.0.0.1 at the free port, e.g. `127.83.41.7@53` for
   * peers that can only ask port 53 (the system resolver's `nameserver` has no port).
   */
  alsoListen?: string[];
}

/**
 * Starts Knot DNS (`knotd`, Debian package `knot`) on 127.0.0.1 at a free port, authoritative for
 * `zones` (origin → fixture), and waits until it answers SOA queries.
 */
export async function startKnot(zones: Record<string, DnsFixture>, options: KnotOptions = {}): Promise<RunningServer> {
  const dir = mkdtempSync(join(tmpdir(), "eaa-knot-"));
  mkdirSync(join(dir, "db"));
  const port = await freePort();
  const zoneEntries: string[] = [];
  for (const [origin, fixture] of Object.entries(zones)) {
    const file = join(dir, `${origin === "." ? "root" : origin}.zone`);
    writeFileSync(file, fixtureToZoneFile(fixture, origin));
    zoneEntries.push(`  - domain: ${origin}\n    file: "${file}"\n    zonefile-sync: -1\n    journal-content: none`);
  }
  const isRoot = process.getuid?.() === 0;
  const config = [
    "server:",
    `    rundir: "${dir}"`,
    isRoot ? "    user: root:root" : "",
    `    listen: [ ${[`127.0.0.1@${port}`, ...(options.alsoListen ?? [])].join(", ")} ]`,
    "log:",
    "  - target: stderr",
    "    any: warning",
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
  const origin = Object.keys(zones)[0] ?? ".";
  // The root zone's SOA cannot be asked through our resolvers (an empty name): probe its name server's A.
  const [probeName, probeType] = origin === "." ? ["ns.root.invalid", "A"] : [origin, "SOA"];
  const stop = await startAndProbe(
    "knotd",
    ["-c", configFile],
    dir,
    port,
    300,
    (status, answer) => status === "ok" && answer === probeName,
    probeName,
    probeType,
  );
  return { port, dir, stop };
}

/**
 * Spawns a DNS server, waits until it answers `probeName probeType` on `port` in a way `ready`
 * accepts, and returns how to stop it (and remove `dir`). Stops it again if it never gets ready.
 */
async function startAndProbe(
  command: string,
  args: string[],
  dir: string,
  port: number,
  probeTimeoutMs: number,
  ready: (status: string, name: string) => boolean,
  probeName: string,
  probeType: string,
): Promise<() => Promise<void>> {
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
  const output = collectOutput(child);
  const probe = new DnsResolver({ servers: [`127.0.0.1:${port}`], timeoutMs: probeTimeoutMs, attempts: 1 });
  try {
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`${command} exited (${child.exitCode}): ${output()}`);
        const answer = await probe.resolve(probeName, probeType);
        return ready(answer.status, answer.name);
      },
      15_000,
      `${command} to answer`,
    );
  } catch (error) {
    await stopChild(child);
    throw new Error(`${(error as Error).message}\n${output()}`);
  }
  return async () => {
    await stopChild(child);
    rmSync(dir, { recursive: true, force: true });
  };
}

/** Options for {@link startDnsdist}. */
export interface DnsdistOptions {
  /** The upstream (Knot) port on 127.0.0.1. */
  upstreamPort: number;
  /** Also serve DNS over HTTPS with a generated certificate. */
  doh?: boolean;
  /** Fixed delay added to every UDP answer, ms. */
  delayMs?: number;
}

/** A running dnsdist: its plain DNS port, its DoH URL and the CA certificate (PEM) that signs it. */
export interface RunningDnsdist extends RunningServer {
  dohUrl: string;
  caPem: string;
}

/**
 * Starts dnsdist (Debian package `dnsdist`) in front of an upstream server; optionally with a DoH
 * listener on a self-signed certificate made with `openssl` (valid for 127.0.0.1 and localhost).
 */
export async function startDnsdist(options: DnsdistOptions): Promise<RunningDnsdist> {
  const dir = mkdtempSync(join(tmpdir(), "eaa-dnsdist-"));
  const port = await freePort();
  const dohPort = await freePort();
  const cert = join(dir, "cert.pem");
  const key = join(dir, "key.pem");
  let caPem = "";
  if (options.doh) {
    const made = spawnSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        key,
        "-out",
        cert,
        "-days",
        "2",
        "-subj",
        "/CN=localhost",
        "-addext",
        "subjectAltName=DNS:localhost,IP:127.0.0.1",
      ],
      { encoding: "utf8" },
    );
    if (made.status !== 0) throw new Error(`openssl failed: ${made.stderr}`);
    caPem = (await import("node:fs")).readFileSync(cert, "utf8");
  }
  const lua = [
    `setLocal('127.0.0.1:${port}')`,
    `newServer({address='127.0.0.1:${options.upstreamPort}', healthCheckMode='up'})`,
    "setSecurityPollSuffix('')",
    options.doh ? `addDOHLocal('127.0.0.1:${dohPort}', '${cert}', '${key}', '/dns-query')` : "",
    options.delayMs ? `addAction(AllRule(), DelayAction(${options.delayMs}))` : "",
    "",
  ].join("\n");
  const configFile = join(dir, "dnsdist.conf");
  writeFileSync(configFile, lua);
  // Any DNS answer (the upstream refuses names outside its zones) means dnsdist is up.
  const answered = (status: string) => status !== "timeout" && status !== "error";
  const stop = await startAndProbe(
    "dnsdist",
    ["--supervised", "--disable-syslog", "-C", configFile],
    dir,
    port,
    300 + (options.delayMs ?? 0),
    answered,
    "probe.invalid",
    "A",
  );
  return { port, dir, dohUrl: `https://127.0.0.1:${dohPort}/dns-query`, caPem, stop };
}
