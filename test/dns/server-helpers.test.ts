import { createSocket } from "node:dgram";
import { createServer, type Server } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DnsFixture } from "../../src/dns/fixture/types.ts";
import { DnsResolver } from "../../src/dns/wire/resolver.ts";
import { startDnsdist, startKnot } from "../helpers/knot.ts";
import { BindFailure, candidatePort, requireBinary, withFreshPorts } from "../helpers/servers.ts";
import { startUnbound } from "../helpers/unbound.ts";

const zone: DnsFixture = { version: 1, records: { "ports.example": { TXT: ["up"] } } };

/** Holds a TCP port (and its UDP twin) so that a server asked to bind it fails. */
async function holdPort(): Promise<{ port: number; release(): Promise<void> }> {
  const tcp: Server = createServer();
  await new Promise<void>((r) => tcp.listen(0, "127.0.0.1", r));
  const port = (tcp.address() as { port: number }).port;
  const udp = createSocket("udp4");
  await new Promise<void>((r) => {
    udp.once("error", () => r());
    udp.bind(port, "127.0.0.1", r);
  });
  return {
    port,
    release: () =>
      new Promise<void>((r) => {
        udp.close();
        tcp.close(() => r());
      }),
  };
}

describe("withFreshPorts", () => {
  it("retries on a BindFailure with fresh ports, and rethrows anything else", async () => {
    const seen: number[][] = [];
    const result = await withFreshPorts(2, async (ports) => {
      seen.push(ports);
      if (seen.length < 3) throw new BindFailure("taken");
      return "started";
    });
    expect(result).toBe("started");
    expect(seen).toHaveLength(3);
    expect(seen.every((p) => p.length === 2 && p[0] !== p[1])).toBe(true);
    await expect(withFreshPorts(1, () => Promise.reject(new Error("config")))).rejects.toThrow("config");
    await expect(withFreshPorts(1, () => Promise.reject(new BindFailure("x")), { tries: 2 })).rejects.toThrow(
      /no free port after 2 tries/,
    );
  });

  it("candidatePort gives a port nothing listens on", async () => {
    const port = await candidatePort();
    const server = createServer();
    await new Promise<void>((r) => server.listen(port, "127.0.0.1", r));
    await new Promise<void>((r) => server.close(() => r()));
    expect(port).toBeGreaterThan(0);
  });
});

const servers =
  requireBinary("knotd", "knot") && requireBinary("dnsdist", "dnsdist") && requireBinary("unbound", "unbound");

describe.runIf(servers)("servers that cannot bind port 0 are started again when their port is taken", () => {
  let held: Awaited<ReturnType<typeof holdPort>>;
  beforeAll(async () => {
    held = await holdPort();
  });
  afterAll(async () => held?.release());

  /** Gives the taken port first, then fresh candidates; counts what it gave. */
  const takenFirst = () => {
    const given: number[] = [];
    return {
      given,
      pick: async () => {
        const port = given.length === 0 ? held.port : await candidatePort();
        given.push(port);
        return port;
      },
    };
  };

  it("Knot: detects the taken port from its output and comes up on another", async () => {
    const ports = takenFirst();
    const knot = await startKnot({ "ports.example": zone }, { ports });
    try {
      expect(ports.given[0]).toBe(held.port);
      expect(knot.port).not.toBe(held.port);
      const answer = await new DnsResolver({ servers: [`127.0.0.1:${knot.port}`], attempts: 1 }).resolve(
        "ports.example",
        "TXT",
      );
      expect(answer.records).toEqual([["up"]]);
    } finally {
      await knot.stop();
    }
  }, 120_000);

  it("dnsdist and Unbound: the same", async () => {
    const knot = await startKnot({ "ports.example": zone });
    try {
      const forDnsdist = takenFirst();
      const dnsdist = await startDnsdist({ upstreamPort: knot.port, ports: forDnsdist });
      expect(forDnsdist.given.length).toBeGreaterThan(2);
      expect(dnsdist.port).not.toBe(held.port);
      await dnsdist.stop();
      const forUnbound = takenFirst();
      const unbound = await startUnbound({
        upstreamPort: knot.port,
        zones: ["ports.example"],
        trustAnchors: [],
        ports: forUnbound,
      });
      expect(forUnbound.given.length).toBe(2);
      // Unbound asks Knot first: leave room for a loaded machine.
      const answer = await new DnsResolver({
        servers: [`127.0.0.1:${unbound.port}`],
        timeoutMs: 5_000,
        attempts: 2,
      }).resolve("ports.example", "TXT");
      expect(answer.records).toEqual([["up"]]);
      await unbound.stop();
    } finally {
      await knot.stop();
    }
  }, 120_000);
});
