/**
 * The private-Postfix helper's port choice: Postfix cannot bind port 0 (master.cf names the port),
 * so the helper picks one, starts, and retries on another port when the bind fails or when another
 * Postfix shares the port through SO_REUSEPORT (which gives no error at all).
 */
import { createServer, type Server } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { canRunPostfix, listenersOn, type RunningPostfix, startPostfix } from "../helpers/postfix.ts";

const run = canRunPostfix();

describe.runIf(run)("startPostfix port retries", () => {
  const started: RunningPostfix[] = [];
  let holder: Server | null = null;

  afterAll(async () => {
    await Promise.all(started.map((s) => s.stop()));
    holder?.close();
  });

  it("a port held by another process: master fails to bind, the helper retries on another port", async () => {
    holder = createServer(() => {});
    await new Promise<void>((resolve) => holder?.listen(0, "127.0.0.1", resolve));
    const address = holder.address();
    const held = typeof address === "object" && address !== null ? address.port : 0;
    const postfix = await startPostfix({ tls: null, tryPorts: [held] });
    started.push(postfix);
    expect(postfix.port).not.toBe(held);
    expect(listenersOn(postfix.port)).toBe(1);
  }, 90_000);

  it("a port already used by another Postfix (SO_REUSEPORT, no error): detected, retried elsewhere", async () => {
    const first = await startPostfix({ tls: null });
    started.push(first);
    const second = await startPostfix({ tls: null, tryPorts: [first.port] });
    started.push(second);
    expect(second.port).not.toBe(first.port);
    expect(listenersOn(first.port)).toBe(1);
    expect(listenersOn(second.port)).toBe(1);
  }, 90_000);
});
