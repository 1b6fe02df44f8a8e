import { spawnSync } from "node:child_process";
import { createSocket } from "node:dgram";
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

/** A port free for both UDP and TCP on 127.0.0.1 (bound and released, so a small race remains). */
export async function freePort(): Promise<number> {
  for (let tries = 0; tries < 20; tries++) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = createServer();
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => {
        const address = server.address();
        server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
      });
    });
    const udpFree = await new Promise<boolean>((resolve) => {
      const socket = createSocket("udp4");
      socket.once("error", () => resolve(false));
      socket.bind(port, "127.0.0.1", () => socket.close(() => resolve(true)));
    });
    if (udpFree) return port;
  }
  throw new Error("no free port");
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
