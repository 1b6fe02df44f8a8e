/**
 * Under a Node.js older than 22.19 the executable prints one line and exits 2, no stack trace.
 * The check itself is a table; the real run uses the machine's own Node (Debian ships 20 on these
 * machines) on the executable as the package ships it (built by tsc into a scratch folder).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MIN_NODE, nodeVersionProblem } from "../../src/cli/node-version.ts";
import { inCI } from "../helpers/servers.ts";

describe("the Node.js version check", () => {
  it.each([
    ["20.20.2", "email-auth-audit needs Node >= 22.19; this is Node 20.20.2"],
    ["22.18.0", "email-auth-audit needs Node >= 22.19; this is Node 22.18.0"],
    ["22.19.0", undefined],
    ["22.20.1", undefined],
    ["24.0.0", undefined],
    ["18.0.0", "email-auth-audit needs Node >= 22.19; this is Node 18.0.0"],
  ])("%s", (version, expected) => {
    expect(nodeVersionProblem(version)).toBe(expected);
  });

  it("matches package.json engines", async () => {
    const pkg = (await import("../../package.json", { with: { type: "json" } })).default as {
      engines: { node: string };
    };
    expect(pkg.engines.node).toBe(`>=${MIN_NODE}`);
  });
});

/** The machine's own Node when it is older than the minimum (what a newcomer runs). */
const oldNode = ["/usr/bin/node", "/usr/local/bin/node"].find((p) => {
  if (!existsSync(p)) return false;
  const v = spawnSync(p, ["--version"], { encoding: "utf8" }).stdout.trim().replace(/^v/, "");
  return nodeVersionProblem(v) !== undefined;
});

describe.runIf(oldNode !== undefined || inCI)("the built executable under an old Node", () => {
  let out: string;
  beforeAll(() => {
    out = mkdtempSync(join(tmpdir(), "eaa-oldnode-"));
    const root = resolve(import.meta.dirname, "../..");
    execFileSync(join(root, "node_modules/.bin/tsc"), ["-p", join(root, "tsconfig.build.json"), "--outDir", out], {
      stdio: "pipe",
    });
  }, 120_000);
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it("prints one line and exits 2", () => {
    if (oldNode === undefined) throw new Error("CI=true but no Node older than 22.19 on this machine");
    const r = spawnSync(oldNode, [join(out, "cli/bin.js"), "--version"], { encoding: "utf8" });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^email-auth-audit needs Node >= 22\.19; this is Node \d+\.\d+\.\d+\n$/);
  });
});
