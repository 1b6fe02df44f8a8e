/**
 * A throwaway `redis-server` (Debian package `redis-server`) on 127.0.0.1 for tests and
 * benchmarks: no persistence, its own folder. Redis cannot pick its own port (`--port 0` turns
 * TCP off), so a free port is chosen, and another tried when binding fails; the port is then read
 * back from the server (`CONFIG GET port`).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { stopChild } from "./knot.ts";
import { BIND_FAILURE, BindFailure, withFreshPorts } from "./servers.ts";

/** A running Redis. */
export interface RunningRedis {
  port: number;
  url: string;
  stop(): Promise<void>;
}

async function startOnce(port: number, dir: string): Promise<{ child: ChildProcess } | { retry: string }> {
  const child = spawn(
    "redis-server",
    [
      "--port",
      String(port),
      "--bind",
      "127.0.0.1",
      "--save",
      "",
      "--appendonly",
      "no",
      "--dir",
      dir,
      "--loglevel",
      "warning",
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) return { retry: output.slice(-2000) || `redis-server exited (${child.exitCode})` };
    const probe = new Redis(port, "127.0.0.1", {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    probe.on("error", () => {});
    try {
      await probe.connect();
      const reply = (await probe.config("GET", "port")) as string[];
      if (Number(reply[1]) === port) return { child };
    } catch {
      // Not up yet.
    } finally {
      probe.disconnect();
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await stopChild(child);
  return { retry: `redis-server did not answer on port ${port}: ${output.slice(-2000)}` };
}

/** Starts redis-server on a free loopback port (fresh ports tried while it says its port is taken). */
export async function startRedis(): Promise<RunningRedis> {
  const dir = mkdtempSync(join(tmpdir(), "eaa-redis-"));
  try {
    return await withFreshPorts(1, async ([port = 0]) => {
      const started = await startOnce(port, dir);
      if ("retry" in started) {
        if (BIND_FAILURE.test(started.retry)) throw new BindFailure(started.retry);
        throw new Error(`could not start redis-server: ${started.retry}`);
      }
      return {
        port,
        url: `redis://127.0.0.1:${port}`,
        stop: async () => {
          await stopChild(started.child);
          rmSync(dir, { recursive: true, force: true });
        },
      };
    });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
