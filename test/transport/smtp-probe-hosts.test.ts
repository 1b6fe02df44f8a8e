/** probeHosts against a fake server: bounded concurrency, each target once, input order, bad input. */
import { describe, expect, it } from "vitest";
import { probeHosts } from "../../src/transport/smtp/index.ts";
import { dialogue, FAST, fake } from "../helpers/smtp-fake.ts";

describe("probeHosts", () => {
  it("runs at most `concurrency` probes at once, each target once, results in input order", async () => {
    let open = 0;
    let peak = 0;
    const server = await fake(async (conn) => {
      open++;
      peak = Math.max(peak, open);
      conn.write("220 x\r\n");
      await new Promise((r) => setTimeout(r, 60));
      await dialogue(conn);
      open--;
    });
    const hosts = ["a", "b", "c", "d", "e", "f"].map((h) => `${h}.example.test`);
    const targets = [...hosts, "C.example.test."].map((host) => ({ host, port: server.port, address: "127.0.0.1" }));
    const results = await probeHosts(targets, { ...FAST, concurrency: 2 });
    await server.close();
    expect(peak).toBe(2);
    expect(server.conns).toHaveLength(6);
    expect(results.map((r) => r.host)).toEqual([...hosts, "c.example.test"]);
    expect(results.every((r) => r.ok && r.relay.status === "ok")).toBe(true);
  });

  it("never throws on bad input", async () => {
    const weird = [null, 42, { host: "" }, { host: "x.example", port: -1 }] as unknown as string[];
    const results = await probeHosts(weird, { concurrency: Number.NaN });
    expect(results.map((r) => r.ok)).toEqual([false, false, false, false]);
    expect(await probeHosts([], {})).toEqual([]);
    const capped = await probeHosts(["bad host", "x.example"], { maxTargets: 1, relayTest: false });
    expect(capped[1]).toMatchObject({ ok: false, error: "more than 1 targets" });
  });
});
