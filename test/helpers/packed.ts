/**
 * The package as npm would publish it, packed once per test run whatever the number of test files
 * and workers that need it: the first caller takes a lock (an atomic mkdir) and runs `npm pack` in
 * a copy of the checkout (so that building dist/ never races another test), the others wait for
 * its result. Returns the tarball's path.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { inject } from "vitest";

const root = resolve(import.meta.dirname, "../..");
const COPIED = [
  "package.json",
  "package-lock.json",
  "tsconfig.json",
  "tsconfig.build.json",
  "README.md",
  "LICENSE",
  "src",
  "schema",
  "fixtures/examples",
];

function pack(dir: string): string {
  const copy = join(dir, "checkout");
  for (const entry of COPIED) cpSync(join(root, entry), join(copy, entry), { recursive: true });
  symlinkSync(join(root, "node_modules"), join(copy, "node_modules"));
  const out = execFileSync("npm", ["pack", "--json", "--pack-destination", dir], {
    cwd: copy,
    encoding: "utf8",
    env: { ...process.env, npm_config_loglevel: "error" },
  });
  const filename = (JSON.parse(out.slice(out.indexOf("["))) as { filename: string }[])[0]?.filename;
  if (filename === undefined) throw new Error(`npm pack printed no file name: ${out}`);
  return join(dir, filename);
}

export async function packedTarball(): Promise<string> {
  const dir = inject("scratchDir");
  const lock = join(dir, "pack.lock");
  const done = join(dir, "pack.done");
  try {
    mkdirSync(lock);
  } catch {
    const deadline = Date.now() + 300_000;
    while (!existsSync(done)) {
      if (Date.now() > deadline) throw new Error("timed out waiting for another worker's npm pack");
      await new Promise((r) => setTimeout(r, 200));
    }
    const result = readFileSync(done, "utf8");
    if (result.startsWith("ERROR ")) throw new Error(`npm pack failed in another worker: ${result.slice(6)}`);
    return result;
  }
  try {
    const tarball = pack(dir);
    writeFileSync(done, tarball);
    return tarball;
  } catch (error) {
    writeFileSync(done, `ERROR ${(error as Error).message}`);
    throw error;
  }
}

/** An entry of package-lock.json's `packages`. */
interface LockEntry {
  version?: string;
  dev?: boolean;
  link?: boolean;
  dependencies?: Record<string, string>;
  [key: string]: unknown;
}

/**
 * Writes a consumer project into `consumer` whose lockfile holds the packed package (from its
 * tarball) and exactly the production dependencies of the lockfile `lockFile` (this checkout's by
 * default), as a user's install would resolve them. scripts/footprint.ts measures such an install.
 */
export function writeConsumer(consumer: string, tarball: string, lockFile = join(root, "package-lock.json")): void {
  const lock = JSON.parse(readFileSync(lockFile, "utf8")) as {
    packages: Record<string, LockEntry>;
  };
  const self = lock.packages[""] ?? {};
  const spec = `file:${tarball}`;
  const packages: Record<string, LockEntry> = {
    "": { name: "consumer", dependencies: { "email-auth-audit": spec } },
    "node_modules/email-auth-audit": {
      version: self.version,
      resolved: spec,
      dependencies: self.dependencies ?? {},
      bin: self.bin,
      engines: self.engines,
    },
  };
  for (const [key, entry] of Object.entries(lock.packages)) {
    if (key === "" || entry.dev === true || entry.link === true || !key.startsWith("node_modules/")) continue;
    packages[key] = entry;
  }
  writeFileSync(
    join(consumer, "package.json"),
    JSON.stringify({ name: "consumer", private: true, dependencies: { "email-auth-audit": spec } }),
  );
  writeFileSync(
    join(consumer, "package-lock.json"),
    JSON.stringify({ name: "consumer", lockfileVersion: 3, requires: true, packages }, null, 2),
  );
}

/**
 * Installs the packed package into `consumer` as a user's `npm install` would, offline and
 * deterministic: the consumer's lockfile holds the package (from its tarball) and exactly the
 * production dependencies of this checkout's lockfile ({@link writeConsumer}), so `npm ci
 * --offline` takes every tarball from the npm cache that `npm ci` filled, and needs no registry
 * metadata. A dependency the code uses but package.json does not declare is then missing, as it
 * would be for a user.
 */
export function installPacked(consumer: string, tarball: string): void {
  writeConsumer(consumer, tarball);
  const install = spawnSync("npm", ["ci", "--offline", "--no-audit", "--no-fund"], {
    cwd: consumer,
    encoding: "utf8",
    env: { ...process.env, npm_config_loglevel: "error" },
  });
  if (install.status !== 0)
    throw new Error(
      `npm ci --offline of the packed package failed (is the npm cache filled by npm ci?):\n${install.stderr}`,
    );
}
