/**
 * `node --no-warnings scripts/footprint.ts [REV...]`: what installing the package costs a user.
 * For each git revision (default: the working tree), the package is packed as npm would publish
 * it (`npm pack`, its `prepack` build run with this checkout's node_modules) and installed into an
 * empty folder with exactly the production dependencies its lockfile pins (as
 * test/helpers/packed.ts `installPacked` does; from the npm cache, the registry only for what the
 * cache lacks). Prints, per revision: the tarball's size, the package unpacked, the number of
 * packages installed besides it, the duplicated packages (name in more than one version), and the
 * bytes of the whole node_modules (file sizes summed, and disk usage).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeConsumer } from "../test/helpers/packed.ts";

const root = join(import.meta.dirname, "..");
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

/** The package's files at `rev` (or the working tree) in `dir`. */
function checkout(rev: string | undefined, dir: string): void {
  mkdirSync(dir, { recursive: true });
  if (rev === undefined) {
    for (const entry of COPIED) cpSync(join(root, entry), join(dir, entry), { recursive: true });
    return;
  }
  const archive = execFileSync("git", ["-C", root, "archive", rev], { maxBuffer: 1 << 30 });
  execFileSync("tar", ["x", "-C", dir], { input: archive });
}

/** Every installed package (a folder with a package.json under node_modules), as name@version. */
function installed(modules: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of names) {
      if (name.startsWith(".")) continue;
      if (name.startsWith("@")) {
        walk(join(dir, name));
        continue;
      }
      const folder = join(dir, name);
      try {
        const pkg = JSON.parse(readFileSync(join(folder, "package.json"), "utf8")) as { name: string; version: string };
        found.push(`${pkg.name}@${pkg.version}`);
      } catch {
        continue;
      }
      walk(join(folder, "node_modules"));
    }
  };
  walk(modules);
  return found;
}

function bytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += statSync(join(entry.parentPath, entry.name)).size;
  }
  return total;
}

function measure(rev: string | undefined) {
  const dir = mkdtempSync(join(tmpdir(), "eaa-footprint-"));
  try {
    const copy = join(dir, "checkout");
    checkout(rev, copy);
    symlinkSync(join(root, "node_modules"), join(copy, "node_modules"));
    // The build as `prepack` runs it; an older revision may not type-check against today's
    // node_modules (tsc still writes dist/), so its exit code is not a reason to stop.
    spawnSync(join(root, "node_modules/.bin/tsc"), ["-p", "tsconfig.build.json"], { cwd: copy, stdio: "ignore" });
    statSync(join(copy, "dist/index.js"));
    const packed = execFileSync("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", dir], {
      cwd: copy,
      encoding: "utf8",
      env: { ...process.env, npm_config_loglevel: "error" },
    });
    const info = (
      JSON.parse(packed.slice(packed.indexOf("["))) as {
        filename: string;
        size: number;
        unpackedSize: number;
        entryCount: number;
      }[]
    )[0];
    if (info === undefined) throw new Error("npm pack printed nothing");
    const tarball = join(dir, info.filename);
    const consumer = join(dir, "consumer");
    mkdirSync(consumer);
    writeConsumer(consumer, tarball, join(copy, "package-lock.json"));
    const install = spawnSync("npm", ["ci", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts"], {
      cwd: consumer,
      encoding: "utf8",
      env: { ...process.env, npm_config_loglevel: "error" },
    });
    if (install.status !== 0) throw new Error(`npm ci failed:\n${install.stderr}`);
    const modules = join(consumer, "node_modules");
    const all = installed(modules).filter((p) => !p.startsWith("email-auth-audit@"));
    const byName = new Map<string, Set<string>>();
    for (const p of all) {
      const at = p.lastIndexOf("@");
      const name = p.slice(0, at);
      byName.set(name, (byName.get(name) ?? new Set()).add(p.slice(at + 1)));
    }
    const duplicated = [...byName].filter(([, v]) => v.size > 1).map(([k, v]) => `${k} (${[...v].join(", ")})`);
    const disk = execFileSync("du", ["-sk", modules], { encoding: "utf8" }).split("\t")[0];
    return {
      revision: rev ?? "working tree",
      tarballBytes: info.size,
      unpackedBytes: info.unpackedSize,
      files: info.entryCount,
      dependencies: all.length,
      distinct: byName.size,
      duplicated,
      nodeModulesBytes: bytes(modules),
      nodeModulesDiskKiB: Number(disk),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const revs = process.argv.slice(2);
for (const rev of revs.length > 0 ? revs : [undefined])
  process.stdout.write(`${JSON.stringify(measure(rev), null, 2)}\n`);
