import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { createServer } from "node:net";

/** True when a test must not skip for a missing server (CI). */
export const inCI = process.env.CI === "true" || process.env.CI === "1";

/** Is `binary` on PATH (or an absolute path that exists)? */
export function hasBinary(binary: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${binary}`], { stdio: "ignore" }).status === 0;
}

/**
 * Whether a suite that needs `binary` (from Debian package `pkg`) runs. Outside CI a missing binary
 * skips with a message naming the package; under CI=true it fails loudly instead.
 */
export function requireBinary(binary: string, pkg: string): boolean {
  if (hasBinary(binary)) return true;
  const message = `${binary} not found: install the Debian package "${pkg}" (apt-get install -y ${pkg})`;
  if (inCI) throw new Error(`${message}; CI=true, so this suite must run`);
  console.warn(`skipping: ${message}`);
  return false;
}

/**
 * A port the kernel just handed out on 127.0.0.1 (bound to port 0, read back, released). Only a
 * candidate: something else may take it before a server binds it, so servers that cannot bind
 * port 0 themselves are started with {@link withFreshPorts}, which retries on a bind failure.
 */
export function candidatePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/** What Knot, dnsdist, Unbound and Node print when their port is taken. */
export const BIND_FAILURE =
  /address already in use|cannot bind|can't bind|could not open ports|unable to bind|EADDRINUSE/i;

/** A server could not bind its port: {@link withFreshPorts} tries again with fresh ones. */
export class BindFailure extends Error {
  override name = "BindFailure";
}

/** Options of {@link withFreshPorts}. */
export interface FreshPortOptions {
  /** Attempts before giving up. Default 5. */
  tries?: number;
  /** Where candidate ports come from (tests of this helper give taken ones). Default {@link candidatePort}. */
  pick?: () => Promise<number>;
}

/**
 * Starts a server on `count` candidate ports; when `start` throws a {@link BindFailure} (the server
 * said its port was taken), tries again with fresh ports. The server itself detects the collision
 * when it binds, so there is no window in which two servers share a port unnoticed.
 */
export async function withFreshPorts<T>(
  count: number,
  start: (ports: number[]) => Promise<T>,
  options: FreshPortOptions = {},
): Promise<T> {
  const tries = options.tries ?? 5;
  const pick = options.pick ?? candidatePort;
  let last: unknown;
  for (let attempt = 0; attempt < tries; attempt++) {
    const ports: number[] = [];
    while (ports.length < count) {
      const port = await pick();
      if (!ports.includes(port)) ports.push(port);
    }
    try {
      return await start(ports);
    } catch (error) {
      if (!(error instanceof BindFailure)) throw error;
      last = error;
    }
  }
  throw new Error(`no free port after ${tries} tries: ${(last as Error).message}`);
}

/** A spawned server and its recent output. */
export interface SpawnedServer {
  child: ChildProcess;
  output(): string;
}

/**
 * Spawns a server and waits until its output matches `ready` (a line it prints only after binding
 * its ports). Rejects with {@link BindFailure} when it reports a taken port, and with an error when
 * it exits or stays silent for `timeoutMs`; the process is stopped in both cases.
 */
export function spawnServer(
  command: string,
  args: string[],
  ready: RegExp,
  timeoutMs = 15_000,
): Promise<SpawnedServer> {
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
  let text = "";
  const output = () => text.slice(-4000);
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void stopChild(child).then(() => reject(error));
    };
    const check = () => {
      if (settled) return;
      if (BIND_FAILURE.test(text)) return fail(new BindFailure(`${command}: ${output()}`));
      if (ready.test(text)) {
        settled = true;
        clearTimeout(timer);
        resolve({ child, output });
      }
    };
    const timer = setTimeout(
      () => fail(new Error(`${command} did not get ready in ${timeoutMs} ms: ${output()}`)),
      timeoutMs,
    );
    child.stdout?.on("data", (d: Buffer) => {
      text = (text + d.toString()).slice(-64_000);
      check();
    });
    child.stderr?.on("data", (d: Buffer) => {
      text = (text + d.toString()).slice(-64_000);
      check();
    });
    child.once("error", (error) => fail(error));
    child.once("exit", (code, signal) => {
      // Output may still be in flight when the process exits: look at it once more.
      setImmediate(() => {
        check();
        fail(
          BIND_FAILURE.test(text)
            ? new BindFailure(`${command}: ${output()}`)
            : new Error(`${command} exited (${code ?? signal}): ${output()}`),
        );
      });
    });
  });
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

/** Polls `check` until it returns true or `ms` pass. */
export async function waitFor(check: () => Promise<boolean>, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}
