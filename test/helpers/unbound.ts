import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DnsFixture } from "../../src/dns/fixture/types.ts";
import { DnsResolver } from "../../src/dns/wire/resolver.ts";
import { probeUntil, type RunningServer, startKnot } from "./knot.ts";
import { type FreshPortOptions, spawnServer, stopChild, withFreshPorts } from "./servers.ts";

/** Options of {@link startUnbound}. */
export interface UnboundOptions {
  /** The authoritative server (Knot) on 127.0.0.1 that holds every zone. */
  upstreamPort: number;
  /** Zones Unbound asks the upstream for (stub zones). */
  zones: string[];
  /** Trust anchors in presentation format (`zone. DNSKEY 257 3 13 ...` or `zone. DS ...`). */
  trustAnchors: string[];
  /** How ports are picked and retried. */
  ports?: FreshPortOptions;
}

/**
 * Starts Unbound (Debian package `unbound`) as a validating resolver on 127.0.0.1: it asks the
 * upstream for `zones` (stub zones) and validates them from `trustAnchors` (DNSSEC, RFC 4035); it
 * has no root trust anchor, so any zone without an anchor is insecure (answers without AD). Unbound
 * cannot bind port 0 and tell us the port: started again on a fresh port when it reports a taken one
 * (`so-reuseport: no`, so a taken port always shows).
 */
export function startUnbound(options: UnboundOptions): Promise<RunningServer> {
  return withFreshPorts(
    1,
    async ([port = 0]) => {
      const dir = mkdtempSync(join(tmpdir(), "eaa-unbound-"));
      const stop = async () => rmSync(dir, { recursive: true, force: true });
      try {
        const config = [
          "server:",
          "  interface: 127.0.0.1",
          `  port: ${port}`,
          "  do-daemonize: no",
          '  username: ""',
          '  chroot: ""',
          `  directory: "${dir}"`,
          '  pidfile: ""',
          "  use-syslog: no",
          '  logfile: ""',
          "  verbosity: 1",
          "  do-ip6: no",
          "  so-reuseport: no",
          "  access-control: 127.0.0.0/8 allow",
          "  do-not-query-localhost: no",
          '  module-config: "validator iterator"',
          ...options.trustAnchors.map((a) => `  trust-anchor: "${a}"`),
          ...options.zones.flatMap((z) => [
            "stub-zone:",
            `  name: "${z}"`,
            `  stub-addr: 127.0.0.1@${options.upstreamPort}`,
          ]),
          "remote-control:",
          "  control-enable: no",
          "",
        ].join("\n");
        const configFile = join(dir, "unbound.conf");
        writeFileSync(configFile, config);
        const server = await spawnServer("unbound", ["-d", "-c", configFile], /start of service/);
        const stopAll = async () => {
          await stopChild(server.child);
          await stop();
        };
        const probe = options.zones[0] ?? "invalid";
        await probeUntil(port, 1000, probe, "SOA", (status) => status === "ok", stopAll, server.output);
        return { port, dir, stop: stopAll };
      } catch (error) {
        await stop();
        throw error;
      }
    },
    options.ports,
  );
}

/**
 * The key-signing keys (DNSKEY with the SEP flag, RFC 4034 §2.1.1: flags 257) of `zone` as served
 * by the authoritative server on `port`, as Unbound trust anchors.
 */
export async function trustAnchorsOf(port: number, zone: string): Promise<string[]> {
  const resolver = new DnsResolver({ servers: [`127.0.0.1:${port}`], attempts: 1 });
  const answer = await resolver.resolve(zone, "DNSKEY");
  if (answer.status !== "ok") throw new Error(`no DNSKEY for ${zone}: ${answer.status} ${answer.detail ?? ""}`);
  const ksks = answer.records.map(String).filter((key) => key.startsWith("257 "));
  if (ksks.length === 0) throw new Error(`no key-signing key for ${zone}: ${answer.records.join(", ")}`);
  return ksks.map((key) => `${zone}. DNSKEY ${key}`);
}

/** Knot signing some zones, and Unbound validating them in front of it. */
export interface SignedSetup {
  knot: RunningServer;
  unbound: RunningServer;
  stop(): Promise<void>;
}

/**
 * Starts Knot DNS serving `signed` zones signed with DNSSEC (automatic signing, `dnssec-signing: on`)
 * and `unsigned` zones as they are, then Unbound validating the signed ones with their keys as
 * trust anchors (fetched from Knot after it signed them).
 */
export async function startSignedSetup(
  signed: Record<string, DnsFixture>,
  unsigned: Record<string, DnsFixture> = {},
): Promise<SignedSetup> {
  const knot = await startKnot({ ...signed, ...unsigned }, { signed: Object.keys(signed) });
  try {
    const anchors = (await Promise.all(Object.keys(signed).map((zone) => trustAnchorsOf(knot.port, zone)))).flat();
    const unbound = await startUnbound({
      upstreamPort: knot.port,
      zones: [...Object.keys(signed), ...Object.keys(unsigned)],
      trustAnchors: anchors,
    });
    return {
      knot,
      unbound,
      stop: async () => {
        await unbound.stop();
        await knot.stop();
      },
    };
  } catch (error) {
    await knot.stop();
    throw error;
  }
}
