/** Runs test/spf/pyspf-driver.py (Debian's python3-spf) over fixtures; see the driver for the protocol. */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { DnsFixture } from "../../src/dns/fixture/types.ts";

export const PYTHON = "/usr/bin/python3";
const DRIVER = fileURLToPath(new URL("./pyspf-driver.py", import.meta.url));

/** Is Debian's Python with the spf module installed? */
export function hasPyspf(): boolean {
  if (!existsSync(PYTHON)) return false;
  return spawnSync(PYTHON, ["-c", "import spf"], { stdio: "ignore" }).status === 0;
}

export interface PyspfCheck {
  ip: string;
  sender: string;
  helo: string;
}

export interface PyspfResult {
  result: string;
  explanation: string;
}

/** Evaluates each batch's checks against its fixture with pyspf (one Python process for all). */
export function runPyspf(batches: { fixture: DnsFixture; checks: PyspfCheck[]; maxVoid?: number }[]): PyspfResult[][] {
  const out = spawnSync(PYTHON, [DRIVER], {
    input: JSON.stringify({ batches }),
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    timeout: 120_000,
  });
  if (out.status !== 0) throw new Error(`pyspf driver failed (${out.status}): ${out.stderr}`);
  return JSON.parse(out.stdout) as PyspfResult[][];
}
