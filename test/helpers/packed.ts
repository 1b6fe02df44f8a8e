/**
 * The package as npm would publish it, packed once per test run whatever the number of test files
 * and workers that need it: the first caller takes a lock (an atomic mkdir) and runs `npm pack` in
 * a copy of the checkout (so that building dist/ never races another test), the others wait for
 * its result. Returns the tarball's path.
 */
import { execFileSync } from "node:child_process";
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
